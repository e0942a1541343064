namespace PeroCore.Agent.Mcp;

/// <summary>
/// One MCP server the agent may use: a process spoken to over stdio, or an HTTP endpoint (Streamable HTTP, or legacy
/// SSE). Immutable; <see cref="Signature"/> tells whether a changed configuration needs a new connection.
/// </summary>
public sealed record McpServerDefinition
{
    /// <summary>The server's unique name (the NIT plugin name: <c>name.tool(...)</c>).</summary>
    public required string Name { get; init; }

    /// <summary>How to reach it.</summary>
    public McpTransportKind Transport { get; init; } = McpTransportKind.Stdio;

    /// <summary>The executable of a stdio server, started with <see cref="Arguments"/> as an argument list (never a shell).</summary>
    public string? Command { get; init; }

    /// <summary>Arguments of a stdio server.</summary>
    public IReadOnlyList<string> Arguments { get; init; } = [];

    /// <summary>Environment variables set for a stdio server, over the server's own environment.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>The endpoint of an HTTP or SSE server.</summary>
    public Uri? Url { get; init; }

    /// <summary>Headers sent to an HTTP or SSE server (Authorization, API keys).</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>Everything that decides the connection, as one string (equal signatures can share a connection).</summary>
    public string Signature =>
        string.Join('\u001f', [Name, Transport.ToString(), Command ?? string.Empty, string.Join('\u001e', Arguments),
            string.Join('\u001e', Environment.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => e.Key + "=" + e.Value)),
            Url?.ToString() ?? string.Empty,
            string.Join('\u001e', Headers.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => e.Key + "=" + e.Value))]);
}
