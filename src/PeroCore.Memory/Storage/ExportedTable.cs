namespace PeroCore.Memory.Storage;

/// <summary>A table in an export: its record <paramref name="Kind"/>, the columns that identify a row, and the secret columns left out.</summary>
/// <param name="Table">The SQL table.</param>
/// <param name="Kind">The <c>kind</c> of its records.</param>
/// <param name="Identity">The columns that identify a row (a record whose identity exists already is not written again).</param>
/// <param name="Secrets">Columns never exported (API keys, environment variables of MCP servers).</param>
public sealed record ExportedTable(string Table, string Kind, IReadOnlyList<string> Identity, IReadOnlyList<string>? Secrets = null)
{
    /// <summary>Columns never exported.</summary>
    public IReadOnlyList<string> SecretColumns => Secrets ?? [];
}
