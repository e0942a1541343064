namespace PeroCore.Nit.Parsing;

/// <summary>The type of a <see cref="NitLiteral"/>.</summary>
public enum NitLiteralKind
{
    /// <summary>A <see cref="string"/>.</summary>
    String,

    /// <summary>A <see cref="long"/>, or a <see cref="System.Numerics.BigInteger"/> when it does not fit.</summary>
    Integer,

    /// <summary>A <see cref="double"/>.</summary>
    Float,

    /// <summary>A <see cref="bool"/> (<c>true</c>/<c>false</c> in any case).</summary>
    Boolean,

    /// <summary><see langword="null"/> (<c>null</c> or <c>None</c> in any case).</summary>
    Null,
}
