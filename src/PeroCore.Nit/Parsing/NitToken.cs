namespace PeroCore.Nit.Parsing;

/// <summary>One token. <see cref="Value"/> is the text of names and strings, or the boxed number.</summary>
internal readonly record struct NitToken(NitTokenType Type, object? Value, int Line, int Column)
{
    public string Text => Value as string ?? string.Empty;
}
