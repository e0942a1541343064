using System.Text.Json;
using System.Text.Json.Nodes;
using PeroCore.Memory.Storage;

namespace PeroCore.Server.Api;

/// <summary>The fields a memory body may carry, read and checked the same way by <c>POST</c> and <c>PATCH /api/memories</c>.</summary>
internal static class MemoryFields
{
    /// <summary><c>content</c>: a required non-blank string of at most <see cref="FieldLimits.MemoryContent"/> characters.</summary>
    public static string Content(JsonObject body) => JsonBody.RequiredString(body, "content", FieldLimits.MemoryContent);

    /// <summary><c>importance</c>: an integer, or null when absent (the engine refuses one outside 0..10 with a 400).</summary>
    public static int? Importance(JsonObject body) => JsonBody.Integer(body, "importance");

    /// <summary><c>type</c>: a non-blank name, or null when absent.</summary>
    public static string? Type(JsonObject body) => JsonBody.String(body, "type", FieldLimits.Name) switch
    {
        null => null,
        { } t when string.IsNullOrWhiteSpace(t) => throw new RequestValidationException("'type' must be a non-empty string."),
        { } t => t,
    };

    /// <summary>
    /// <c>tags</c> as an array of strings or one comma-separated string (null when absent); each tag a name, at most
    /// <see cref="FieldLimits.TagCount"/>.
    /// </summary>
    public static List<string>? Tags(JsonObject body)
    {
        var tags = body["tags"] switch
        {
            null => null,
            JsonArray a => a.Select((t, i) => JsonBody.Text(t, $"tags[{i}]", FieldLimits.Name) ?? throw new RequestValidationException($"'tags[{i}]' must be a string.")).ToList(),
            JsonValue v when v.GetValueKind() == JsonValueKind.String => TagList.Parse(JsonBody.String(body, "tags")).ToList(),
            _ => throw new RequestValidationException("'tags' must be an array of strings or a comma-separated string."),
        };
        if (tags is null)
        {
            return null;
        }

        if (tags.Count > FieldLimits.TagCount)
        {
            throw new RequestValidationException($"'tags' holds {tags.Count} tags; the limit is {FieldLimits.TagCount}.");
        }

        var tooLong = tags.FindIndex(t => t.Length > FieldLimits.Name);
        return tooLong < 0 ? tags : throw JsonBody.TooLong($"tags[{tooLong}]", tags[tooLong].Length, FieldLimits.Name);
    }
}
