using PeroCore.Agent.Prompts;
using PeroCore.Nit;

namespace PeroCore.Agent.Chat;

/// <summary>The fixed texts the agent shows or sends, in the prompt library's language (NIT feedback and tool docs included).</summary>
internal sealed record ChatTexts(
    string Preparing,
    string LoadingTools,
    string ThinkingFormat,
    string CallingToolFormat,
    string EmptyOutput,
    string Breaker,
    string InjectedFormat,
    string TurnLimit,
    string LlmFailed,
    string ReflectionHintFormat,
    string ShuttingDown,
    string ToolNotFoundFormat,
    string BadArgumentsFormat,
    string SkippedAfterFinish,
    NitFeedbackTexts Nit)
{
    public static ChatTexts English { get; } = new(
        "Gathering memories and thoughts...",
        "Loading tools...",
        "Thinking (turn {0})...",
        "Using ability: {0}...",
        "⚠️ The AI returned no content. Please check the network connection and the API key configuration.",
        "[System notice] Three steps in a row have failed. Stop using tools now, drop this task, and tell the owner plainly what went wrong.",
        "[Owner's instant instruction]: {0}",
        "⚠️ The task was stopped after {0} steps.",
        "The LLM request failed.",
        "[Reflection hint] The last step may have gone wrong. Advice: {0}",
        "The server is shutting down, so this answer was cut off. Your message has been saved; send it again once the server is back.",
        "Error: Tool '{0}' not found or not supported.",
        "Error: Failed to parse arguments: {0}. Please ensure arguments are valid JSON.",
        "Skipped: the task was already finished.",
        NitFeedbackTexts.English);

    public static ChatTexts Chinese { get; } = new(
        "正在整理记忆和思绪...",
        "正在加载工具...",
        "正在思考 (第 {0} 轮)...",
        "正在调用能力: {0}...",
        "⚠️ AI 没有返回有效内容。请检查网络连接或 API Key 配置。",
        "【系统提示】已经连续三步失败了。现在请停止使用工具，放下这个任务，并如实告诉主人哪里出了问题。",
        "【主人即时指令】: {0}",
        "⚠️ 任务在 {0} 轮后被停止。",
        "LLM 请求失败。",
        "【反思提示】上一步可能出了问题。建议：{0}",
        "服务器正在关闭，这条回复被中断了。你的消息已保存；服务器恢复后请再发送一次。",
        "错误：工具 '{0}' 不存在或不受支持。",
        "错误：参数解析失败：{0}。请确认参数是有效的 JSON。",
        "已跳过：任务已经结束。",
        NitFeedbackTexts.Seed with
        {
            Glossary = CoreToolTexts.Chinese.Concat(BuiltInToolTexts.Chinese).DistinctBy(e => e.Key, StringComparer.Ordinal).ToDictionary(StringComparer.Ordinal),
            ArgsLabel = "参数",
            AliasesLabel = "别名",
            NoArguments = "无",
            AnyArguments = "任意",
            TruncatedMarker = "...（已截断）",
            SafetyTruncationNote = "...【已被 NIT 安全机制截断】",
            Rewrites = NitErrorTexts.Chinese,
        });

    /// <summary>Appended (on its own line) to a text cut to its budget.</summary>
    public string Truncated => "\n" + Nit.TruncatedMarker;


    public static ChatTexts For(PromptLanguage language) => language == PromptLanguage.Chinese ? Chinese : English;
}
