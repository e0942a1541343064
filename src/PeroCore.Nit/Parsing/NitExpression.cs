namespace PeroCore.Nit.Parsing;

/// <summary>
/// A value or a call: <see cref="NitCall"/>, <see cref="NitLiteral"/>, <see cref="NitVariableReference"/>,
/// <see cref="NitListExpression"/> or <see cref="NitDictionaryExpression"/>.
/// </summary>
public abstract class NitExpression : NitNode
{
    private protected NitExpression(int line, int column)
        : base(line, column)
    {
    }
}
