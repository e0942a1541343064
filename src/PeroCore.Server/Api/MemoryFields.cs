using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using PeroCore.Memory.Storage;

namespace PeroCore.Server.Api;

/// <summary>
/// The one reader of a memory given as a JSON object, shared by <c>POST /api/memories</c>, <c>POST /api/import</c> and
/// <c>perocore import</c>: <c>{content, tags?: "a,b" or [..], importance?: 0..10, msgTimestamp?, timestamp?: epoch ms or
/// ISO-8601, source?, type?, sentiment?, clusters?}</c> (files may add <c>embedding</c>: an array of numbers). Each bad
/// field is refused naming it (a wrong type: <see cref="RequestValidationException"/>, 422; a value out of range:
/// <see cref="ArgumentException"/>, 400); nothing is dropped silently.
/// </summary>
internal static class MemoryFields
{
    /// <summary>The fields of a memory object.</summary>
    public static readonly string[] Names = ["content", "tags", "importance", "msgTimestamp", "timestamp", "source", "type", "sentiment", "clusters"];

    /// <summary>The fields of a memory line in a file (<see cref="Names"/> and <c>embedding</c>).</summary>
    public static readonly string[] FileNames = [.. Names, "embedding"];

    // 9999-12-31T23:59:59.999Z: the last instant DateTimeOffset holds.
    private const long MaxEpochMs = 253_402_300_799_999;

    /// <summary>Reads a memory from <paramref name="body"/>; unknown fields are refused.</summary>
    /// <param name="body">The object.</param>
    /// <param name="defaultSource">The source when the object names none.</param>
    /// <param name="allowEmbedding">Whether <c>embedding</c> may be given (files), else it is an unknown field.</param>
    public static NewMemory Read(JsonObject body, string defaultSource, bool allowEmbedding = false)
    {
        ArgumentNullException.ThrowIfNull(body);
        JsonBody.RejectUnknown(body, allowEmbedding ? FileNames : Names);
        var importance = JsonBody.Integer(body, "importance") ?? 1;
        if (importance is < 0 or > 10)
        {
            throw new ArgumentException($"'importance' must be between 0 and 10 (got {importance}).");
        }

        return new NewMemory
        {
            Content = JsonBody.RequiredString(body, "content", FieldLimits.MemoryContent),
            Tags = Tags(body),
            Importance = importance,
            MsgTimestamp = JsonBody.String(body, "msgTimestamp", FieldLimits.Name),
            Timestamp = Timestamp(body["timestamp"], "timestamp"),
            Source = JsonBody.String(body, "source", FieldLimits.Name) ?? defaultSource,
            Type = JsonBody.String(body, "type", FieldLimits.Name) ?? "event",
            Sentiment = JsonBody.String(body, "sentiment", FieldLimits.Name) ?? "neutral",
            Clusters = JsonBody.String(body, "clusters", FieldLimits.ShortText),
            Embedding = allowEmbedding ? Vector(body["embedding"], "embedding") : null,
        };
    }

    /// <summary>A time given as epoch milliseconds (a number or a string of digits) or ISO-8601 text; null when absent.</summary>
    public static DateTimeOffset? Timestamp(JsonNode? node, string field)
    {
        switch (node)
        {
            case null:
                return null;
            case JsonValue v when v.GetValueKind() == JsonValueKind.Number:
                var ms = v.GetValue<double>();
                return ms == Math.Floor(ms) && ms is >= 0 and <= MaxEpochMs
                    ? DateTimeOffset.FromUnixTimeMilliseconds((long)ms)
                    : throw new ArgumentException($"'{field}' must be whole epoch milliseconds from 0 to {MaxEpochMs} (got {v.ToJsonString()}).");
            case JsonValue v when v.GetValueKind() == JsonValueKind.String:
                var text = v.GetValue<string>().Trim();
                if (text.Length > 0 && text.All(char.IsAsciiDigit))
                {
                    return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var digits) && digits <= MaxEpochMs
                        ? DateTimeOffset.FromUnixTimeMilliseconds(digits)
                        : throw new ArgumentException($"'{field}' must be whole epoch milliseconds from 0 to {MaxEpochMs}.");
                }

                return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out var time)
                    ? time
                    : throw new ArgumentException($"'{field}' must be epoch milliseconds or an ISO-8601 time such as 2024-01-31T10:00:00Z (got '{Shown(text)}').");
            default:
                throw new RequestValidationException($"'{field}' must be epoch milliseconds or an ISO-8601 time.");
        }
    }

    /// <summary><c>tags</c> as an array of strings or one comma-separated string; each tag a name, at most <see cref="FieldLimits.TagCount"/>.</summary>
    public static List<string> Tags(JsonObject body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var tags = body["tags"] switch
        {
            null => [],
            JsonArray a => a.Select((t, i) => JsonBody.Text(t, $"tags[{i}]", FieldLimits.Name) ?? throw new RequestValidationException($"'tags[{i}]' must be a string.")).ToList(),
            JsonValue v when v.GetValueKind() == JsonValueKind.String => TagList.Parse(JsonBody.String(body, "tags")).ToList(),
            _ => throw new RequestValidationException("'tags' must be an array of strings or a comma-separated string."),
        };
        if (tags.Count > FieldLimits.TagCount)
        {
            throw new RequestValidationException($"'tags' holds {tags.Count} tags; the limit is {FieldLimits.TagCount}.");
        }

        var tooLong = tags.FindIndex(t => t.Length > FieldLimits.Name);
        return tooLong < 0 ? tags : throw JsonBody.TooLong($"tags[{tooLong}]", tags[tooLong].Length, FieldLimits.Name);
    }

    /// <summary>A vector: an array of finite numbers, or base64 of little-endian float32; null when absent.</summary>
    public static float[]? Vector(JsonNode? node, string field)
    {
        switch (node)
        {
            case null:
                return null;
            case JsonArray a when a.Count is > 0 and <= 8192:
                var vector = new float[a.Count];
                for (var i = 0; i < a.Count; i++)
                {
                    vector[i] = a[i] is JsonValue x && x.GetValueKind() == JsonValueKind.Number && float.IsFinite(x.GetValue<float>())
                        ? x.GetValue<float>()
                        : throw new RequestValidationException($"'{field}[{i}]' must be a finite number.");
                }

                return vector;
            case JsonValue v when v.GetValueKind() == JsonValueKind.String:
                var bytes = new byte[(v.GetValue<string>().Length * 3 / 4) + 3];
                if (!Convert.TryFromBase64String(v.GetValue<string>(), bytes, out var length) || length == 0 || length % 4 != 0 || length > 8192 * 4)
                {
                    throw new RequestValidationException($"'{field}' must be base64 of little-endian float32 values.");
                }

                var decoded = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(bytes.AsSpan(0, length)).ToArray();
                return decoded.All(float.IsFinite) ? decoded : throw new RequestValidationException($"'{field}' holds a value that is not a finite number.");
            default:
                throw new RequestValidationException($"'{field}' must be an array of 1 to 8192 numbers or a base64 string.");
        }
    }

    private static string Shown(string text) => text.Length > 60 ? text[..60] + "…" : text;
}
