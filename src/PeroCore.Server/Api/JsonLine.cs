namespace PeroCore.Server.Api;

/// <summary>One line of a JSON Lines input: its number (from 1), its bytes (no line break, no BOM), or that it was too long.</summary>
/// <param name="Number">The line number.</param>
/// <param name="Bytes">The line's bytes (valid until the next line is read); empty when <paramref name="TooLong"/>.</param>
/// <param name="TooLong">The line was longer than the reader's limit and was skipped.</param>
internal readonly record struct JsonLine(long Number, ReadOnlyMemory<byte> Bytes, bool TooLong);
