using PeroCore.Agent.Chat;
using PeroCore.Agent.Prompts;
using PeroCore.Nit.Tools;

namespace PeroCore.Agent.Mcp;

/// <summary>What the MCP tools answer the model when something fails, in the chat's <c>prompt_language</c>.</summary>
internal sealed record McpTexts(
    string UnknownServerFormat,
    string UnreachableFormat,
    string LostFormat,
    string TimedOutFormat,
    string ToolErrorFormat,
    string Truncated)
{
    public static McpTexts English { get; } = new(
        "MCP server '{0}' is not configured or not enabled.",
        "MCP server '{0}' could not be reached: {1}",
        "MCP server '{0}' stopped during the call; the next call restarts it. ({1})",
        "MCP tool '{0}' on server '{1}' timed out after {2} s.",
        "Error invoking MCP tool {0}: {1}",
        "…[truncated]");

    public static McpTexts Chinese { get; } = new(
        "MCP 服务器“{0}”未配置或未启用。",
        "无法连接 MCP 服务器“{0}”：{1}",
        "MCP 服务器“{0}”在调用中停止了，下次调用会重新启动它。（{1}）",
        "MCP 服务器“{1}”上的工具“{0}”在 {2} 秒后超时。",
        "调用 MCP 工具 {0} 出错：{1}",
        "…[已截断]");

    public static McpTexts For(NitToolCall? call) =>
        call is not null && ChatToolState.From(call)?.Language == PromptLanguage.Chinese ? Chinese : English;
}
