namespace PeroCore.Nit.Parsing;

/// <summary>A list literal <c>[v1, v2, ...]</c>.</summary>
public sealed class NitListExpression : NitExpression
{
    internal NitListExpression(IReadOnlyList<NitExpression> items, int line, int column)
        : base(line, column)
    {
        Items = items;
    }

    /// <summary>The items in source order.</summary>
    public IReadOnlyList<NitExpression> Items { get; }
}
