using System.Globalization;
using System.Text;
using System.Text.Json;

namespace PeroCore.Agent.Prompts;

/// <summary>
/// The machine-readable frame around recalled memories in the system prompt, compatible with the original system:
/// <code>
/// &lt;!-- PERO_RAG_BLOCK_START {"type": "rag_block", "timestamp": "...", "query_context": {"user_len": 5, "assistant_len": 0}, "memory_ids": [3, 1]} --&gt;
/// - first memory
/// - second memory
/// &lt;!-- PERO_RAG_BLOCK_END --&gt;
/// </code>
/// The header JSON is ASCII-only (non-ASCII escaped). Memory text is put on one line each, and any <c>&lt;!--</c> or
/// <c>--&gt;</c> inside it is defused so a memory can never close or forge the frame.
/// </summary>
public static class RagBlock
{
    /// <summary>The start marker (followed by a space, the JSON header and <c> --&gt;</c>).</summary>
    public const string StartMarker = "<!-- PERO_RAG_BLOCK_START";

    /// <summary>The end marker.</summary>
    public const string EndMarker = "<!-- PERO_RAG_BLOCK_END -->";

    /// <summary>Formats the block, or returns null when <paramref name="memories"/> is empty (use the no-memories text then).</summary>
    /// <param name="memories">The memories, most relevant first.</param>
    /// <param name="timestamp">When the recall happened.</param>
    /// <param name="userLength">Length of the last user message used as query.</param>
    /// <param name="assistantLength">Length of the last assistant message used as query.</param>
    public static string? Format(IReadOnlyList<RecalledMemory> memories, DateTimeOffset timestamp, int userLength = 0, int assistantLength = 0)
    {
        ArgumentNullException.ThrowIfNull(memories);
        if (memories.Count == 0)
        {
            return null;
        }

        var sb = new StringBuilder(256 + memories.Sum(m => m.Content.Length + 4));
        sb.Append(StartMarker).Append(' ');
        sb.Append("{\"type\": \"rag_block\", \"timestamp\": ")
          .Append('"').Append(timestamp.ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture)).Append('"')
          .Append(", \"query_context\": {\"user_len\": ").Append(userLength.ToString(CultureInfo.InvariantCulture))
          .Append(", \"assistant_len\": ").Append(assistantLength.ToString(CultureInfo.InvariantCulture))
          .Append("}, \"memory_ids\": [");
        for (var i = 0; i < memories.Count; i++)
        {
            if (i > 0)
            {
                sb.Append(", ");
            }

            sb.Append(memories[i].Id.ToString(CultureInfo.InvariantCulture));
        }

        sb.Append("]} -->\n");
        foreach (var memory in memories)
        {
            sb.Append("- ").Append(OneLine(memory.Content)).Append('\n');
        }

        sb.Append(EndMarker);
        return sb.ToString();
    }

    /// <summary>
    /// Reads the memory ids from the first block in <paramref name="text"/>; false when there is no well-formed block.
    /// </summary>
    public static bool TryReadMemoryIds(string text, out IReadOnlyList<long> memoryIds)
    {
        memoryIds = [];
        ArgumentNullException.ThrowIfNull(text);
        var start = text.IndexOf(StartMarker, StringComparison.Ordinal);
        if (start < 0)
        {
            return false;
        }

        var jsonStart = start + StartMarker.Length;
        var close = text.IndexOf("-->", jsonStart, StringComparison.Ordinal);
        if (close < 0)
        {
            return false;
        }

        try
        {
            using var doc = JsonDocument.Parse(text.AsMemory(jsonStart, close - jsonStart));
            if (doc.RootElement.ValueKind != JsonValueKind.Object || !doc.RootElement.TryGetProperty("memory_ids", out var ids) || ids.ValueKind != JsonValueKind.Array)
            {
                return false;
            }

            memoryIds = ids.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.Number && e.TryGetInt64(out _)).Select(e => e.GetInt64()).ToList();
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static string OneLine(string content)
    {
        var sb = new StringBuilder(content.Length);
        var pendingSpace = false;
        foreach (var c in content.AsSpan().Trim())
        {
            if (c is '\r' or '\n' or '\u2028' or '\u2029')
            {
                pendingSpace = true;
                continue;
            }

            if (pendingSpace)
            {
                if (sb.Length > 0 && sb[^1] != ' ')
                {
                    sb.Append(' ');
                }

                pendingSpace = false;
            }

            sb.Append(c);
        }

        // Defuse comment delimiters so the content cannot end or fake the frame.
        return sb.Replace("<!--", "< !--").Replace("-->", "-- >").ToString();
    }
}
