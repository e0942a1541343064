using System.Buffers;
using System.Collections;
using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PeroCore.Nit.Runtime;

/// <summary>
/// Turns NIT values into the text the LLM reads (spec §2.4, profile R): strings as they are, numbers in
/// invariant culture (floats in shortest round-trip form with <c>.0</c> for integral values), <c>null</c>,
/// <c>true</c>/<c>false</c>, and structured values as compact JSON.
/// </summary>
public static class NitValueFormatter
{
    private const int MaxJsonDepth = 64;

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
        SkipValidation = true,
    };

    private static readonly JsonSerializerOptions SerializerOptions = CreateSerializerOptions();

    /// <summary>Formats any value for display.</summary>
    public static string Format(object? value) => value switch
    {
        null => "null",
        string s => s,
        bool b => b ? "true" : "false",
        long l => l.ToString(CultureInfo.InvariantCulture),
        int i => i.ToString(CultureInfo.InvariantCulture),
        double d => FormatDouble(d),
        float f => FormatSingle(f),
        BigInteger big => big.ToString(CultureInfo.InvariantCulture),
        decimal m => m.ToString(CultureInfo.InvariantCulture),
        char c => c.ToString(),
        JsonElement { ValueKind: JsonValueKind.String } e => e.GetString() ?? string.Empty,
        IFormattable formattable when value.GetType().IsPrimitive => formattable.ToString(null, CultureInfo.InvariantCulture),
        Enum e => e.ToString(),
        _ => ToJson(value),
    };

    /// <summary>Formats any value as JSON (strings are quoted).</summary>
    public static string ToJson(object? value)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            WriteJson(writer, value, 0);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Python-like float text: shortest round-trip, <c>1.0</c> for integral values, <c>1e+20</c> style exponents.</summary>
    public static string FormatDouble(double value)
    {
        if (double.IsNaN(value))
        {
            return "nan";
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? "inf" : "-inf";
        }

        return PythonStyle(value.ToString("R", CultureInfo.InvariantCulture));
    }

    private static string FormatSingle(float value)
        => float.IsFinite(value) ? PythonStyle(value.ToString("R", CultureInfo.InvariantCulture)) : FormatDouble(value);

    private static string PythonStyle(string text)
    {
        if (text.Contains('E', StringComparison.Ordinal))
        {
            return text.Replace("E", "e", StringComparison.Ordinal);
        }

        return text.Contains('.', StringComparison.Ordinal) ? text : text + ".0";
    }

    /// <summary>
    /// Cuts <paramref name="text"/> to at most <paramref name="maxCodePoints"/> code points and appends
    /// <c>...</c> only when something was cut. A surrogate pair is never split.
    /// </summary>
    public static string Preview(string text, int maxCodePoints)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (maxCodePoints < 0 || text.Length <= maxCodePoints)
        {
            return text;
        }

        int cut = CodePointPrefixLength(text, maxCodePoints);
        return cut >= text.Length ? text : string.Concat(text.AsSpan(0, cut), "...");
    }

    /// <summary>The number of chars holding the first <paramref name="codePoints"/> code points.</summary>
    internal static int CodePointPrefixLength(string text, int codePoints)
    {
        int i = 0;
        for (int n = 0; n < codePoints && i < text.Length; n++)
        {
            i += char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]) ? 2 : 1;
        }

        return i;
    }

    internal static void WriteJson(Utf8JsonWriter writer, object? value, int depth)
    {
        if (depth > MaxJsonDepth)
        {
            writer.WriteStringValue("...");
            return;
        }

        switch (value)
        {
            case null:
                writer.WriteNullValue();
                return;
            case string s:
                writer.WriteStringValue(s);
                return;
            case bool b:
                writer.WriteBooleanValue(b);
                return;
            case long l:
                writer.WriteNumberValue(l);
                return;
            case int i:
                writer.WriteNumberValue(i);
                return;
            case double d:
                WriteDouble(writer, d);
                return;
            case float f when float.IsFinite(f):
                writer.WriteRawValue(FormatSingle(f), skipInputValidation: true);
                return;
            case float f:
                WriteDouble(writer, f);
                return;
            case decimal m:
                writer.WriteNumberValue(m);
                return;
            case BigInteger big:
                writer.WriteRawValue(big.ToString(CultureInfo.InvariantCulture), skipInputValidation: true);
                return;
            case char c:
                writer.WriteStringValue(c.ToString());
                return;
            case JsonElement element:
                element.WriteTo(writer);
                return;
            case JsonNode node:
                node.WriteTo(writer);
                return;
            case Enum e:
                writer.WriteStringValue(e.ToString());
                return;
            case DateTimeOffset dto:
                writer.WriteStringValue(dto);
                return;
            case DateTime dt:
                writer.WriteStringValue(dt);
                return;
            case Guid g:
                writer.WriteStringValue(g);
                return;
            case TimeSpan ts:
                writer.WriteStringValue(ts.ToString("c", CultureInfo.InvariantCulture));
                return;
            case IFormattable formattable when value.GetType().IsPrimitive:
                writer.WriteRawValue(formattable.ToString(null, CultureInfo.InvariantCulture), skipInputValidation: true);
                return;
            case IEnumerable<KeyValuePair<string, object?>> pairs:
                writer.WriteStartObject();
                foreach (KeyValuePair<string, object?> pair in pairs)
                {
                    writer.WritePropertyName(pair.Key);
                    WriteJson(writer, pair.Value, depth + 1);
                }

                writer.WriteEndObject();
                return;
            case IDictionary dictionary:
                writer.WriteStartObject();
                foreach (DictionaryEntry entry in dictionary)
                {
                    writer.WritePropertyName(Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? string.Empty);
                    WriteJson(writer, entry.Value, depth + 1);
                }

                writer.WriteEndObject();
                return;
            case IEnumerable sequence:
                writer.WriteStartArray();
                foreach (object? item in sequence)
                {
                    WriteJson(writer, item, depth + 1);
                }

                writer.WriteEndArray();
                return;
            default:
                writer.WriteRawValue(SerializeOther(value), skipInputValidation: true);
                return;
        }
    }

    private static void WriteDouble(Utf8JsonWriter writer, double d)
    {
        if (double.IsFinite(d))
        {
            writer.WriteRawValue(FormatDouble(d), skipInputValidation: true);
        }
        else
        {
            writer.WriteStringValue(FormatDouble(d));
        }
    }

    /// <summary>Serialises an arbitrary tool result (a record, a POCO); falls back to its <c>ToString()</c>.</summary>
    private static string SerializeOther(object value)
    {
        try
        {
            return JsonSerializer.Serialize(value, value.GetType(), SerializerOptions);
        }
#pragma warning disable CA1031 // Any failure (cycles, unsupported types) falls back to text: formatting must never throw.
        catch (Exception)
#pragma warning restore CA1031
        {
            return JsonSerializer.Serialize(value.ToString() ?? string.Empty, SerializerOptions);
        }
    }

    private static JsonSerializerOptions CreateSerializerOptions()
    {
        var options = new JsonSerializerOptions
        {
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            MaxDepth = MaxJsonDepth,
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
