using System.Net.Http.Headers;
using PeroCore.Agent.Llm;

namespace PeroCore.Agent.Speech;

/// <summary>Sends one request to a speech API with a timeout and a size limit, turning every failure into a <see cref="SpeechException"/>.</summary>
internal static class SpeechHttp
{
    private const int ErrorBodyShown = 300;

    public static async Task<(byte[] Body, string? MediaType)> SendAsync(HttpClient http, HttpRequestMessage request, string? apiKey, TimeSpan timeout,
        long maxBytes, string what, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrEmpty(apiKey))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }

        var shown = LlmEndpointUrls.Describe(request.RequestUri!);
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeoutSource.Token).ConfigureAwait(false);
            var body = await ReadLimitedAsync(response.Content, maxBytes, what, timeoutSource.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                var text = System.Text.Encoding.UTF8.GetString(body.AsSpan(0, Math.Min(body.Length, ErrorBodyShown * 4)));
                text = text.Length > ErrorBodyShown ? text[..ErrorBodyShown] + "…" : text;
                throw new SpeechException($"The {what} service at {shown} answered {(int)response.StatusCode} {response.ReasonPhrase}: {text.Trim()}. " +
                                          "Check the api_base, api_key and model of the active voice configuration (/api/voice-configs).", SpeechFailure.Upstream);
            }

            return (body, response.Content.Headers.ContentType?.MediaType);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new SpeechException($"The {what} service at {shown} did not answer within {timeout.TotalSeconds:0} s (Voice:*TimeoutSeconds).", SpeechFailure.Upstream, ex);
        }
        catch (HttpRequestException ex)
        {
            throw new SpeechException($"The {what} service at {shown} could not be reached ({ex.Message}). " +
                                      "Start it or fix the api_base of the active voice configuration (/api/voice-configs).", SpeechFailure.Upstream, ex);
        }
    }

    private static async Task<byte[]> ReadLimitedAsync(HttpContent content, long maxBytes, string what, CancellationToken cancellationToken)
    {
        if (content.Headers.ContentLength > maxBytes)
        {
            throw new SpeechException($"The {what} service answered {content.Headers.ContentLength} bytes; the limit is {maxBytes} (Voice:MaxAudioMegabytes).", SpeechFailure.Upstream);
        }

        var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            using var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > maxBytes)
                {
                    throw new SpeechException($"The {what} service answered more than {maxBytes} bytes (Voice:MaxAudioMegabytes).", SpeechFailure.Upstream);
                }

                buffer.Write(chunk, 0, read);
            }

            return buffer.ToArray();
        }
    }
}
