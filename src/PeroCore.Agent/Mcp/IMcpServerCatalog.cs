namespace PeroCore.Agent.Mcp;

/// <summary>Where the enabled MCP servers are configured (the host reads the <c>mcp_config</c> table).</summary>
public interface IMcpServerCatalog
{
    /// <summary>The enabled servers, by name.</summary>
    Task<IReadOnlyList<McpServerDefinition>> ListEnabledAsync(CancellationToken cancellationToken);
}
