using PeroCore.Agent.Tools;
using PeroCore.Nit.Tools;

namespace PeroCore.Agent.Mcp;

/// <summary>
/// The <c>mcp_bridge(server, tool, arguments)</c> tool: calls any tool of a configured MCP server by name (the server is
/// started on first use). Each server's own tools are registered next to it by <see cref="McpBridge"/>.
/// </summary>
public sealed class McpToolSource(McpBridge bridge) : IToolSource
{
    /// <summary>The tool's name.</summary>
    public const string BridgeTool = "mcp_bridge";

    /// <inheritdoc />
    public IEnumerable<NitTool> CreateTools()
    {
        ArgumentNullException.ThrowIfNull(bridge);
        yield return NitTool.Create(BridgeTool)
            .InPlugin(McpBridge.BridgePlugin, "MCP", "Tools of the MCP servers the owner configured.")
            .WithDescription("Calls a tool of a configured MCP server.")
            .WithParameter("server", NitParameterType.String, "The MCP server's name.", required: true)
            .WithParameter("tool", NitParameterType.String, "The tool's name on that server.", required: true)
            .WithOptionalParameter("arguments", NitParameterType.Object, null, "The tool's arguments, as an object.")
            .WithTimeout(TimeSpan.FromMinutes(2))
            .Handle(async (call, ct) => (object?)await bridge.CallAsync(
                call.GetString("server") ?? string.Empty,
                call.GetString("tool") ?? string.Empty,
                call.GetObject("arguments") ?? new Dictionary<string, object?>(),
                McpTexts.For(call),
                ct).ConfigureAwait(false))
            .Build();
    }
}
