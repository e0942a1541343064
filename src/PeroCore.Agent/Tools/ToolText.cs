using PeroCore.Agent.Chat;
using PeroCore.Agent.Prompts;
using PeroCore.Nit.Tools;

namespace PeroCore.Agent.Tools;

/// <summary>
/// What the built-in tools answer, in the chat's prompt language: each call site gives its English and Chinese text
/// side by side. A call outside a chat answers in English.
/// </summary>
internal static class ToolText
{
    /// <summary>The language of the call's chat (English outside a chat).</summary>
    public static PromptLanguage LanguageOf(NitToolCall call) => ChatToolState.From(call)?.Language ?? PromptLanguage.English;

    /// <summary>The text in the call's language, formatted with <paramref name="args"/>.</summary>
    public static string Say(NitToolCall call, string english, string chinese, params object?[] args)
    {
        var format = LanguageOf(call) == PromptLanguage.Chinese ? chinese : english;
        return args.Length == 0 ? format : string.Format(System.Globalization.CultureInfo.InvariantCulture, format, args);
    }

    /// <summary>A tool failure the model reads (the registry reports the message as <c>Error: …</c>).</summary>
    public static InvalidOperationException Fail(NitToolCall call, string english, string chinese, params object?[] args) =>
        new(Say(call, english, chinese, args));

    /// <summary>Cuts <paramref name="text"/> to <paramref name="max"/> characters, marking the cut.</summary>
    public static string Cut(NitToolCall call, string text, int max)
    {
        if (text.Length <= max)
        {
            return text;
        }

        var end = max;
        if (end > 0 && char.IsHighSurrogate(text[end - 1]))
        {
            end--;
        }

        return text[..end] + Say(call, "\n[… cut: {0} of {1} characters shown]", "\n[……已截断：显示 {0}/{1} 个字符]", end, text.Length);
    }
}
