using System.Text.Json;

namespace PeroCore.Agent.Speech;

/// <summary>Reads optional string and number settings from a voice configuration's <c>config_json</c>.</summary>
internal static class VoiceConfigJson
{
    public static string? String(string? configJson, string name)
    {
        var value = Get(configJson, name);
        return value is { ValueKind: JsonValueKind.String } v && !string.IsNullOrWhiteSpace(v.GetString()) ? v.GetString()!.Trim() : null;
    }

    public static double? Number(string? configJson, string name) =>
        Get(configJson, name) is { ValueKind: JsonValueKind.Number } v && v.TryGetDouble(out var d) && double.IsFinite(d) ? d : null;

    private static JsonElement? Get(string? configJson, string name)
    {
        if (string.IsNullOrWhiteSpace(configJson))
        {
            return null;
        }

        try
        {
            using var doc = JsonDocument.Parse(configJson);
            return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty(name, out var value) ? value.Clone() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
