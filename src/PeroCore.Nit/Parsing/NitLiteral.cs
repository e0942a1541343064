namespace PeroCore.Nit.Parsing;

/// <summary>A constant: string, integer, float, boolean or null.</summary>
public sealed class NitLiteral : NitExpression
{
    internal NitLiteral(NitLiteralKind kind, object? value, int line, int column)
        : base(line, column)
    {
        Kind = kind;
        Value = value;
    }

    /// <summary>The literal's type.</summary>
    public NitLiteralKind Kind { get; }

    /// <summary>
    /// The runtime value: <see cref="string"/>, <see cref="long"/>, <see cref="System.Numerics.BigInteger"/>,
    /// <see cref="double"/>, <see cref="bool"/> or <see langword="null"/>.
    /// </summary>
    public object? Value { get; }
}
