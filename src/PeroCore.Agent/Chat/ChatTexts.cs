using PeroCore.Agent.Prompts;

namespace PeroCore.Agent.Chat;

/// <summary>The fixed texts the agent shows or sends, in the prompt library's language.</summary>
internal sealed record ChatTexts(
    string Preparing,
    string LoadingTools,
    string ThinkingFormat,
    string CallingToolFormat,
    string EmptyOutput,
    string Breaker,
    string InjectedFormat,
    string TurnLimit,
    string LlmFailed)
{
    public static ChatTexts English { get; } = new(
        "Gathering memories and thoughts...",
        "Loading tools...",
        "Thinking (turn {0})...",
        "Using ability: {0}...",
        "⚠️ The AI returned no content. Please check the network connection and the API key configuration.",
        "[System intervention] You have failed 3 times in a row. Stop all further thinking and tool calls now, give up the current task, and tell the owner honestly why it failed.",
        "[Owner's instant instruction]: {0}",
        "⚠️ The task was stopped after {0} steps.",
        "The LLM request failed.");

    public static ChatTexts Chinese { get; } = new(
        "正在整理记忆和思绪...",
        "正在加载工具...",
        "正在思考 (第 {0} 轮)...",
        "正在调用能力: {0}...",
        "⚠️ AI 没有返回有效内容。请检查网络连接或 API Key 配置。",
        "【系统紧急干预】监测到你已经连续操作失败 3 次。请立即停止任何后续的思考与工具调用，放弃当前任务，并主动向主人汇报失败原因。",
        "【主人即时指令】: {0}",
        "⚠️ 任务在 {0} 轮后被停止。",
        "LLM 请求失败。");

    public static ChatTexts For(PromptLanguage language) => language == PromptLanguage.Chinese ? Chinese : English;
}
