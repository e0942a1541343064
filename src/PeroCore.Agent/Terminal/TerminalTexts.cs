using PeroCore.Agent.Chat;
using PeroCore.Agent.Prompts;
using PeroCore.Nit.Tools;

namespace PeroCore.Agent.Terminal;

/// <summary>What the terminal tool answers the model, in the chat's <c>prompt_language</c>.</summary>
internal sealed record TerminalTexts(
    string BlockedFormat,
    string DeniedFormat,
    string OutsideWorkspaceFormat,
    string NotStartedFormat,
    string TimedOutFormat,
    string ExitCodeFormat,
    string Truncated)
{
    public static TerminalTexts English { get; } = new(
        "Refused by the command auditor: {0}.",
        "The owner did not approve the command (denied or no answer within {0} s); it was not run.",
        "The working folder must be inside the workspace (got '{0}').",
        "The command could not be started: {0}",
        "The command was stopped after {0} s.",
        "Exit code {0}.",
        "…[truncated]");

    public static TerminalTexts Chinese { get; } = new(
        "命令审查拒绝执行：{0}。",
        "主人没有批准这条命令（拒绝或 {0} 秒内没有回应），命令未执行。",
        "工作目录必须在工作区内（收到“{0}”）。",
        "命令无法启动：{0}",
        "命令运行 {0} 秒后被终止。",
        "退出码 {0}。",
        "…[已截断]");

    public static TerminalTexts For(NitToolCall call) =>
        ChatToolState.From(call)?.Language == PromptLanguage.Chinese ? Chinese : English;
}
