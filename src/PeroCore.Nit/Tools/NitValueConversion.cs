using System.Collections;
using System.Globalization;
using System.Numerics;
using System.Text.Json;
using PeroCore.Nit.Values;

namespace PeroCore.Nit.Tools;

/// <summary>
/// Checks and converts argument values to declared parameter types, and turns JSON (native tool calls) into
/// NIT values: <see cref="string"/>, <see cref="long"/>, <see cref="BigInteger"/>, <see cref="double"/>,
/// <see cref="bool"/>, null, lists and ordered string-keyed dictionaries.
/// </summary>
internal static class NitValueConversion
{
    public static bool TryConvert(object? value, NitParameterType type, out object? result)
    {
        result = value;
        if (value is null || type == NitParameterType.Any)
        {
            return true;
        }

        if (value is JsonElement element)
        {
            value = FromJson(element);
            result = value;
            if (value is null)
            {
                return true;
            }
        }

        switch (type)
        {
            case NitParameterType.String:
                if (value is string)
                {
                    return true;
                }

                if (IsScalar(value))
                {
                    result = NitValueFormatter.Format(value);
                    return true;
                }

                return false;

            case NitParameterType.Integer:
                return TryInteger(value, out result);

            case NitParameterType.Number:
                return TryNumber(value, out result);

            case NitParameterType.Boolean:
                return TryBoolean(value, out result);

            case NitParameterType.Array:
                if (value is IReadOnlyList<object?>)
                {
                    return true;
                }

                if (value is string text && text.TrimStart().StartsWith('[') && TryParseJson(text, out object? parsed) && parsed is IReadOnlyList<object?>)
                {
                    result = parsed;
                    return true;
                }

                if (value is IEnumerable sequence and not string and not IDictionary and not IEnumerable<KeyValuePair<string, object?>>)
                {
                    var list = new List<object?>();
                    foreach (object? item in sequence)
                    {
                        list.Add(item);
                    }

                    result = list;
                    return true;
                }

                result = new List<object?> { value }; // a single value becomes a one-item list
                return true;

            case NitParameterType.Object:
                if (value is IReadOnlyDictionary<string, object?>)
                {
                    return true;
                }

                if (value is string json && json.TrimStart().StartsWith('{') && TryParseJson(json, out object? obj) && obj is IReadOnlyDictionary<string, object?>)
                {
                    result = obj;
                    return true;
                }

                if (value is IEnumerable<KeyValuePair<string, object?>> pairs)
                {
                    var dict = new OrderedDictionary<string, object?>(StringComparer.Ordinal);
                    foreach (KeyValuePair<string, object?> pair in pairs)
                    {
                        dict[pair.Key] = pair.Value;
                    }

                    result = dict;
                    return true;
                }

                if (value is IDictionary legacy)
                {
                    var dict = new OrderedDictionary<string, object?>(StringComparer.Ordinal);
                    foreach (DictionaryEntry entry in legacy)
                    {
                        dict[Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? string.Empty] = entry.Value;
                    }

                    result = dict;
                    return true;
                }

                return false;

            default:
                return true;
        }
    }

    /// <summary>Describes a value's type for error messages: <c>string "abc"</c>, <c>list</c>, <c>integer 5</c>.</summary>
    public static string Describe(object? value) => value switch
    {
        null => "null",
        string s => "string \"" + NitValueFormatter.Preview(s, 40) + "\"",
        bool b => b ? "boolean true" : "boolean false",
        long or int or BigInteger or short or byte => "integer " + NitValueFormatter.Format(value),
        double or float or decimal => "number " + NitValueFormatter.Format(value),
        IReadOnlyDictionary<string, object?> or IDictionary => "object",
        IEnumerable => "list",
        _ => value.GetType().Name,
    };

    /// <summary>Converts JSON into NIT values (objects keep their key order).</summary>
    public static object? FromJson(JsonElement element, int depth = 0)
    {
        if (depth > 128)
        {
            return element.GetRawText();
        }

        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                return element.GetString();
            case JsonValueKind.Number:
                if (element.TryGetInt64(out long l))
                {
                    return l;
                }

                string raw = element.GetRawText();
                if (raw.AsSpan().IndexOfAny('.', 'e', 'E') < 0 && BigInteger.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out BigInteger big))
                {
                    return big;
                }

                return element.GetDouble();
            case JsonValueKind.True:
                return true;
            case JsonValueKind.False:
                return false;
            case JsonValueKind.Array:
                var list = new List<object?>(element.GetArrayLength());
                foreach (JsonElement item in element.EnumerateArray())
                {
                    list.Add(FromJson(item, depth + 1));
                }

                return list;
            case JsonValueKind.Object:
                var dict = new OrderedDictionary<string, object?>(StringComparer.Ordinal);
                foreach (JsonProperty property in element.EnumerateObject())
                {
                    dict[property.Name] = FromJson(property.Value, depth + 1);
                }

                return dict;
            default:
                return null;
        }
    }

    private static bool TryParseJson(string text, out object? value)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(text);
            value = FromJson(document.RootElement);
            return true;
        }
        catch (JsonException)
        {
            value = null;
            return false;
        }
    }

    private static bool IsScalar(object value)
        => value is bool or long or int or double or float or decimal or BigInteger or short or byte or char or Guid or Enum;

    private static bool TryInteger(object value, out object? result)
    {
        result = value;
        switch (value)
        {
            case long:
                return true;
            case int i:
                result = (long)i;
                return true;
            case BigInteger big when big >= long.MinValue && big <= long.MaxValue:
                result = (long)big;
                return true;
            case double d when double.IsFinite(d) && Math.Floor(d) == d && d >= long.MinValue && d < 9.2233720368547758E18:
                result = (long)d;
                return true;
            case string s:
                string t = s.Trim();
                if (long.TryParse(t, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long l))
                {
                    result = l;
                    return true;
                }

                if (double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out double parsed))
                {
                    return TryInteger(parsed, out result);
                }

                return false;
            default:
                if (value is IConvertible && IsScalar(value) && value is not bool and not char)
                {
                    try
                    {
                        result = Convert.ToInt64(value, CultureInfo.InvariantCulture);
                        return true;
                    }
                    catch (OverflowException)
                    {
                        return false;
                    }
                }

                return false;
        }
    }

    private static bool TryNumber(object value, out object? result)
    {
        result = value;
        switch (value)
        {
            case double:
                return true;
            case long l:
                result = (double)l;
                return true;
            case int i:
                result = (double)i;
                return true;
            case float f:
                result = (double)f;
                return true;
            case decimal m:
                result = (double)m;
                return true;
            case BigInteger big:
                result = (double)big;
                return true;
            case string s when double.TryParse(s.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double d):
                result = d;
                return true;
            default:
                return false;
        }
    }

    private static bool TryBoolean(object value, out object? result)
    {
        result = value;
        switch (value)
        {
            case bool:
                return true;
            case long l when l is 0 or 1:
                result = l == 1;
                return true;
            case int i when i is 0 or 1:
                result = i == 1;
                return true;
            case string s:
                switch (s.Trim().ToLowerInvariant())
                {
                    case "true" or "yes" or "1" or "on":
                        result = true;
                        return true;
                    case "false" or "no" or "0" or "off":
                        result = false;
                        return true;
                    default:
                        return false;
                }

            default:
                return false;
        }
    }
}
