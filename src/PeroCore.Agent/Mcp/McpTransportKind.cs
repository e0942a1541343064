namespace PeroCore.Agent.Mcp;

/// <summary>How an MCP server is reached.</summary>
public enum McpTransportKind
{
    /// <summary>A local process speaking newline-delimited JSON-RPC on its standard input and output.</summary>
    Stdio,

    /// <summary>Streamable HTTP (one endpoint, POST plus optional event streams).</summary>
    Http,

    /// <summary>
    /// The original's <c>sse</c> type: Streamable HTTP first, then the legacy HTTP+SSE protocol when the endpoint
    /// does not speak it.
    /// </summary>
    Sse,
}
