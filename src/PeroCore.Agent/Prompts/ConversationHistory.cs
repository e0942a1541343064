using Microsoft.Extensions.AI;
using PeroCore.Memory.Storage;

namespace PeroCore.Agent.Prompts;

/// <summary>
/// Turns stored <c>conversation_log</c> rows into chat history for a prompt: each row is cleaned with
/// <see cref="HistoryTextCleaner"/> (empty ones dropped), and the tail that the client re-sent in the request is removed
/// so it appears once.
/// </summary>
public static class ConversationHistory
{
    /// <summary>How many log rows the original system loads (80).</summary>
    public const int DefaultLimit = 80;

    /// <summary>
    /// Loads the last <paramref name="limit"/> rows of <c>(source, sessionId)</c>, cleans them and removes the part the
    /// request repeats (see <see cref="RemoveResentTail"/>).
    /// </summary>
    public static async Task<List<ChatMessage>> LoadAsync(PeroStore store, string source, string sessionId, IReadOnlyList<ChatMessage> requestMessages,
        int limit = DefaultLimit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(requestMessages);
        var rows = await store.Logs.ListSessionAsync(source, sessionId, limit, cancellationToken: cancellationToken).ConfigureAwait(false);
        return RemoveResentTail(FromLog(rows), requestMessages);
    }

    /// <summary>Cleans log rows into messages in the given order; rows empty after cleaning are dropped.</summary>
    public static List<ChatMessage> FromLog(IEnumerable<ConversationLogEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var messages = new List<ChatMessage>();
        foreach (var entry in entries)
        {
            var text = HistoryTextCleaner.Clean(entry.Content);
            if (text.Length == 0)
            {
                continue;
            }

            var role = entry.Role.Trim().ToUpperInvariant() switch
            {
                "ASSISTANT" => ChatRole.Assistant,
                "SYSTEM" => ChatRole.System,
                "TOOL" => ChatRole.Assistant, // A stored tool line has no call id to pair with; keep its text as context.
                _ => ChatRole.User,
            };
            messages.Add(new ChatMessage(role, text));
        }

        return messages;
    }

    /// <summary>
    /// Clients may re-send the end of the conversation with a new message. When a suffix of <paramref name="history"/>
    /// (starting at some index) equals the beginning of <paramref name="request"/> (same roles, same trimmed text), the
    /// history is cut at that index; the earliest such index wins, so the longest repeated part is removed. Otherwise
    /// the history is returned unchanged.
    /// </summary>
    public static List<ChatMessage> RemoveResentTail(IReadOnlyList<ChatMessage> history, IReadOnlyList<ChatMessage> request)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(request);
        if (request.Count == 0 || history.Count == 0)
        {
            return [.. history];
        }

        var historyKeys = history.Select(Key).ToArray();
        var requestKeys = request.Select(Key).ToArray();
        for (var i = Math.Max(0, history.Count - request.Count); i < history.Count; i++)
        {
            if (historyKeys.AsSpan(i).SequenceEqual(requestKeys.AsSpan(0, history.Count - i)))
            {
                return history.Take(i).ToList();
            }
        }

        return [.. history];
    }

    private static (string Role, string Text) Key(ChatMessage message) =>
        (message.Role.Value, HistoryTextCleaner.Clean(message.Text));
}
