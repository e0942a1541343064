using System.Net;
using System.Net.Http.Headers;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace PeroCore.Agent.Llm;

/// <summary>
/// An <see cref="IChatClient"/> for any OpenAI-compatible <c>/chat/completions</c> endpoint, over a shared
/// <see cref="HttpClient"/> whose handler retries transient failures before the answer starts. Created by
/// <see cref="LlmClientFactory"/>.
/// </summary>
internal sealed class OpenAiCompatibleChatClient : IChatClient
{
    private readonly LlmEndpoint _endpoint;
    private readonly HttpClient _http;
    private readonly LlmClientOptions _options;
    private readonly ILogger _logger;
    private readonly Uri _url;
    private readonly string _urlText;
    private readonly ChatClientMetadata _metadata;

    public OpenAiCompatibleChatClient(LlmEndpoint endpoint, HttpClient http, LlmClientOptions options, ILogger logger)
    {
        _endpoint = endpoint;
        _http = http;
        _options = options;
        _logger = logger;
        _url = LlmEndpointUrls.ChatCompletions(endpoint.BaseUrl);
        _urlText = LlmEndpointUrls.Describe(_url);
        _metadata = new ChatClientMetadata("openai-compatible", _url, endpoint.Model);
    }

    public LlmEndpoint Endpoint => _endpoint;

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var body = OpenAiRequestWriter.Write(_endpoint, messages, options, stream: false, out var messageCount, out var toolCount);
        LlmLog.Request(_logger, _urlText, options?.ModelId ?? _endpoint.Model, messageCount, false, toolCount);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.NonStreamingTimeout);
        using var response = await SendAsync(body, stream: false, timeout, cancellationToken).ConfigureAwait(false);
        return await ReadCompletionAsync(response, timeout, cancellationToken).ConfigureAwait(false);
    }

    private async Task<ChatResponse> ReadCompletionAsync(HttpResponseMessage response, CancellationTokenSource timeout, CancellationToken cancellationToken) =>
        ParseCompletion(await ReadAllAsync(response, timeout, cancellationToken).ConfigureAwait(false));

    private async Task<byte[]> ReadAllAsync(HttpResponseMessage response, CancellationTokenSource timeout, CancellationToken cancellationToken)
    {
        timeout.CancelAfter(_options.StreamIdleTimeout);
        try
        {
            return await response.Content.ReadAsByteArrayAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw Fail(new LlmException($"The LLM at {_urlText} stopped sending its answer for {LlmErrorText.Seconds(_options.StreamIdleTimeout)}.",
                LlmErrorKind.Timeout, isRetryable: true, endpointUrl: _urlText, innerException: ex));
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            throw Fail(new LlmException($"The connection to the LLM at {_urlText} broke while reading the answer: {ex.Message}",
                LlmErrorKind.Transport, isRetryable: true, endpointUrl: _urlText, innerException: ex));
        }
    }

    private ChatResponse ParseCompletion(byte[] bytes)
    {
        try
        {
            using var doc = JsonDocument.Parse(bytes);
            if (OpenAiResponseReader.EmbeddedError(doc.RootElement) is { } providerError)
            {
                throw Fail(new LlmException($"The LLM at {_urlText} returned an error: {providerError}",
                    LlmErrorKind.InvalidResponse, HttpStatusCode.OK, providerError, endpointUrl: _urlText));
            }

            var result = OpenAiResponseReader.ParseCompletion(doc.RootElement);
            LlmLog.Finished(_logger, _urlText, result.FinishReason?.Value);
            return result;
        }
        catch (Exception ex) when (ex is JsonException or FormatException)
        {
            throw Fail(new LlmException($"The LLM at {_urlText} answered with something that is not a chat completion: {ex.Message}",
                LlmErrorKind.InvalidResponse, HttpStatusCode.OK, endpointUrl: _urlText, innerException: ex));
        }
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        if (!_endpoint.Stream)
        {
            // The model card disables streaming: one plain request, replayed as updates.
            var whole = await GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
            foreach (var update in whole.ToChatResponseUpdates())
            {
                yield return update;
            }

            yield break;
        }

        var body = OpenAiRequestWriter.Write(_endpoint, messages, options, stream: true, out var messageCount, out var toolCount);
        LlmLog.Request(_logger, _urlText, options?.ModelId ?? _endpoint.Model, messageCount, true, toolCount);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.FirstByteTimeout);
        using var response = await SendAsync(body, stream: true, timeout, cancellationToken).ConfigureAwait(false);
        Stream stream;
        if (string.Equals(response.Content.Headers.ContentType?.MediaType, "application/json", StringComparison.OrdinalIgnoreCase))
        {
            var bytes = await ReadAllAsync(response, timeout, cancellationToken).ConfigureAwait(false);
            if (Array.FindIndex(bytes, b => b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')) is var first && first >= 0 && bytes[first] == (byte)'{')
            {
                // The server ignored "stream": true and sent one completion.
                foreach (var update in ParseCompletion(bytes).ToChatResponseUpdates())
                {
                    yield return update;
                }

                yield break;
            }

            // A stream mislabelled as JSON: read it as events.
            stream = new MemoryStream(bytes, writable: false);
        }
        else
        {
            stream = await OpenBodyAsync(response, timeout, cancellationToken).ConfigureAwait(false);
        }

        // From the first byte on, the idle timeout applies instead of the first-byte timeout; any bytes (comments and
        // keep-alives too) restart it.
        var state = new StreamState();
        var idle = _options.StreamIdleTimeout;
        await using var eventBody = new SseBodyStream(stream, () =>
        {
            state.Started = true;
            timeout.CancelAfter(idle);
        });
        await using var events = SseParser.Create(eventBody, static (_, data) => data.ToArray()).EnumerateAsync(timeout.Token).GetAsyncEnumerator();

        var updates = new List<ChatResponseUpdate>(1);
        var done = false;
        while (!done && await NextEventAsync(events, state, cancellationToken).ConfigureAwait(false))
        {
            done = !ReadEvent(events.Current.Data, state, updates);
            foreach (var update in updates)
            {
                yield return update;
            }

            updates.Clear();
        }

        var final = new List<AIContent>();
        if (state.ToolCalls.HasCalls)
        {
            final.AddRange(state.ToolCalls.Build());
        }

        if (state.Usage is not null)
        {
            final.Add(new UsageContent(state.Usage));
        }

        LlmLog.Finished(_logger, _urlText, state.Finish?.Value);
        if (final.Count > 0 || state.Finish is not null)
        {
            yield return new ChatResponseUpdate(ChatRole.Assistant, final)
            {
                ResponseId = state.ResponseId,
                MessageId = state.ResponseId,
                ModelId = state.ModelId,
                CreatedAt = state.CreatedAt,
                FinishReason = state.Finish ?? (state.ToolCalls.HasCalls ? ChatFinishReason.ToolCalls : null),
            };
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is not null)
        {
            return null;
        }

        if (serviceType == typeof(ChatClientMetadata))
        {
            return _metadata;
        }

        if (serviceType == typeof(LlmEndpoint))
        {
            return _endpoint;
        }

        return serviceType.IsInstanceOfType(this) ? this : null;
    }

    public void Dispose()
    {
        // The HttpClient belongs to the factory.
    }

    /// <summary>
    /// Reads the data of one event into <paramref name="updates"/>; false at <c>[DONE]</c>. An event normally carries one
    /// JSON chunk (its data lines joined with a line feed, as SSE says). Data that is not one JSON value but has several
    /// lines comes from a server that ends its events with a single newline: each line is then read as its own event.
    /// </summary>
    private bool ReadEvent(ReadOnlyMemory<byte> data, StreamState state, List<ChatResponseUpdate> updates)
    {
        data = data.Trim(" \t\r\n"u8);
        if (data.IsEmpty)
        {
            return true;
        }

        if (data.Span.SequenceEqual("[DONE]"u8))
        {
            return false;
        }

        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(data);
        }
        catch (JsonException)
        {
            if (data.Span.IndexOf((byte)'\n') < 0)
            {
                LlmLog.SkippedEvent(_logger, _urlText, data.Length);
                return true;
            }

            while (!data.IsEmpty)
            {
                var end = data.Span.IndexOf((byte)'\n');
                var line = end < 0 ? data : data[..end];
                data = end < 0 ? ReadOnlyMemory<byte>.Empty : data[(end + 1)..];
                if (!ReadEvent(line, state, updates))
                {
                    return false;
                }
            }

            return true;
        }

        using (doc)
        {
            if (ReadChunk(doc.RootElement, state) is { } update)
            {
                updates.Add(update);
            }
        }

        return true;
    }

    private ChatResponseUpdate? ReadChunk(JsonElement root, StreamState state)
    {
        if (OpenAiResponseReader.EmbeddedError(root) is { } providerError)
        {
            throw Fail(new LlmException($"The LLM at {_urlText} reported an error in the middle of its answer: {providerError}",
                LlmErrorKind.InvalidResponse, HttpStatusCode.OK, providerError, endpointUrl: _urlText));
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        state.ResponseId ??= OpenAiResponseReader.Str(root, "id");
        state.ModelId ??= OpenAiResponseReader.Str(root, "model");
        state.CreatedAt ??= OpenAiResponseReader.Created(root);
        state.Usage = OpenAiResponseReader.Usage(root) ?? state.Usage;

        if (!root.TryGetProperty("choices", out var choices) || choices.ValueKind != JsonValueKind.Array || choices.GetArrayLength() == 0)
        {
            return null;
        }

        var choice = choices[0];
        if (OpenAiResponseReader.FinishReason(OpenAiResponseReader.Str(choice, "finish_reason")) is { } f)
        {
            state.Finish = f;
        }

        if (!choice.TryGetProperty("delta", out var delta) || delta.ValueKind != JsonValueKind.Object)
        {
            // Some servers put a full message in the last chunk.
            if (!choice.TryGetProperty("message", out delta) || delta.ValueKind != JsonValueKind.Object)
            {
                return null;
            }
        }

        var contents = new List<AIContent>(2);
        if ((OpenAiResponseReader.Str(delta, "reasoning_content") ?? OpenAiResponseReader.Str(delta, "reasoning")) is { Length: > 0 } reasoning)
        {
            contents.Add(new TextReasoningContent(reasoning));
        }

        if (OpenAiResponseReader.Str(delta, "content") is { Length: > 0 } text)
        {
            contents.Add(new TextContent(text));
        }

        if (delta.TryGetProperty("tool_calls", out var calls))
        {
            state.ToolCalls.Add(calls);
        }

        if (contents.Count == 0)
        {
            return null;
        }

        return new ChatResponseUpdate(ChatRole.Assistant, contents)
        {
            ResponseId = state.ResponseId,
            MessageId = state.ResponseId,
            ModelId = state.ModelId,
            CreatedAt = state.CreatedAt,
        };
    }

    private async Task<HttpResponseMessage> SendAsync(byte[] body, bool stream, CancellationTokenSource timeout, CancellationToken callerToken)
    {
        var attempts = new StrongBox<int>(0);
        using var request = new HttpRequestMessage(HttpMethod.Post, _url);
        request.Content = new ByteArrayContent(body);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(stream ? "text/event-stream" : "application/json"));
        if (_endpoint.HasApiKey)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _endpoint.ApiKey);
        }

        request.Options.Set(AttemptCountingHandler.Key, attempts);

        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (!callerToken.IsCancellationRequested)
        {
            throw Fail(LlmErrorText.NoAnswer(_urlText, stream ? _options.FirstByteTimeout : _options.NonStreamingTimeout, attempts.Value, ex));
        }
        catch (HttpRequestException ex)
        {
            throw Fail(LlmErrorText.Unreachable(_urlText, ex, attempts.Value));
        }

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            string? errorBody = null;
            try
            {
                errorBody = await ReadBoundedAsync(response.Content, 64 * 1024, timeout.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException || (ex is OperationCanceledException && !callerToken.IsCancellationRequested))
            {
                // The status alone is enough to report.
            }

            throw Fail(LlmErrorText.Status(_urlText, response.StatusCode, response.ReasonPhrase, errorBody, attempts.Value));
        }
    }

    private async Task<Stream> OpenBodyAsync(HttpResponseMessage response, CancellationTokenSource timeout, CancellationToken callerToken)
    {
        try
        {
            return await response.Content.ReadAsStreamAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (!callerToken.IsCancellationRequested)
        {
            throw Fail(LlmErrorText.NoAnswer(_urlText, _options.FirstByteTimeout, 1, ex));
        }
    }

    private async ValueTask<bool> NextEventAsync(IAsyncEnumerator<SseItem<byte[]>> events, StreamState state, CancellationToken callerToken)
    {
        try
        {
            return await events.MoveNextAsync().ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (!callerToken.IsCancellationRequested)
        {
            var message = state.Started
                ? $"The LLM at {_urlText} went silent for {LlmErrorText.Seconds(_options.StreamIdleTimeout)} in the middle of its answer."
                : $"The LLM at {_urlText} did not start answering within {LlmErrorText.Seconds(_options.FirstByteTimeout)}.";
            throw Fail(new LlmException(message, LlmErrorKind.Timeout, isRetryable: true, endpointUrl: _urlText, innerException: ex));
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            throw Fail(new LlmException($"The connection to the LLM at {_urlText} broke in the middle of its answer: {ex.Message}",
                LlmErrorKind.Transport, isRetryable: true, endpointUrl: _urlText, innerException: ex));
        }
    }

    private static async Task<string> ReadBoundedAsync(HttpContent content, int maxBytes, CancellationToken cancellationToken)
    {
        var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var buffer = new byte[maxBytes];
            var total = 0;
            int read;
            while (total < maxBytes && (read = await stream.ReadAsync(buffer.AsMemory(total, maxBytes - total), cancellationToken).ConfigureAwait(false)) > 0)
            {
                total += read;
            }

            return Encoding.UTF8.GetString(buffer, 0, total);
        }
    }

    private LlmException Fail(LlmException ex)
    {
        LlmLog.Failed(_logger, _urlText, ex.Kind, ex.StatusCode is { } s ? (int)s : null);
        return ex;
    }

    /// <summary>What a stream has told so far.</summary>
    private sealed class StreamState
    {
        public ToolCallAccumulator ToolCalls { get; } = new();

        public bool Started { get; set; }

        public string? ResponseId { get; set; }

        public string? ModelId { get; set; }

        public DateTimeOffset? CreatedAt { get; set; }

        public ChatFinishReason? Finish { get; set; }

        public UsageDetails? Usage { get; set; }
    }
}
