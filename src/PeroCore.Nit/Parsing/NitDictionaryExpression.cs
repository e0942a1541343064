namespace PeroCore.Nit.Parsing;

/// <summary>A dictionary literal <c>{"key": value, name: value}</c>.</summary>
public sealed class NitDictionaryExpression : NitExpression
{
    internal NitDictionaryExpression(IReadOnlyList<KeyValuePair<string, NitExpression>> entries, int line, int column)
        : base(line, column)
    {
        Entries = entries;
    }

    /// <summary>Entries in source order; a repeated key keeps its first position and takes the last value.</summary>
    public IReadOnlyList<KeyValuePair<string, NitExpression>> Entries { get; }
}
