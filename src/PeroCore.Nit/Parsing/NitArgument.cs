namespace PeroCore.Nit.Parsing;

/// <summary>A keyword argument <c>name=value</c> of a call.</summary>
public sealed class NitArgument : NitNode
{
    internal NitArgument(string name, NitExpression value, int line, int column)
        : base(line, column)
    {
        Name = name;
        Value = value;
    }

    /// <summary>The argument name as written.</summary>
    public string Name { get; }

    /// <summary>The argument value (never a call).</summary>
    public NitExpression Value { get; }
}
