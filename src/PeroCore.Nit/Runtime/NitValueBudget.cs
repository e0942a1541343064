using System.Collections;
using System.Globalization;
using System.Numerics;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using PeroCore.Nit.Values;

namespace PeroCore.Nit.Runtime;

/// <summary>
/// Measures NIT values in characters of their formatted form (<see cref="NitValueFormatter.Format"/>) against
/// <see cref="NitRuntimeOptions.MaxValueSize"/>. A value referenced twice counts twice, as it is formatted twice.
/// Measuring is cheap and cannot be used to burn time: every walk stops as soon as it passes its limit, and the
/// size of each container (and long string) is remembered by reference, so a list built from measured values costs
/// one step per item. Sizes are upper bounds: a container is measured as if it were the outermost value, so the
/// <c>"..."</c> that replaces values nested deeper than the formatter's depth limit is not subtracted.
/// One instance per script run; not thread-safe.
/// </summary>
internal sealed class NitValueBudget
{
    /// <summary>Strings at least this long have their size remembered.</summary>
    private const int RememberStringsFrom = 64;

    private static readonly JavaScriptEncoder Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

    private readonly Dictionary<object, long> _sizes = new(ReferenceEqualityComparer.Instance);

    public NitValueBudget(long limit)
    {
        Limit = limit;
    }

    /// <summary>The most characters a value may take.</summary>
    public long Limit { get; }

    /// <summary>
    /// The size of <paramref name="value"/> as <see cref="NitValueFormatter.Format"/> writes it on its own (a string
    /// as it is, anything structured as JSON); a result above <paramref name="limit"/> only means "too large".
    /// </summary>
    public long MeasureTop(object? value, long limit)
    {
        if (value is string s)
        {
            return s.Length;
        }

        if (value is JsonElement { ValueKind: JsonValueKind.String } element)
        {
            return NitValueFormatter.MeasureJsonBounded(element, limit + 2) - 2; // without the quotes
        }

        return NitValueFormatter.TryFormatScalar(value, out string? text) ? text.Length : Measure(value, limit);
    }

    /// <summary>
    /// The size of <paramref name="value"/> as JSON (how it is written inside a list or dictionary); a result above
    /// <paramref name="limit"/> only means "too large".
    /// </summary>
    public long Measure(object? value, long limit) => Measure(value, limit, 0);

    /// <summary>Records the size of a container the runtime has just built and measured.</summary>
    public void Remember(object container, long size) => _sizes[container] = size;

    /// <summary>The size of <paramref name="text"/> as a JSON string, quotes included; stops past <paramref name="limit"/>.</summary>
    public long MeasureString(string text, long limit)
    {
        if (text.Length >= RememberStringsFrom && _sizes.TryGetValue(text, out long known))
        {
            return known;
        }

        long size = 2;
        for (int i = 0; i < text.Length && size <= limit; i++)
        {
            char c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                // The encoder writes a pair as it is or as two \uXXXX escapes.
                size += Encoder.WillEncode(char.ConvertToUtf32(c, text[i + 1])) ? 12 : 2;
                i++;
            }
            else
            {
                size += EscapedLength(c);
            }
        }

        if (size <= limit && text.Length >= RememberStringsFrom)
        {
            _sizes[text] = size;
        }

        return size;
    }

    /// <summary>Chars the formatter's JSON encoder writes for one UTF-16 char (not part of a surrogate pair).</summary>
    private static int EscapedLength(char c) => c switch
    {
        '"' or '\\' or '\b' or '\f' or '\n' or '\r' or '\t' => 2,
        _ when char.IsSurrogate(c) => 6, // an unpaired surrogate is written as \uXXXX
        _ => Encoder.WillEncode(c) ? 6 : 1,
    };

    private long Measure(object? value, long limit, int depth)
    {
        if (depth > NitValueFormatter.MaxJsonDepth)
        {
            return 5; // "..."
        }

        switch (value)
        {
            case null:
                return 4;
            case string s:
                return MeasureString(s, limit);
            case bool b:
                return b ? 4 : 5;
            case long l:
                return DigitCount(l);
            case int i:
                return DigitCount(i);
            case double d:
                return NitValueFormatter.FormatDouble(d).Length + (double.IsFinite(d) ? 0 : 2);
            case char c:
                return 2 + EscapedLength(c);
            case BigInteger or decimal or DateTimeOffset or DateTime or Guid or TimeSpan or Enum or JsonElement or JsonNode:
                return NitValueFormatter.MeasureJsonBounded(value, limit);
            case IFormattable when value.GetType().IsPrimitive:
                return NitValueFormatter.MeasureJsonBounded(value, limit);
            case IEnumerable<KeyValuePair<string, object?>> or IDictionary or IEnumerable:
                return MeasureContainer(value, limit, depth);
            default:
                return NitValueFormatter.MeasureJsonBounded(value, limit);
        }
    }

    private long MeasureContainer(object container, long limit, int depth)
    {
        if (_sizes.TryGetValue(container, out long known))
        {
            return known;
        }

        long size = 2; // [] or {}
        bool first = true;
        switch (container)
        {
            case IEnumerable<KeyValuePair<string, object?>> pairs:
                foreach (KeyValuePair<string, object?> pair in pairs)
                {
                    size += (first ? 0 : 1) + MeasureString(pair.Key, limit - size) + 1; // "key":
                    size += Measure(pair.Value, limit - size, depth + 1);
                    first = false;
                    if (size > limit)
                    {
                        return size;
                    }
                }

                break;
            case IDictionary dictionary:
                foreach (DictionaryEntry entry in dictionary)
                {
                    string key = Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? string.Empty;
                    size += (first ? 0 : 1) + MeasureString(key, limit - size) + 1;
                    size += Measure(entry.Value, limit - size, depth + 1);
                    first = false;
                    if (size > limit)
                    {
                        return size;
                    }
                }

                break;
            default:
                foreach (object? item in (IEnumerable)container)
                {
                    size += (first ? 0 : 1) + Measure(item, limit - size, depth + 1);
                    first = false;
                    if (size > limit)
                    {
                        return size;
                    }
                }

                break;
        }

        // Only a size measured from the top is exact for the container on its own; deeper ones may be clipped.
        if (depth == 0)
        {
            _sizes[container] = size;
        }

        return size;
    }

    private static int DigitCount(long value)
    {
        if (value == long.MinValue)
        {
            return 20;
        }

        int digits = value < 0 ? 2 : 1;
        ulong rest = (ulong)Math.Abs(value);
        while (rest >= 10)
        {
            rest /= 10;
            digits++;
        }

        return digits;
    }
}
