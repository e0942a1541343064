namespace PeroCore.Agent.Llm;

/// <summary>
/// The URL rule for OpenAI-compatible endpoints: the base is trimmed of whitespace and trailing slashes; a base that
/// already ends in <c>/v1</c> gets <c>/chat/completions</c> (or <c>/models</c>) appended, any other base gets
/// <c>/v1/chat/completions</c> (or <c>/v1/models</c>). The speech endpoints (<c>audio/transcriptions</c>,
/// <c>audio/speech</c>) follow the same rule.
/// </summary>
public static class LlmEndpointUrls
{
    /// <summary>The chat completions URL for a base URL.</summary>
    /// <exception cref="ArgumentException">The base is not an absolute http(s) URL.</exception>
    public static Uri ChatCompletions(string baseUrl) => Combine(baseUrl, "chat/completions");

    /// <summary>The model listing URL for a base URL.</summary>
    /// <exception cref="ArgumentException">The base is not an absolute http(s) URL.</exception>
    public static Uri Models(string baseUrl) => Combine(baseUrl, "models");

    /// <summary>The speech-to-text URL (<c>/v1/audio/transcriptions</c>) for a base URL.</summary>
    /// <exception cref="ArgumentException">The base is not an absolute http(s) URL.</exception>
    public static Uri AudioTranscriptions(string baseUrl) => Combine(baseUrl, "audio/transcriptions");

    /// <summary>The text-to-speech URL (<c>/v1/audio/speech</c>) for a base URL.</summary>
    /// <exception cref="ArgumentException">The base is not an absolute http(s) URL.</exception>
    public static Uri AudioSpeech(string baseUrl) => Combine(baseUrl, "audio/speech");

    /// <summary>True when <paramref name="baseUrl"/> is an absolute http or https URL.</summary>
    public static bool IsValidBase(string? baseUrl) =>
        !string.IsNullOrWhiteSpace(baseUrl)
        && Uri.TryCreate(baseUrl.Trim(), UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    /// <summary>
    /// The URL without query string or user info, for error messages and logs (some providers put keys in the query).
    /// </summary>
    public static string Describe(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        return url.GetLeftPart(UriPartial.Path).Replace(url.UserInfo + "@", string.Empty, StringComparison.Ordinal);
    }

    private static Uri Combine(string baseUrl, string tail)
    {
        if (!IsValidBase(baseUrl))
        {
            throw new ArgumentException($"The LLM base URL '{baseUrl}' is not an absolute http(s) URL.", nameof(baseUrl));
        }

        var trimmed = baseUrl.Trim().TrimEnd('/');
        var query = string.Empty;
        var q = trimmed.IndexOf('?', StringComparison.Ordinal);
        if (q >= 0)
        {
            query = trimmed[q..];
            trimmed = trimmed[..q].TrimEnd('/');
        }

        var prefix = trimmed.EndsWith("/v1", StringComparison.OrdinalIgnoreCase) ? trimmed : trimmed + "/v1";
        return new Uri(prefix + "/" + tail + query, UriKind.Absolute);
    }
}
