namespace PeroCore.Nit.Parsing;

/// <summary>A <c>$name</c> reference, evaluated when its statement runs.</summary>
public sealed class NitVariableReference : NitExpression
{
    internal NitVariableReference(string name, int line, int column)
        : base(line, column)
    {
        Name = name;
    }

    /// <summary>The name without <c>$</c>; never empty, may start with a digit.</summary>
    public string Name { get; }
}
