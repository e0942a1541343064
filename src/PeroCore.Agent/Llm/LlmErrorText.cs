using System.Net;
using System.Text.Json;

namespace PeroCore.Agent.Llm;

/// <summary>Extracts a short provider message from an error body and builds user-facing sentences.</summary>
internal static class LlmErrorText
{
    public const int MaxProviderMessage = 500;

    /// <summary>
    /// The provider's message from bodies such as <c>{"error":{"message":"..."}}</c>, <c>{"error":"..."}</c>,
    /// <c>{"message":"..."}</c>, <c>{"detail":"..."}</c>, or the trimmed raw text; null when empty.
    /// </summary>
    public static string? ExtractProviderMessage(string? body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }

        var trimmed = body.Trim();
        if (trimmed.StartsWith('{'))
        {
            try
            {
                using var doc = JsonDocument.Parse(trimmed);
                if (FromElement(doc.RootElement) is { Length: > 0 } found)
                {
                    return Shorten(found);
                }
            }
            catch (JsonException)
            {
                // Not JSON after all: fall through to the raw text.
            }
        }

        return Shorten(trimmed);
    }

    public static string? FromElement(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return root.ValueKind == JsonValueKind.String ? root.GetString() : null;
        }

        foreach (var name in (ReadOnlySpan<string>)["error", "message", "detail", "msg", "error_message"])
        {
            if (!root.TryGetProperty(name, out var value))
            {
                continue;
            }

            switch (value.ValueKind)
            {
                case JsonValueKind.String:
                    return value.GetString();
                case JsonValueKind.Object:
                    if (FromElement(value) is { Length: > 0 } inner)
                    {
                        return inner;
                    }

                    return value.GetRawText();
                case JsonValueKind.Array when value.GetArrayLength() > 0:
                    return FromElement(value[0]) ?? value.GetRawText();
                default:
                    break;
            }
        }

        return null;
    }

    public static string Shorten(string text)
    {
        var oneLine = text.ReplaceLineEndings(" ").Trim();
        if (oneLine.Length <= MaxProviderMessage)
        {
            return oneLine;
        }

        var cut = MaxProviderMessage;
        if (char.IsHighSurrogate(oneLine[cut - 1]))
        {
            cut--;
        }

        return oneLine[..cut] + "...";
    }

    public static bool IsRetryableStatus(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)status >= 500;

    public static string StatusText(HttpStatusCode status, string? reasonPhrase)
    {
        var reason = string.IsNullOrWhiteSpace(reasonPhrase) ? SplitWords(status.ToString()) : reasonPhrase.Trim();
        return $"{(int)status} {reason}";
    }

    public static string Attempts(int attempts) => attempts > 1 ? $" (after {attempts} attempts)" : string.Empty;

    public static string Seconds(TimeSpan t) => t.TotalSeconds >= 1 ? $"{t.TotalSeconds:0.#} s" : $"{t.TotalMilliseconds:0} ms";

    /// <summary>No response headers within <paramref name="limit"/>.</summary>
    public static LlmException NoAnswer(string url, TimeSpan limit, int attempts, Exception inner) =>
        new($"The LLM at {url} did not answer within {Seconds(limit)}{Attempts(attempts)}.", LlmErrorKind.Timeout, isRetryable: true, endpointUrl: url, innerException: inner);

    /// <summary>The request could not be sent or the connection failed before an answer.</summary>
    public static LlmException Unreachable(string url, HttpRequestException inner, int attempts) =>
        new($"Could not reach the LLM at {url}: {inner.Message}{Attempts(attempts)}", LlmErrorKind.Transport, isRetryable: true, endpointUrl: url, innerException: inner);

    /// <summary>A non-success status, with the provider's message taken from <paramref name="body"/>.</summary>
    public static LlmException Status(string url, HttpStatusCode status, string? reasonPhrase, string? body, int attempts)
    {
        var provider = ExtractProviderMessage(body);
        var text = $"The LLM at {url} answered {StatusText(status, reasonPhrase)}" + (provider is null ? string.Empty : ": " + provider) + Attempts(attempts);
        return new LlmException(text, LlmErrorKind.HttpStatus, status, provider, IsRetryableStatus(status), url);
    }

    private static string SplitWords(string name)
    {
        if (int.TryParse(name, out _))
        {
            return "Error";
        }

        var sb = new System.Text.StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            if (i > 0 && char.IsUpper(name[i]))
            {
                sb.Append(' ');
            }

            sb.Append(name[i]);
        }

        return sb.ToString();
    }
}
