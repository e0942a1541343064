namespace PeroCore.Agent.Mcp;

/// <summary>Limits of the MCP client.</summary>
public sealed class McpBridgeOptions
{
    /// <summary>How long starting a server and the MCP handshake may take (default 30 s).</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long one tool call may take (default 30 s, the original's timeout).</summary>
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest tool result kept, in characters (longer ones are cut and marked).</summary>
    public int MaxResultLength { get; set; } = 100_000;
}
