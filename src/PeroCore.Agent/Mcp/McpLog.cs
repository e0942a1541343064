using Microsoft.Extensions.Logging;

namespace PeroCore.Agent.Mcp;

/// <summary>Log messages of the MCP client.</summary>
internal static partial class McpLog
{
    [LoggerMessage(EventId = 4100, Level = LogLevel.Information, Message = "MCP server '{Server}' connected ({Transport}, {ToolCount} tools).")]
    public static partial void Connected(ILogger logger, string server, McpTransportKind transport, int toolCount);

    [LoggerMessage(EventId = 4101, Level = LogLevel.Warning, Message = "MCP server '{Server}' could not be reached: {Reason}")]
    public static partial void ConnectFailed(ILogger logger, string server, string reason);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Warning, Message = "MCP server '{Server}' closed its session; the next call reconnects.")]
    public static partial void Lost(ILogger logger, string server);

    [LoggerMessage(EventId = 4103, Level = LogLevel.Information, Message = "MCP server '{Server}' stopped.")]
    public static partial void Stopped(ILogger logger, string server);
}
