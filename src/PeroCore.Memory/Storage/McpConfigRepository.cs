using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace PeroCore.Memory.Storage;

/// <summary>The <c>mcp_config</c> table.</summary>
public sealed class McpConfigRepository : CrudRepository<McpConfigRecord>
{
    /// <summary>Creates the repository over a database.</summary>
    public McpConfigRepository(PeroDatabase database)
        : base(database, "mcp_config", "MCP server", ["name", "type", "command", "args", "env", "url", "enabled", "created_at", "updated_at"])
    {
    }

    /// <inheritdoc />
    protected override object?[] Values(McpConfigRecord m, long nowMs, bool isInsert) =>
        [m.Name.Trim(), m.Type, m.Command, m.ArgsJson, m.EnvJson, m.Url, m.Enabled,
         isInsert || m.CreatedAt == default ? nowMs : m.CreatedAt.ToUnixTimeMilliseconds(), nowMs];

    /// <inheritdoc />
    protected override McpConfigRecord Map(SqliteDataReader r) => new()
    {
        Id = r.GetInt64(0),
        Name = r.GetString(1),
        Type = r.GetString(2),
        Command = r.GetNullableString(3),
        ArgsJson = r.GetString(4),
        EnvJson = r.GetString(5),
        Url = r.GetNullableString(6),
        Enabled = r.GetInt64(7) != 0,
        CreatedAt = SqliteExtensions.FromMs(r.GetInt64(8)),
        UpdatedAt = SqliteExtensions.FromMs(r.GetInt64(9)),
    };

    /// <inheritdoc />
    protected override string? UniqueName(McpConfigRecord row) => row.Name;

    /// <inheritdoc />
    protected override void Validate(McpConfigRecord m)
    {
        ArgumentNullException.ThrowIfNull(m);
        if (string.IsNullOrWhiteSpace(m.Name))
        {
            throw new ArgumentException("name must not be empty.", nameof(m));
        }

        switch (m.Type)
        {
            case "stdio" when string.IsNullOrWhiteSpace(m.Command):
                throw new ArgumentException("command is required for a stdio MCP server.", nameof(m));
            case "sse" or "http" when !Uri.TryCreate(m.Url, UriKind.Absolute, out _):
                throw new ArgumentException($"url must be an absolute URL for an {m.Type} MCP server.", nameof(m));
            case "stdio" or "sse" or "http":
                break;
            default:
                throw new ArgumentException($"type must be 'stdio', 'sse' or 'http', not '{m.Type}'.", nameof(m));
        }

        JsonText.EnsureValid(m.ArgsJson, "args", JsonValueKind.Array);
        JsonText.EnsureValid(m.EnvJson, "env", JsonValueKind.Object);
    }
}
