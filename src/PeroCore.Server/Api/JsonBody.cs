using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PeroCore.Server.Api;

/// <summary>Reads a JSON request body and its fields with errors that name the field.</summary>
internal static class JsonBody
{
    private const int MaxDepth = 64;

    /// <summary>
    /// Reads the body as a JSON object. A missing, empty or invalid body is a 422; text a store could not
    /// keep: invalid UTF-8, an escaped lone surrogate (<c>"\ud800"</c>) or a NUL character, in a value or a property
    /// name, is a 400, each reported with the path of the field (<c>messages[0].content</c>). A string longer than
    /// <see cref="FieldLimits.Text"/> is a 422 naming the field. A body over the server's size limit is a 413.
    /// </summary>
    public static async Task<JsonObject> ReadObjectAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        byte[] utf8;
        using (var buffer = new MemoryStream())
        {
            await request.Body.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
            utf8 = buffer.ToArray();
        }

        return ParseObject(utf8, "The request body");
    }

    /// <summary>
    /// Checks and parses one JSON object held in <paramref name="utf8"/> (a request body or one line of a JSON Lines
    /// file, named <paramref name="subject"/> in the messages) under the rules of <see cref="ReadObjectAsync"/>.
    /// </summary>
    /// <exception cref="RequestValidationException">Not a JSON object, invalid JSON, a string over its limit.</exception>
    /// <exception cref="BadHttpRequestException">Invalid UTF-8, a lone surrogate or a NUL character (400).</exception>
    public static JsonObject ParseObject(ReadOnlySpan<byte> utf8, string subject)
    {
        Validate(utf8, subject);
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(utf8, documentOptions: new JsonDocumentOptions { MaxDepth = MaxDepth, AllowDuplicateProperties = false });
        }
        catch (JsonException ex)
        {
            throw new RequestValidationException($"{subject} is not valid JSON: {ex.Message}", ex);
        }

        return node as JsonObject ?? throw new RequestValidationException($"{subject} must be a JSON object.");
    }

    /// <summary>A string field (null if absent or null), at most <paramref name="maxLength"/> characters.</summary>
    public static string? String(JsonObject body, string field, int maxLength = FieldLimits.Text)
    {
        ArgumentNullException.ThrowIfNull(body);
        return Text(body[field], field, maxLength);
    }

    /// <summary>A required, non-blank string field of at most <paramref name="maxLength"/> characters.</summary>
    public static string RequiredString(JsonObject body, string field, int maxLength = FieldLimits.Text) =>
        String(body, field, maxLength) is { } s && !string.IsNullOrWhiteSpace(s) ? s : throw new RequestValidationException($"'{field}' is required and must be a non-empty string.");

    /// <summary>The text of a JSON node that must be a string (null if absent or null), at most <paramref name="maxLength"/> characters.</summary>
    public static string? Text(JsonNode? node, string path, int maxLength = FieldLimits.Text)
    {
        var value = node switch
        {
            null => null,
            JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
            _ => throw Wrong(path, "a string"),
        };
        return value is { } s && s.Length > maxLength ? throw TooLong(path, s.Length, maxLength) : value;
    }

    /// <summary>A 422 naming a field whose value is longer than its limit.</summary>
    public static RequestValidationException TooLong(string path, int length, int maxLength) =>
        new($"'{path}' is {length} characters long; the limit is {maxLength}.");

    /// <summary>A number field (null if absent or null).</summary>
    public static double? Number(JsonObject body, string field)
    {
        ArgumentNullException.ThrowIfNull(body);
        return body[field] switch
        {
            null => null,
            JsonValue v when v.GetValueKind() == JsonValueKind.Number => v.GetValue<double>(),
            _ => throw Wrong(field, "a number"),
        };
    }

    /// <summary>An integer field (null if absent or null).</summary>
    public static int? Integer(JsonObject body, string field)
    {
        var n = Number(body, field);
        return n switch
        {
            null => null,
            _ when n == Math.Floor(n.Value) && n >= int.MinValue && n <= int.MaxValue => (int)n.Value,
            _ => throw Wrong(field, "an integer"),
        };
    }

    /// <summary>A boolean field (null if absent or null).</summary>
    public static bool? Boolean(JsonObject body, string field)
    {
        ArgumentNullException.ThrowIfNull(body);
        return body[field] switch
        {
            null => null,
            JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False => v.GetValue<bool>(),
            _ => throw Wrong(field, "true or false"),
        };
    }

    /// <summary>Throws if the body has a field outside <paramref name="known"/>.</summary>
    public static void RejectUnknown(JsonObject body, IReadOnlyCollection<string> known)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(known);
        foreach (var (name, _) in body)
        {
            if (!known.Contains(name))
            {
                throw new RequestValidationException($"Unknown field '{Shown(name)}'. Known fields: {string.Join(", ", known)}.");
            }
        }
    }

    /// <summary>
    /// Walks every token once. Property names and strings must decode to valid UTF-16 without NUL, and no string may be
    /// longer than <see cref="FieldLimits.Text"/>; syntax errors are reported with their position.
    /// </summary>
    private static void Validate(ReadOnlySpan<byte> utf8, string subject)
    {
        if (utf8.IsEmpty)
        {
            throw new RequestValidationException($"{subject} is not valid JSON: it is empty; send a JSON object.");
        }

        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = MaxDepth });
        var path = new List<(bool IsArray, int Index, string? Name)>();
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        var name = Decode(ref reader, path, "a property name");
                        path[^1] = (false, 0, name);
                        break;
                    case JsonTokenType.StartObject or JsonTokenType.StartArray:
                        Advance(path);
                        path.Add((reader.TokenType == JsonTokenType.StartArray, -1, null));
                        break;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        path.RemoveAt(path.Count - 1);
                        break;
                    case JsonTokenType.String:
                        Advance(path);
                        var text = Decode(ref reader, path, "a value");
                        if (text.Length > FieldLimits.Text)
                        {
                            throw TooLong(PathOf(path), text.Length, FieldLimits.Text);
                        }

                        break;
                    default:
                        Advance(path);
                        break;
                }
            }
        }
        catch (JsonException ex)
        {
            throw new RequestValidationException($"{subject} is not valid JSON: {ex.Message}", ex);
        }
    }

    private static void Advance(List<(bool IsArray, int Index, string? Name)> path)
    {
        if (path.Count > 0 && path[^1].IsArray)
        {
            path[^1] = (true, path[^1].Index + 1, null);
        }
    }

    private static string Decode(ref Utf8JsonReader reader, List<(bool IsArray, int Index, string? Name)> path, string what)
    {
        string text;
        try
        {
            text = reader.GetString() ?? string.Empty;
        }
        catch (InvalidOperationException ex)
        {
            throw new BadHttpRequestException(
                $"{Where(path, what)} is not valid text: it holds invalid UTF-8 or a lone UTF-16 surrogate (such as \"\\ud800\"). Send valid Unicode text.",
                StatusCodes.Status400BadRequest, ex);
        }

        if (text.Contains('\0', StringComparison.Ordinal))
        {
            throw new BadHttpRequestException(
                $"{Where(path, what)} contains a NUL character (\\u0000), which PeroCore does not store. Remove it.", StatusCodes.Status400BadRequest);
        }

        return text;
    }

    private static string Where(List<(bool IsArray, int Index, string? Name)> path, string what) =>
        what == "a value" && path.Count > 0 ? $"'{PathOf(path)}'" : path.Count > 1 ? $"A property name inside '{PathOf(path.SkipLast(1))}'" : "A property name";

    private static string PathOf(IEnumerable<(bool IsArray, int Index, string? Name)> path)
    {
        var text = new StringBuilder();
        foreach (var (isArray, index, name) in path)
        {
            if (isArray)
            {
                text.Append('[').Append(index.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append(']');
            }
            else if (name is not null)
            {
                if (text.Length > 0)
                {
                    text.Append('.');
                }

                text.Append(Shown(name));
            }
        }

        return text.Length == 0 ? "(body)" : text.ToString();
    }

    private static string Shown(string name) => name.Length > 100 ? name[..100] + "…" : name;

    private static RequestValidationException Wrong(string field, string expected) => new($"'{field}' must be {expected}.");
}
