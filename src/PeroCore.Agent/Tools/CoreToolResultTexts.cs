using PeroCore.Agent.Prompts;

namespace PeroCore.Agent.Tools;

/// <summary>
/// What the core tools answer the model (results and errors), in the chat's <c>prompt_language</c>; a call outside a chat
/// (no <see cref="Chat.ChatToolState"/>) answers in English.
/// </summary>
internal sealed record CoreToolResultTexts(
    string Finished,
    string NoMemories,
    string SavedMemoryFormat,
    string ContentEmpty,
    string NoStatusUpdates)
{
    public static CoreToolResultTexts English { get; } = new(
        CoreTools.FinishedMessage,
        "No matching memories.",
        "Saved memory {0}.",
        "'content' must not be empty.",
        "No status updates provided.");

    public static CoreToolResultTexts Chinese { get; } = new(
        "任务已完成，结束循环。",
        "没有找到相关的记忆。",
        "已保存记忆 {0}。",
        "“content” 不能为空。",
        "没有提供任何状态更新。");

    public static CoreToolResultTexts For(PromptLanguage language) => language == PromptLanguage.Chinese ? Chinese : English;
}
