namespace PeroCore.Memory.Storage;

/// <summary>An MCP server the agent may use as a tool source.</summary>
public sealed record McpConfigRecord
{
    /// <summary>Row id (0 before it is saved).</summary>
    public long Id { get; init; }

    /// <summary>Unique display name.</summary>
    public required string Name { get; init; }

    /// <summary><c>stdio</c>, <c>sse</c> or <c>http</c>.</summary>
    public string Type { get; init; } = "stdio";

    /// <summary>Executable for stdio servers.</summary>
    public string? Command { get; init; }

    /// <summary>JSON array of arguments.</summary>
    public string ArgsJson { get; init; } = "[]";

    /// <summary>JSON object of environment variables.</summary>
    public string EnvJson { get; init; } = "{}";

    /// <summary>JSON object of HTTP headers sent to sse/http servers (Authorization, API keys).</summary>
    public string HeadersJson { get; init; } = "{}";

    /// <summary>Endpoint for sse/http servers.</summary>
    public string? Url { get; init; }

    /// <summary>Whether the agent uses it.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>Creation time.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>Last change.</summary>
    public DateTimeOffset UpdatedAt { get; init; }
}
