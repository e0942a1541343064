namespace PeroCore.Agent.Mcp;

/// <summary>A connected MCP server and the tools it offers.</summary>
/// <param name="Name">The server's name.</param>
/// <param name="Transport">How it is reached.</param>
/// <param name="Tools">Its tools' own names.</param>
public sealed record McpServerStatus(string Name, McpTransportKind Transport, IReadOnlyList<string> Tools);
