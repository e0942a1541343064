using System.Globalization;
using System.Text.Json;

namespace PeroCore.Agent.Scoring;

/// <summary>
/// Reads the scorer's answer tolerantly: a JSON object, possibly inside a <c>```json</c> fence or surrounded by prose;
/// tags and clusters as arrays or comma-separated text; importance as a number or numeric text, clamped to 1..10
/// (default 5); sentiment defaults to <c>neutral</c>. <c>null</c>, <c>{}</c> or no content means nothing to remember.
/// </summary>
public static class ScorerResultParser
{
    /// <summary>Parses an answer; null when it holds no JSON object at all.</summary>
    public static ScorerResult? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        foreach (var candidate in Candidates(text))
        {
            try
            {
                using var doc = JsonDocument.Parse(candidate, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
                var root = doc.RootElement;
                if (root.ValueKind == JsonValueKind.Null)
                {
                    return new ScorerResult(null, [], [], 5, "neutral");
                }

                if (root.ValueKind != JsonValueKind.Object)
                {
                    continue;
                }

                return FromObject(root);
            }
            catch (JsonException)
            {
                // Try the next candidate.
            }
        }

        return null;
    }

    private static IEnumerable<string> Candidates(string text)
    {
        var trimmed = text.Trim();
        yield return trimmed;
        var fence = trimmed.IndexOf("```", StringComparison.Ordinal);
        if (fence >= 0)
        {
            var start = trimmed.IndexOf('\n', fence);
            var end = start < 0 ? -1 : trimmed.IndexOf("```", start, StringComparison.Ordinal);
            if (start >= 0 && end > start)
            {
                yield return trimmed[start..end].Trim();
            }
        }

        var open = trimmed.IndexOf('{', StringComparison.Ordinal);
        var close = trimmed.LastIndexOf('}');
        if (open >= 0 && close > open)
        {
            yield return trimmed[open..(close + 1)];
        }
    }

    private static ScorerResult FromObject(JsonElement root)
    {
        string? content = Get(root, "content") is { ValueKind: JsonValueKind.String } c ? c.GetString()?.Trim() : null;
        var tags = List(Get(root, "tags"));
        var clusters = List(Get(root, "clusters"));
        var importance = 5;
        if (Get(root, "importance") is { } imp)
        {
            double value = double.NaN;
            if (imp.ValueKind == JsonValueKind.Number)
            {
                value = imp.GetDouble();
            }
            else if (imp.ValueKind == JsonValueKind.String)
            {
                _ = double.TryParse(imp.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out value);
            }

            if (double.IsFinite(value))
            {
                importance = (int)Math.Clamp(Math.Round(value, MidpointRounding.AwayFromZero), 1, 10);
            }
        }

        var sentiment = Get(root, "sentiment") is { ValueKind: JsonValueKind.String } s && !string.IsNullOrWhiteSpace(s.GetString())
            ? s.GetString()!.Trim()
            : "neutral";
        return new ScorerResult(string.IsNullOrWhiteSpace(content) ? null : content, tags, clusters, importance, sentiment);
    }

    private static JsonElement? Get(JsonElement root, string name)
    {
        foreach (var p in root.EnumerateObject())
        {
            if (string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase) && p.Value.ValueKind != JsonValueKind.Null)
            {
                return p.Value;
            }
        }

        return null;
    }

    private static List<string> List(JsonElement? value) => value switch
    {
        { ValueKind: JsonValueKind.Array } a => a.EnumerateArray()
            .Select(e => e.ValueKind == JsonValueKind.String ? e.GetString() ?? string.Empty : e.GetRawText())
            .Select(x => x.Trim()).Where(x => x.Length > 0).Distinct(StringComparer.Ordinal).ToList(),
        { ValueKind: JsonValueKind.String } s => (s.GetString() ?? string.Empty)
            .Split([',', '，', '、'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal).ToList(),
        _ => [],
    };
}
