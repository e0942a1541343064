using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Polly;

namespace PeroCore.Agent.Llm;

/// <summary>
/// Creates <see cref="IChatClient"/>s for OpenAI-compatible endpoints and lists their models. One factory owns one
/// connection pool and one retry pipeline shared by every client it creates; register it as a singleton and dispose
/// it with the host.
/// </summary>
/// <remarks>
/// <para>The clients speak the Chat Completions protocol directly over <see cref="HttpClient"/>, with events split by
/// <see cref="System.Net.ServerSentEvents.SseParser"/> (the OpenAI SDK sends <c>max_completion_tokens</c>, insists on a
/// key and loses tool calls, error events and non-streamed answers of local servers; the evidence is in
/// <c>docs/ARCHITECTURE.md</c>, "LLM client: why our own"): text deltas are streamed,
/// native tool-call deltas are merged by index into <see cref="FunctionCallContent"/>s (each carrying an
/// <see cref="LlmToolCall"/> with the raw arguments), <see cref="ChatResponseFormat.Json"/> becomes
/// <c>response_format: json_object</c>, and the model card's temperature, top_p and max_tokens are sent unless a call
/// overrides them through <see cref="ChatOptions"/>.</para>
/// <para>Resilience: 408, 429, 5xx and transport errors are retried with exponential back-off and jitter, honouring
/// <c>Retry-After</c>, but only before the answer starts (never in the middle of a stream). The first-byte timeout covers
/// all attempts; cancelling the caller's token aborts the HTTP request. Failures surface as <see cref="LlmException"/>.</para>
/// </remarks>
public sealed class LlmClientFactory : IDisposable
{
    private readonly HttpClient _http;
    private readonly LlmClientOptions _options;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;

    /// <summary>Creates a factory (dependency-injection friendly).</summary>
    /// <param name="options">Transport settings; defaults when null.</param>
    /// <param name="loggerFactory">Logging; none when null.</param>
    public LlmClientFactory(IOptions<LlmClientOptions>? options = null, ILoggerFactory? loggerFactory = null)
        : this(options?.Value ?? new LlmClientOptions(), loggerFactory, primaryHandler: null)
    {
    }

    /// <summary>Creates a factory with an explicit primary handler (tests, proxies).</summary>
    /// <param name="options">Transport settings.</param>
    /// <param name="loggerFactory">Logging; none when null.</param>
    /// <param name="primaryHandler">The innermost handler; a pooled <see cref="SocketsHttpHandler"/> when null. The factory disposes it.</param>
    public LlmClientFactory(LlmClientOptions options, ILoggerFactory? loggerFactory, HttpMessageHandler? primaryHandler)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        _logger = _loggerFactory.CreateLogger<LlmClientFactory>();

        primaryHandler ??= new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectTimeout = options.ConnectTimeout,
            AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate | DecompressionMethods.Brotli,

            // A stream abandoned by its caller (cancelled, failed, stopped early) closes its connection at once, so the
            // server sees the abort instead of the handler draining the rest of the answer for up to 2 s.
            ResponseDrainTimeout = TimeSpan.Zero,
        };

        var counting = new AttemptCountingHandler { InnerHandler = primaryHandler };
#pragma warning disable CA2000 // The HttpClient owns and disposes the handler chain.
        var resilience = new ResilienceHandler(BuildPipeline(options, _logger)) { InnerHandler = counting };
#pragma warning restore CA2000
        _http = new HttpClient(resilience, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>The transport settings in force.</summary>
    public LlmClientOptions Options => _options;

    /// <summary>
    /// A chat client for <paramref name="endpoint"/>. Cheap: clients share the factory's connections; disposing a client
    /// does nothing. <c>GetService(typeof(LlmEndpoint))</c> returns the endpoint.
    /// </summary>
    /// <exception cref="ArgumentException">The endpoint's base URL is not an absolute http(s) URL, or the model is empty.</exception>
    public IChatClient Create(LlmEndpoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        if (string.IsNullOrWhiteSpace(endpoint.Model))
        {
            throw new ArgumentException("The endpoint has no model id.", nameof(endpoint));
        }

        return new OpenAiCompatibleChatClient(endpoint, _http, _options, _loggerFactory.CreateLogger<OpenAiCompatibleChatClient>());
    }

    /// <summary>
    /// Lists the model ids served at <c>GET {base}/v1/models</c> (same URL rule as chat). Accepts
    /// <c>{"data":[{"id":..}]}</c>, <c>{"models":[..]}</c> or a bare array, with items given as strings or objects with
    /// <c>id</c> or <c>name</c>. Returns the ids sorted (ordinal) without duplicates.
    /// </summary>
    /// <exception cref="LlmException">The server failed, answered an error status or an unreadable body (never an empty list in disguise).</exception>
    public async Task<IReadOnlyList<string>> ListModelsAsync(string baseUrl, string? apiKey, CancellationToken cancellationToken = default)
    {
        var url = LlmEndpointUrls.Models(baseUrl);
        var urlText = LlmEndpointUrls.Describe(url);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.FirstByteTimeout);

        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (!string.IsNullOrEmpty(apiKey))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }

        string body;
        HttpStatusCode status;
        var attempts = new System.Runtime.CompilerServices.StrongBox<int>(0);
        request.Options.Set(AttemptCountingHandler.Key, attempts);
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token).ConfigureAwait(false);
            status = response.StatusCode;
            body = await response.Content.ReadAsStringAsync(timeout.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw LlmErrorText.Status(urlText, status, response.ReasonPhrase, body, attempts.Value);
            }
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw LlmErrorText.NoAnswer(urlText, _options.FirstByteTimeout, attempts.Value, ex);
        }
        catch (HttpRequestException ex)
        {
            throw LlmErrorText.Unreachable(urlText, ex, attempts.Value);
        }

        try
        {
            using var doc = JsonDocument.Parse(body);
            return ParseModelIds(doc.RootElement);
        }
        catch (Exception ex) when (ex is JsonException or FormatException)
        {
            throw new LlmException($"The LLM at {urlText} answered with something that is not a model list: {ex.Message}",
                LlmErrorKind.InvalidResponse, status, endpointUrl: urlText, innerException: ex);
        }
    }

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();

    internal static IReadOnlyList<string> ParseModelIds(JsonElement root)
    {
        JsonElement list;
        if (root.ValueKind == JsonValueKind.Array)
        {
            list = root;
        }
        else if (root.ValueKind == JsonValueKind.Object &&
                 ((root.TryGetProperty("data", out list) && list.ValueKind == JsonValueKind.Array) ||
                  (root.TryGetProperty("models", out list) && list.ValueKind == JsonValueKind.Array)))
        {
            // list is set.
        }
        else
        {
            throw new FormatException("expected an array, or an object with a 'data' or 'models' array");
        }

        var ids = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var item in list.EnumerateArray())
        {
            var id = item.ValueKind switch
            {
                JsonValueKind.String => item.GetString(),
                JsonValueKind.Object => OpenAiResponseReader.Str(item, "id") ?? OpenAiResponseReader.Str(item, "name"),
                _ => null,
            };
            if (!string.IsNullOrWhiteSpace(id))
            {
                ids.Add(id.Trim());
            }
        }

        return [.. ids];
    }

    private static ResiliencePipeline<HttpResponseMessage> BuildPipeline(LlmClientOptions options, ILogger logger)
    {
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage>();
        if (options.MaxRetries == 0)
        {
            return builder.Build();
        }

        var retry = new HttpRetryStrategyOptions
        {
            MaxRetryAttempts = options.MaxRetries,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = options.RetryBaseDelay,
            MaxDelay = options.RetryMaxDelay,
            ShouldRetryAfterHeader = true,
        };
        var transient = retry.ShouldHandle;
        retry.ShouldHandle = async args =>
        {
            if (!await transient(args).ConfigureAwait(false))
            {
                return false;
            }

            // A server that asks to come back much later is not retried: the caller learns at once.
            return args.Outcome.Result is not { } response || RetryAfter(response) is not { } wait || wait <= options.MaxRetryAfter;
        };
        retry.OnRetry = args =>
        {
            var reason = args.Outcome.Result is { } r ? ((int)r.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture)
                : args.Outcome.Exception?.GetType().Name ?? "unknown";
            LlmLog.Retrying(logger, reason, args.AttemptNumber + 1, args.RetryDelay.TotalMilliseconds);
            return default;
        };
        return builder.AddRetry(retry).Build();
    }

    private static TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        if (response.Headers.RetryAfter is not { } header)
        {
            return null;
        }

        if (header.Delta is { } delta)
        {
            return delta;
        }

        return header.Date is { } date ? date - DateTimeOffset.UtcNow : null;
    }
}
