using Microsoft.Extensions.AI;

namespace PeroCore.Memory.Recall;

/// <summary>
/// What a recall searches for: a text, or the latest turns of a conversation (memory spec §3.1). A conversation's
/// latest user, assistant and tool texts are embedded and mixed with weights 0.5 / 0.35 / 0.15 (renormalised over the
/// parts present), then normalised to unit length (a fix: the original did not); the latest user text (or the latest
/// text of any kind) is the full-text query. Built by the engine from a <see cref="RecallRequest"/>.
/// </summary>
public sealed record RecallQuery
{
    /// <summary>Weight of the latest user text.</summary>
    public const float UserWeight = 0.5f;

    /// <summary>Weight of the latest assistant text.</summary>
    public const float AssistantWeight = 0.35f;

    /// <summary>Weight of the latest tool text.</summary>
    public const float ToolWeight = 0.15f;

    private RecallQuery(string text, string? userText, string? assistantText, string? toolText, bool fromConversation)
    {
        Text = text;
        UserText = userText;
        AssistantText = assistantText;
        ToolText = toolText;
        IsConversation = fromConversation;
    }

    /// <summary>The full-text query (and, for a plain query, the text that is embedded).</summary>
    public string Text { get; }

    /// <summary>The latest user text of the conversation, if any.</summary>
    public string? UserText { get; }

    /// <summary>The latest assistant text of the conversation, if any.</summary>
    public string? AssistantText { get; }

    /// <summary>The latest tool text of the conversation, if any.</summary>
    public string? ToolText { get; }

    /// <summary>Whether the query vector is the weighted mix of the conversation's parts.</summary>
    public bool IsConversation { get; }

    /// <summary>Length of the user part.</summary>
    public int UserLength => UserText?.Length ?? 0;

    /// <summary>Length of the assistant part.</summary>
    public int AssistantLength => AssistantText?.Length ?? 0;

    /// <summary>A plain text query.</summary>
    public static RecallQuery ForText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new RecallQuery(text, null, null, null, fromConversation: false);
    }

    /// <summary>
    /// The query of a conversation (oldest message first; texts are used as given, so clean them first), or null
    /// when no user, assistant or tool message has text.
    /// </summary>
    public static RecallQuery? FromConversation(IReadOnlyList<ChatMessage> conversation)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        string? user = null, assistant = null, tool = null;
        for (var i = conversation.Count - 1; i >= 0 && (user is null || assistant is null || tool is null); i--)
        {
            var m = conversation[i];
            var text = m.Text ?? string.Empty;
            if (text.Length == 0)
            {
                continue;
            }

            if (m.Role == ChatRole.User && user is null)
            {
                user = text;
            }
            else if (m.Role == ChatRole.Assistant && assistant is null)
            {
                assistant = text;
            }
            else if (m.Role == ChatRole.Tool && tool is null)
            {
                tool = text;
            }
        }

        var first = user ?? assistant ?? tool;
        return first is null ? null : new RecallQuery(first, user, assistant, tool, fromConversation: true);
    }

    /// <summary>The same query with another full-text query.</summary>
    internal RecallQuery WithText(string text) => new(text, UserText, AssistantText, ToolText, IsConversation);

    /// <summary>The texts to embed and their weights (user, assistant, tool; the parts present).</summary>
    internal IReadOnlyList<(string Text, float Weight)> Parts()
    {
        if (!IsConversation)
        {
            return [(Text, 1f)];
        }

        var parts = new List<(string Text, float Weight)>(3);
        if (UserText is not null)
        {
            parts.Add((UserText, UserWeight));
        }

        if (AssistantText is not null)
        {
            parts.Add((AssistantText, AssistantWeight));
        }

        if (ToolText is not null)
        {
            parts.Add((ToolText, ToolWeight));
        }

        return parts;
    }
}
