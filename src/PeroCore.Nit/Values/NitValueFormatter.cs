using System.Buffers;
using System.Collections;
using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PeroCore.Nit.Values;

/// <summary>
/// Turns NIT values into the text the LLM reads (spec §2.4, profile R): strings as they are, numbers in
/// invariant culture (floats in shortest round-trip form with <c>.0</c> for integral values), <c>null</c>,
/// <c>true</c>/<c>false</c>, and structured values as compact JSON.
/// </summary>
public static class NitValueFormatter
{
    /// <summary>Nesting depth written in full; deeper values are written as <c>"..."</c>.</summary>
    internal const int MaxJsonDepth = 64;

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
        SkipValidation = true,
    };

    private static readonly JsonSerializerOptions SerializerOptions = CreateSerializerOptions();

    /// <summary>Formats any value for display.</summary>
    public static string Format(object? value) => TryFormatScalar(value, out string? text) ? text : ToJson(value);

    /// <summary>
    /// Formats <paramref name="value"/> like <see cref="Format"/> but stops writing once
    /// <paramref name="maxCodePoints"/> code points are produced, so a huge value is never materialised whole.
    /// Returns at most <paramref name="maxCodePoints"/> code points (a surrogate pair is never split) and sets
    /// <paramref name="truncated"/> when something was cut; the caller adds its own marker.
    /// </summary>
    public static string FormatBounded(object? value, int maxCodePoints, out bool truncated)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxCodePoints);
        string text = TryFormatScalar(value, out string? scalar)
            ? scalar
            : ToJsonBounded(value, BytesFor(maxCodePoints));
        int cut = CodePointPrefixLength(text, maxCodePoints);
        truncated = cut < text.Length;
        return truncated ? text[..cut] : text;
    }

    /// <summary>
    /// The bounded form of <c>Preview(Format(value), maxCodePoints)</c>: the same text, but formatting stops at the
    /// limit. A negative <paramref name="maxCodePoints"/> means no limit (the whole value is formatted).
    /// </summary>
    public static string FormatPreview(object? value, int maxCodePoints)
    {
        if (maxCodePoints < 0)
        {
            return Format(value);
        }

        string text = FormatBounded(value, maxCodePoints, out bool truncated);
        return truncated ? text + "..." : text;
    }

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

    /// <summary>
    /// Counts the UTF-16 chars of the JSON form of <paramref name="value"/> (as <see cref="ToJson"/> writes it), writing
    /// no more than needed to know whether it exceeds <paramref name="limit"/>; returns a number above the limit then.
    /// </summary>
    internal static long MeasureJsonBounded(object? value, long limit)
    {
        // A UTF-16 char takes at most 3 UTF-8 bytes, so more than 3 * (limit + 1) bytes means more than limit chars.
        if (limit < 0)
        {
            return 1;
        }

        long cap = Math.Min(3 * (limit + 1), int.MaxValue / 2);
        ArrayBufferWriter<byte> buffer = WriteBounded(value, cap);
        return buffer.WrittenCount > cap ? limit + 1 : Encoding.UTF8.GetCharCount(buffer.WrittenSpan);
    }

    /// <summary>The text of <see cref="Format"/> for values that are not written as JSON (strings, numbers, booleans...).</summary>
    internal static bool TryFormatScalar(object? value, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? text)
    {
        text = value switch
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
            _ => null,
        };
        return text is not null;
    }

    /// <summary>UTF-8 bytes enough to hold more than <paramref name="codePoints"/> code points (each takes at most 4).</summary>
    private static long BytesFor(int codePoints) => 4L * codePoints + 4;

    /// <summary>The JSON text of <paramref name="value"/>, cut somewhere after the first <paramref name="capBytes"/> UTF-8 bytes.</summary>
    private static string ToJsonBounded(object? value, long capBytes)
        => Encoding.UTF8.GetString(WriteBounded(value, capBytes).WrittenSpan);

    /// <summary>
    /// Writes the JSON form of <paramref name="value"/> and stops once more than <paramref name="capBytes"/> bytes are
    /// written. Up to then the bytes are exactly those <see cref="ToJson"/> writes; what follows the cap may be cut
    /// short (a string is written only as far as the cap needs), so callers use only the first <paramref name="capBytes"/>.
    /// </summary>
    private static ArrayBufferWriter<byte> WriteBounded(object? value, long capBytes)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            WriteJsonBounded(writer, value, 0, capBytes);
        }

        return buffer;
    }

    private static long Written(Utf8JsonWriter writer) => writer.BytesCommitted + writer.BytesPending;

    /// <summary>The bounded twin of <see cref="WriteJson"/>; returns false once the cap is passed (stop writing).</summary>
    private static bool WriteJsonBounded(Utf8JsonWriter writer, object? value, int depth, long cap)
    {
        if (Written(writer) > cap)
        {
            return false;
        }

        if (depth > MaxJsonDepth)
        {
            writer.WriteStringValue("...");
            return Written(writer) <= cap;
        }

        switch (value)
        {
            case string s:
                return WriteStringBounded(writer, s, cap, propertyName: false);
            case JsonElement element:
                return WriteElementBounded(writer, element, depth, cap);
            case JsonObject obj:
                writer.WriteStartObject();
                foreach (KeyValuePair<string, JsonNode?> pair in obj)
                {
                    if (!WriteStringBounded(writer, pair.Key, cap, propertyName: true) || !WriteJsonBounded(writer, pair.Value, depth + 1, cap))
                    {
                        return false;
                    }
                }

                writer.WriteEndObject();
                break;
            case JsonArray array:
                writer.WriteStartArray();
                foreach (JsonNode? item in array)
                {
                    if (!WriteJsonBounded(writer, item, depth + 1, cap))
                    {
                        return false;
                    }
                }

                writer.WriteEndArray();
                break;
            case JsonValue node when node.GetValueKind() == JsonValueKind.String && node.TryGetValue(out string? text):
                return WriteStringBounded(writer, text, cap, propertyName: false);
            case JsonNode node:
                node.WriteTo(writer);
                break;
            case IEnumerable<KeyValuePair<string, object?>> pairs:
                writer.WriteStartObject();
                foreach (KeyValuePair<string, object?> pair in pairs)
                {
                    if (!WriteStringBounded(writer, pair.Key, cap, propertyName: true) || !WriteJsonBounded(writer, pair.Value, depth + 1, cap))
                    {
                        return false;
                    }
                }

                writer.WriteEndObject();
                break;
            case IDictionary dictionary:
                writer.WriteStartObject();
                foreach (DictionaryEntry entry in dictionary)
                {
                    string key = Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? string.Empty;
                    if (!WriteStringBounded(writer, key, cap, propertyName: true) || !WriteJsonBounded(writer, entry.Value, depth + 1, cap))
                    {
                        return false;
                    }
                }

                writer.WriteEndObject();
                break;
            case IEnumerable sequence:
                writer.WriteStartArray();
                foreach (object? item in sequence)
                {
                    if (!WriteJsonBounded(writer, item, depth + 1, cap))
                    {
                        return false;
                    }
                }

                writer.WriteEndArray();
                break;
            case null or bool or long or int or double or float or decimal or BigInteger or char or Enum
                or DateTimeOffset or DateTime or Guid or TimeSpan:
            case IFormattable when value.GetType().IsPrimitive:
                WriteJson(writer, value, depth);
                break;
            default:
                WriteOtherBounded(writer, value, cap);
                break;
        }

        return Written(writer) <= cap;
    }

    /// <summary>Writes a string value or property name, only as far as the cap needs (a surrogate pair is never split).</summary>
    private static bool WriteStringBounded(Utf8JsonWriter writer, string text, long cap, bool propertyName)
    {
        ReadOnlySpan<char> span = text;
        long room = cap - Written(writer);

        // Every char takes at least one byte, so room + 1 chars pass the cap.
        if (span.Length > room + 1)
        {
            int cut = (int)Math.Max(room + 1, 1);
            if (char.IsHighSurrogate(span[cut - 1]) && cut < span.Length)
            {
                cut++;
            }

            span = span[..cut];
        }

        if (propertyName)
        {
            writer.WritePropertyName(span);
        }
        else
        {
            writer.WriteStringValue(span);
        }

        return Written(writer) <= cap;
    }

    private static bool WriteElementBounded(Utf8JsonWriter writer, JsonElement element, int depth, long cap)
    {
        // An element whose source text fits is written as it is (exactly what WriteJson writes).
        if (element.ValueKind == JsonValueKind.Undefined
            || System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(element).Length <= cap - Written(writer))
        {
            element.WriteTo(writer);
            return Written(writer) <= cap;
        }

        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (JsonProperty property in element.EnumerateObject())
                {
                    if (!WriteStringBounded(writer, property.Name, cap, propertyName: true) || !WriteNestedElement(writer, property.Value, depth, cap))
                    {
                        return false;
                    }
                }

                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (JsonElement item in element.EnumerateArray())
                {
                    if (!WriteNestedElement(writer, item, depth, cap))
                    {
                        return false;
                    }
                }

                writer.WriteEndArray();
                break;
            case JsonValueKind.String:
                return WriteStringBounded(writer, element.GetString() ?? string.Empty, cap, propertyName: false);
            default:
                element.WriteTo(writer);
                break;
        }

        return Written(writer) <= cap;
    }

    private static bool WriteNestedElement(Utf8JsonWriter writer, JsonElement element, int depth, long cap)
    {
        if (Written(writer) > cap)
        {
            return false;
        }

        return WriteElementBounded(writer, element, depth + 1, cap);
    }

    /// <summary>
    /// Serialises an arbitrary tool result through a stream that keeps only the bytes the cap needs (the object
    /// already exists, so walking it costs time in its size but no more memory than the cap).
    /// </summary>
    private static void WriteOtherBounded(Utf8JsonWriter writer, object value, long cap)
    {
        long room = cap - Written(writer);
        using var sink = new CappedStream(room + 1);
        try
        {
            JsonSerializer.Serialize(sink, value, value.GetType(), SerializerOptions);
        }
#pragma warning disable CA1031 // As in SerializeOther: any failure falls back to text; formatting must never throw.
        catch (Exception)
#pragma warning restore CA1031
        {
            WriteStringBounded(writer, value.ToString() ?? string.Empty, cap, propertyName: false);
            return;
        }

        writer.WriteRawValue(sink.Kept, skipInputValidation: true);
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

    /// <summary>A write-only stream that keeps the first bytes up to a capacity and drops the rest.</summary>
    private sealed class CappedStream(long capacity) : Stream
    {
        private readonly ArrayBufferWriter<byte> _kept = new(256);
        private long _length;

        public ReadOnlySpan<byte> Kept => _kept.WrittenSpan;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => _length;

        public override long Position
        {
            get => _length;
            set => throw new NotSupportedException();
        }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            long keep = Math.Clamp(capacity - _kept.WrittenCount, 0, buffer.Length);
            if (keep > 0)
            {
                _kept.Write(buffer[..(int)keep]);
            }

            _length += buffer.Length;
        }
    }
}
