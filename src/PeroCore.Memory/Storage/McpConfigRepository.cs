using System.Data;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace PeroCore.Memory.Storage;

/// <summary>The <c>mcp_config</c> table.</summary>
public sealed class McpConfigRepository : CrudRepository<McpConfigRecord>
{
    /// <summary>Creates the repository over a database.</summary>
    public McpConfigRepository(PeroDatabase database)
        : base(database, "mcp_config", "MCP server", ["name", "type", "command", "args", "env", "url", "enabled", "created_at", "updated_at", "headers"])
    {
    }

    /// <inheritdoc />
    protected override object?[] Values(McpConfigRecord m, long nowMs, bool isInsert) =>
        [m.Name.Trim(), m.Type, m.Command, m.ArgsJson, m.EnvJson, m.Url, m.Enabled,
         isInsert || m.CreatedAt == default ? nowMs : m.CreatedAt.ToUnixTimeMilliseconds(), nowMs, m.HeadersJson];

    /// <inheritdoc />
    protected override McpConfigRecord Map(SqliteDataReader r) => new()
    {
        Id = r.GetInt64("id"),
        Name = r.GetString("name"),
        Type = r.GetString("type"),
        Command = r.GetNullableString("command"),
        ArgsJson = r.GetString("args"),
        EnvJson = r.GetString("env"),
        Url = r.GetNullableString("url"),
        Enabled = r.GetInt64("enabled") != 0,
        CreatedAt = SqliteExtensions.FromMs(r.GetInt64("created_at")),
        UpdatedAt = SqliteExtensions.FromMs(r.GetInt64("updated_at")),
        HeadersJson = r.GetString("headers"),
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
        JsonText.EnsureValid(m.HeadersJson, "headers", JsonValueKind.Object);
    }
}
