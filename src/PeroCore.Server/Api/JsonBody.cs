using System.Text.Json;
using System.Text.Json.Nodes;

namespace PeroCore.Server.Api;

/// <summary>Reads a JSON request body and its fields with errors that name the field.</summary>
public static class JsonBody
{
    /// <summary>Reads the body as a JSON object; a missing, empty or invalid body is a 400.</summary>
    public static async Task<JsonObject> ReadObjectAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        JsonNode? node;
        try
        {
            node = await JsonNode.ParseAsync(request.Body, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException ex)
        {
            throw new RequestValidationException($"The request body is not valid JSON: {ex.Message}", ex);
        }

        return node as JsonObject ?? throw new RequestValidationException("The request body must be a JSON object.");
    }

    /// <summary>A string field (null if absent or null).</summary>
    public static string? String(JsonObject body, string field) => body[field] switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        _ => throw Wrong(field, "a string"),
    };

    /// <summary>A required, non-blank string field.</summary>
    public static string RequiredString(JsonObject body, string field) =>
        String(body, field) is { } s && !string.IsNullOrWhiteSpace(s) ? s : throw new RequestValidationException($"'{field}' is required and must be a non-empty string.");

    /// <summary>A number field (null if absent or null).</summary>
    public static double? Number(JsonObject body, string field) => body[field] switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => v.GetValue<double>(),
        _ => throw Wrong(field, "a number"),
    };

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
    public static bool? Boolean(JsonObject body, string field) => body[field] switch
    {
        null => null,
        JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False => v.GetValue<bool>(),
        _ => throw Wrong(field, "true or false"),
    };

    /// <summary>Throws if the body has a field outside <paramref name="known"/>.</summary>
    public static void RejectUnknown(JsonObject body, IReadOnlyCollection<string> known)
    {
        ArgumentNullException.ThrowIfNull(body);
        foreach (var (name, _) in body)
        {
            if (!known.Contains(name))
            {
                throw new RequestValidationException($"Unknown field '{name}'. Known fields: {string.Join(", ", known)}.");
            }
        }
    }

    private static RequestValidationException Wrong(string field, string expected) => new($"'{field}' must be {expected}.");
}
