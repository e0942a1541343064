using System.Globalization;
using System.Text;
using System.Text.Json;

namespace PeroCore.Agent.Secretary;

/// <summary>
/// Reads a model's answer: the first complete JSON value in the text (code fences and chatter around it ignored,
/// never a greedy bracket match), and the checks every step schema shares. Failures throw
/// <see cref="SecretaryAnswerException"/> naming what is wrong.
/// </summary>
public static class SecretaryJson
{
    /// <summary>The first complete JSON object or array in <paramref name="text"/>.</summary>
    public static JsonElement ExtractValue(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new SecretaryAnswerException("The answer is empty.");
        }

        for (var start = 0; start < text.Length; start++)
        {
            var c = text[start];
            if (c is not ('{' or '['))
            {
                continue;
            }

            var bytes = Encoding.UTF8.GetBytes(text[start..]);
            var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
            try
            {
                if (JsonDocument.TryParseValue(ref reader, out var doc))
                {
                    using (doc)
                    {
                        return doc.RootElement.Clone();
                    }
                }
            }
            catch (JsonException)
            {
                // Not JSON from this bracket on; try the next one.
            }
        }

        throw new SecretaryAnswerException("The answer holds no JSON object or array.");
    }

    /// <summary>
    /// The array at the top of <paramref name="value"/>, or under <paramref name="property"/> of an object (models in
    /// JSON mode must answer with an object).
    /// </summary>
    public static JsonElement ArrayOf(JsonElement value, string property)
    {
        if (value.ValueKind == JsonValueKind.Array)
        {
            return value;
        }

        if (value.ValueKind == JsonValueKind.Object && value.TryGetProperty(property, out var inner) && inner.ValueKind == JsonValueKind.Array)
        {
            return inner;
        }

        throw new SecretaryAnswerException($"Expected a JSON array or an object with an array \"{property}\".");
    }

    /// <summary>A memory id: a JSON integer or a string of digits.</summary>
    public static long Id(JsonElement value, string where)
    {
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var n))
        {
            return n;
        }

        if (value.ValueKind == JsonValueKind.String && long.TryParse(value.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out n))
        {
            return n;
        }

        throw new SecretaryAnswerException($"{where}: {Show(value)} is not a memory id.");
    }

    /// <summary>Checks that <paramref name="id"/> is one of the memories the step showed the model.</summary>
    public static long InBatch(long id, IReadOnlySet<long> batch, string where) =>
        batch.Contains(id) ? id : throw new SecretaryAnswerException($"{where}: memory {id} is not in the batch this step showed.");

    /// <summary>An integer importance, clamped to 1..10 (a number as text is accepted).</summary>
    public static int Importance(JsonElement value, string where)
    {
        double d;
        if (value.ValueKind == JsonValueKind.Number)
        {
            d = value.GetDouble();
        }
        else if (value.ValueKind == JsonValueKind.String && double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed))
        {
            d = parsed;
        }
        else
        {
            throw new SecretaryAnswerException($"{where}: importance {Show(value)} is not a number.");
        }

        return double.IsFinite(d) ? (int)Math.Clamp(Math.Round(d), 1, 10) : throw new SecretaryAnswerException($"{where}: importance is not finite.");
    }

    /// <summary>A non-empty string, trimmed.</summary>
    public static string Text(JsonElement value, string where, int maxLength = 4000)
    {
        var s = value.ValueKind == JsonValueKind.String ? value.GetString()!.Trim() : null;
        if (string.IsNullOrEmpty(s))
        {
            throw new SecretaryAnswerException($"{where}: expected non-empty text.");
        }

        return s.Length <= maxLength ? s : throw new SecretaryAnswerException($"{where}: text longer than {maxLength} characters.");
    }

    /// <summary>Tags: an array of strings (blank ones dropped) or one comma-separated string; missing is empty.</summary>
    public static IReadOnlyList<string> Tags(JsonElement? value, string where)
    {
        if (value is not { } v || v.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        IEnumerable<string> raw = v.ValueKind switch
        {
            JsonValueKind.Array => v.EnumerateArray().Select(t => t.ValueKind == JsonValueKind.String
                ? t.GetString()!
                : throw new SecretaryAnswerException($"{where}: tag {Show(t)} is not text.")),
            JsonValueKind.String => v.GetString()!.Split([',', '，'], StringSplitOptions.None),
            _ => throw new SecretaryAnswerException($"{where}: tags must be a list of text."),
        };
        return raw.Select(t => t.Trim()).Where(t => t.Length > 0).Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>A property of an object, or null when absent.</summary>
    public static JsonElement? Property(JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var v) ? v : null;

    /// <summary>Short rendering of a value for an error message.</summary>
    public static string Show(JsonElement value)
    {
        var raw = value.GetRawText();
        return raw.Length <= 60 ? raw : raw[..57] + "...";
    }
}
