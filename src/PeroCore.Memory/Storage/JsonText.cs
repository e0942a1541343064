using System.Text.Json;

namespace PeroCore.Memory.Storage;

/// <summary>Checks JSON text before it is stored in a JSON column.</summary>
internal static class JsonText
{
    /// <summary>Throws <see cref="ArgumentException"/> naming <paramref name="field"/> unless the text is JSON of the given kind.</summary>
    public static void EnsureValid(string? json, string field, JsonValueKind kind)
    {
        if (json is null)
        {
            throw new ArgumentException($"{field} must be JSON, not null.", field);
        }

        try
        {
            using var doc = JsonDocument.Parse(json);
            if (doc.RootElement.ValueKind != kind)
            {
                throw new ArgumentException($"{field} must be a JSON {(kind == JsonValueKind.Object ? "object" : "array")}, not {doc.RootElement.ValueKind.ToString().ToLowerInvariant()}.", field);
            }
        }
        catch (JsonException ex)
        {
            throw new ArgumentException($"{field} is not valid JSON: {ex.Message}", field, ex);
        }
    }
}
