namespace PeroCore.Nit.Parsing;

/// <summary>Base of every AST node: the 1-based line and code-point column where the node starts.</summary>
public abstract class NitNode
{
    private protected NitNode(int line, int column)
    {
        Line = line;
        Column = column;
    }

    /// <summary>1-based line in the script.</summary>
    public int Line { get; }

    /// <summary>1-based column, counted in Unicode code points.</summary>
    public int Column { get; }
}
