using System.Text.Json;
using System.Text.Json.Nodes;

namespace PeroCore.Agent.Chat;

/// <summary>
/// The metadata of a logged answer (<c>conversation_log.metadata_json</c>): <c>recalled_memory_ids</c>, the memories
/// recalled into the prompt, and <c>tool_outputs</c>, what the tools returned during the turn.
/// </summary>
public static class ExchangeMetadata
{
    /// <summary>Key of the recalled memory ids.</summary>
    public const string RecalledIdsKey = "recalled_memory_ids";

    /// <summary>Key of the tools' outputs.</summary>
    public const string ToolOutputsKey = "tool_outputs";

    private static readonly JsonSerializerOptions Readable = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The metadata JSON of an answer; <c>{}</c> when there is nothing to keep.</summary>
    public static string Write(IReadOnlyList<long> recalledIds, IReadOnlyList<string> toolOutputs)
    {
        var node = new JsonObject();
        if (recalledIds.Count > 0)
        {
            node[RecalledIdsKey] = new JsonArray([.. recalledIds.Select(id => JsonValue.Create(id))]);
        }

        if (toolOutputs.Count > 0)
        {
            node[ToolOutputsKey] = new JsonArray([.. toolOutputs.Select(o => JsonValue.Create(o))]);
        }

        return node.ToJsonString(Readable);
    }

    /// <summary>Reads what <see cref="Write"/> wrote; missing or malformed parts read as empty.</summary>
    public static (IReadOnlyList<long> RecalledIds, IReadOnlyList<string> ToolOutputs) Read(string? metadataJson)
    {
        if (string.IsNullOrWhiteSpace(metadataJson))
        {
            return ([], []);
        }

        try
        {
            using var doc = JsonDocument.Parse(metadataJson);
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                return ([], []);
            }

            var ids = doc.RootElement.TryGetProperty(RecalledIdsKey, out var i) && i.ValueKind == JsonValueKind.Array
                ? i.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.Number && e.TryGetInt64(out _)).Select(e => e.GetInt64()).ToList()
                : [];
            var outputs = doc.RootElement.TryGetProperty(ToolOutputsKey, out var o) && o.ValueKind == JsonValueKind.Array
                ? o.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!).ToList()
                : [];
            return (ids, outputs);
        }
        catch (JsonException)
        {
            return ([], []);
        }
    }
}
