using PeroCore.Agent.Mcp;

namespace PeroCore.Server.Configuration;

/// <summary>Section <c>Mcp</c>: the MCP client (servers from <c>/api/mcp</c>) and PeroCore's own MCP endpoint (<c>/mcp</c>).</summary>
[SettingsSection("Mcp")]
internal sealed class McpOptions
{
    /// <summary><c>Mcp:ConnectTimeoutSeconds</c>: how long starting an MCP server and its handshake may take.</summary>
    [IntegerRange(1, 600)]
    public int ConnectTimeoutSeconds { get; set; } = 30;

    /// <summary><c>Mcp:CallTimeoutSeconds</c>: how long one MCP tool call may take.</summary>
    [IntegerRange(1, 3600)]
    public int CallTimeoutSeconds { get; set; } = 30;

    /// <summary><c>Mcp:ServerEnabled</c>: serve the memory tools to MCP clients at <c>/mcp</c> (behind the API key).</summary>
    public bool ServerEnabled { get; set; } = true;

    /// <summary>The client's options.</summary>
    public McpBridgeOptions ToBridgeOptions() => new()
    {
        ConnectTimeout = TimeSpan.FromSeconds(ConnectTimeoutSeconds),
        CallTimeout = TimeSpan.FromSeconds(CallTimeoutSeconds),
    };
}
