namespace PeroCore.Nit.Parsing;

/// <summary>
/// One statement: a bare call (<see cref="Target"/> is <see langword="null"/>, <see cref="Value"/> is a
/// <see cref="NitCall"/>) or an assignment <c>$target = value</c>, whose right-hand side may be a call or,
/// in profile R, any value.
/// </summary>
public sealed class NitStatement : NitNode
{
    internal NitStatement(string? target, NitExpression value, int line, int column)
        : base(line, column)
    {
        Target = target;
        Value = value;
    }

    /// <summary>The assigned variable's name without <c>$</c>, or <see langword="null"/> for a bare call.</summary>
    public string? Target { get; }

    /// <summary>The right-hand side (always a <see cref="NitCall"/> for a bare call).</summary>
    public NitExpression Value { get; }

    /// <summary>True for <c>$x = ...</c>.</summary>
    public bool IsAssignment => Target is not null;

    /// <summary>The call this statement makes, or <see langword="null"/> for a value assignment.</summary>
    public NitCall? Call => Value as NitCall;
}
