using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace PeroCore.Memory.Embeddings;

/// <summary>
/// An embedder that calls an OpenAI-compatible <c>POST {BaseUrl}/embeddings</c> endpoint (OpenAI, Ollama,
/// vLLM, LM Studio, llama.cpp server...). Inputs are sent in batches of at most
/// <see cref="OpenAiCompatibleEmbeddingOptions.MaxBatchSize"/>; results come back in input order.
/// </summary>
/// <remarks>
/// The <see cref="HttpClient"/> is not owned (create it with <c>IHttpClientFactory</c> and configure
/// timeouts and resilience there). HTTP errors, unreachable servers and malformed responses raise an
/// <see cref="EmbeddingProviderException"/> naming the endpoint, the status and the start of the body.
/// When no dimension is configured, the first response fixes it and later responses must match.
/// </remarks>
public sealed partial class OpenAiCompatibleEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    private const int MaxBodyInMessage = 2000;

    private readonly HttpClient _httpClient;
    private readonly OpenAiCompatibleEmbeddingOptions _options;
    private readonly ILogger _logger;
    private readonly Uri _endpoint;
    private int _dimensions;

    /// <summary>Initializes a new instance of the <see cref="OpenAiCompatibleEmbeddingGenerator"/> class.</summary>
    /// <param name="httpClient">The HTTP client (not disposed by this generator).</param>
    /// <param name="options">Endpoint, model and batching settings.</param>
    /// <param name="logger">Logger, or null.</param>
    public OpenAiCompatibleEmbeddingGenerator(
        HttpClient httpClient,
        OpenAiCompatibleEmbeddingOptions options,
        ILogger<OpenAiCompatibleEmbeddingGenerator>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _httpClient = httpClient;
        _options = options;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _dimensions = options.Dimensions ?? 0;
        string baseUrl = options.BaseUrl!.AbsoluteUri;
        _endpoint = new Uri(baseUrl.EndsWith('/') ? baseUrl + "embeddings" : baseUrl + "/embeddings");
    }

    /// <summary>Gets the endpoint requests are posted to.</summary>
    public Uri Endpoint => _endpoint;

    /// <summary>
    /// Gets the model identity. <see cref="EmbeddingModelIdentity.Dimensions"/> is 0 until configured or
    /// learned from the first response.
    /// </summary>
    public EmbeddingModelIdentity Identity => new(_options.Model, Volatile.Read(ref _dimensions));

    /// <inheritdoc />
    public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values,
        EmbeddingGenerationOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        string prefix = (options.GetPurpose() == EmbeddingPurpose.Query ? _options.QueryPrefix : _options.DocumentPrefix) ?? string.Empty;
        string[] inputs = [.. values.Select(v => prefix + (v ?? throw new ArgumentException("Texts must not be null.", nameof(values))))];
        var result = new GeneratedEmbeddings<Embedding<float>>(inputs.Length);
        long inputTokens = 0;
        long totalTokens = 0;

        for (int start = 0; start < inputs.Length; start += _options.MaxBatchSize)
        {
            string[] batch = inputs[start..Math.Min(inputs.Length, start + _options.MaxBatchSize)];
            OpenAiEmbeddingResponse response = await PostAsync(batch, cancellationToken).ConfigureAwait(false);
            float[][] vectors = ExtractVectors(response, batch.Length);
            DateTimeOffset now = DateTimeOffset.UtcNow;
            foreach (float[] vector in vectors)
            {
                if (_options.Normalize)
                {
                    VectorMath.NormalizeInPlace(vector);
                }

                result.Add(new Embedding<float>(vector) { ModelId = response.Model ?? _options.Model, CreatedAt = now });
            }

            inputTokens += response.Usage?.PromptTokens ?? 0;
            totalTokens += response.Usage?.TotalTokens ?? 0;
        }

        if (totalTokens > 0)
        {
            result.Usage = new UsageDetails { InputTokenCount = inputTokens, TotalTokenCount = totalTokens };
        }

        return result;
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null) =>
        EmbeddingServices.Resolve(this, serviceType, serviceKey, () =>
        {
            int dimensions = Volatile.Read(ref _dimensions);
            return new EmbeddingGeneratorMetadata("openai-compatible", _options.BaseUrl, _options.Model, dimensions > 0 ? dimensions : null);
        }, () => Identity);

    /// <inheritdoc />
    public void Dispose()
    {
        // The HttpClient is owned by the caller.
    }

    private static string Truncate(string body) =>
        body.Length <= MaxBodyInMessage ? body : string.Concat(body.AsSpan(0, MaxBodyInMessage), "…");

    private async Task<OpenAiEmbeddingResponse> PostAsync(string[] batch, CancellationToken cancellationToken)
    {
        var payload = new OpenAiEmbeddingRequest
        {
            Model = _options.Model,
            Input = batch,
            Dimensions = _options.SendDimensions ? _options.Dimensions : null,
        };

        using var request = new HttpRequestMessage(HttpMethod.Post, _endpoint)
        {
            Content = JsonContent.Create(payload, OpenAiEmbeddingJsonContext.Default.OpenAiEmbeddingRequest),
        };
        if (!string.IsNullOrEmpty(_options.ApiKey))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _options.ApiKey);
        }

        HttpResponseMessage response;
        try
        {
            response = await _httpClient.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            LogRequestFailed(_logger, _endpoint, ex.Message);
            throw new EmbeddingProviderException(
                $"Embedding request to {_endpoint} failed: {ex.Message}", statusCode: null, responseBody: null, ex);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new EmbeddingProviderException(
                $"Embedding request to {_endpoint} timed out.", statusCode: null, responseBody: null, ex);
        }

        using (response)
        {
            string body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                string shown = Truncate(body);
                LogHttpError(_logger, _endpoint, (int)response.StatusCode, shown);
                throw new EmbeddingProviderException(
                    $"Embedding request to {_endpoint} (model '{_options.Model}') failed with HTTP {(int)response.StatusCode} " +
                    $"({response.ReasonPhrase}): {shown}",
                    response.StatusCode,
                    shown);
            }

            try
            {
                return JsonSerializer.Deserialize(body, OpenAiEmbeddingJsonContext.Default.OpenAiEmbeddingResponse)
                    ?? throw new JsonException("The response body is null.");
            }
            catch (JsonException ex)
            {
                throw new EmbeddingProviderException(
                    $"Embedding response from {_endpoint} is not valid JSON: {ex.Message} Body: {Truncate(body)}",
                    response.StatusCode,
                    Truncate(body),
                    ex);
            }
        }
    }

    private float[][] ExtractVectors(OpenAiEmbeddingResponse response, int expected)
    {
        List<OpenAiEmbeddingItem> data = response.Data
            ?? throw new EmbeddingProviderException($"Embedding response from {_endpoint} has no 'data' array.");
        if (data.Count != expected)
        {
            throw new EmbeddingProviderException(
                $"Embedding response from {_endpoint} has {data.Count} vectors for {expected} inputs.");
        }

        var vectors = new float[expected][];
        foreach (OpenAiEmbeddingItem item in data)
        {
            if (item.Index < 0 || item.Index >= expected || vectors[item.Index] is not null)
            {
                throw new EmbeddingProviderException(
                    $"Embedding response from {_endpoint} has an invalid or repeated index {item.Index}.");
            }

            float[] vector = item.Embedding is { Length: > 0 } embedding
                ? embedding
                : throw new EmbeddingProviderException($"Embedding response from {_endpoint} has an empty vector at index {item.Index}.");
            if (!VectorValidation.IsFinite(vector))
            {
                throw new EmbeddingProviderException(
                    $"Embedding response from {_endpoint} has a non-finite number in the vector at index {item.Index}.");
            }

            vectors[item.Index] = vector;
        }

        int known = Volatile.Read(ref _dimensions);
        if (known == 0)
        {
            int learned = vectors[0].Length;
            int previous = Interlocked.CompareExchange(ref _dimensions, learned, 0);
            known = previous == 0 ? learned : previous;
            if (previous == 0)
            {
                LogDimensionsDetected(_logger, _options.Model, learned);
            }
        }

        foreach (float[] vector in vectors)
        {
            if (vector.Length != known)
            {
                throw new EmbeddingProviderException(
                    $"Embedding response from {_endpoint} has a {vector.Length}-d vector; model '{_options.Model}' " +
                    $"is configured or was first seen with {known} dimensions.");
            }
        }

        return vectors;
    }

    [LoggerMessage(EventId = 1201, Level = LogLevel.Warning, Message = "Embedding request to {Endpoint} failed: {Error}")]
    private static partial void LogRequestFailed(ILogger logger, Uri endpoint, string error);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Warning, Message = "Embedding request to {Endpoint} returned HTTP {Status}: {Body}")]
    private static partial void LogHttpError(ILogger logger, Uri endpoint, int status, string body);

    [LoggerMessage(EventId = 1203, Level = LogLevel.Information, Message = "Embedding model {Model} returns {Dimensions}-d vectors")]
    private static partial void LogDimensionsDetected(ILogger logger, string model, int dimensions);
}
