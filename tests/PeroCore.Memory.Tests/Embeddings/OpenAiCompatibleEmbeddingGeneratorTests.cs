using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using PeroCore.Memory.Embeddings;

namespace PeroCore.Memory.Tests.Embeddings;

public sealed class OpenAiCompatibleEmbeddingGeneratorTests : IDisposable
{
    private readonly FakeEmbeddingsHandler _handler = new();
    private readonly HttpClient _client;

    public OpenAiCompatibleEmbeddingGeneratorTests() => _client = new HttpClient(_handler);

    public void Dispose()
    {
        _client.Dispose();
        _handler.Dispose();
    }

    private OpenAiCompatibleEmbeddingGenerator Create(Action<OpenAiCompatibleEmbeddingOptions>? configure = null)
    {
        var options = new OpenAiCompatibleEmbeddingOptions { BaseUrl = new Uri("http://127.0.0.1:11434/v1"), Model = "nomic-embed-text" };
        configure?.Invoke(options);
        return new OpenAiCompatibleEmbeddingGenerator(_client, options);
    }

    [Fact]
    public async Task Posts_model_and_inputs_to_the_embeddings_endpoint_in_batches()
    {
        using OpenAiCompatibleEmbeddingGenerator generator = Create(o => { o.MaxBatchSize = 2; o.ApiKey = "sk-test"; });

        GeneratedEmbeddings<Embedding<float>> result = await generator.GenerateAsync(["a", "bb", "ccc", "dddd", "eeeee"]);

        Assert.Equal(3, _handler.Requests.Count);
        Assert.All(_handler.Requests, r =>
        {
            Assert.Equal("http://127.0.0.1:11434/v1/embeddings", r.Uri.ToString());
            Assert.Equal("Bearer sk-test", r.Authorization);
            Assert.Equal("nomic-embed-text", r.Body["model"]!.GetValue<string>());
            Assert.Null(r.Body["dimensions"]);
        });
        Assert.Equal(["a", "bb"], _handler.Requests[0].Inputs);
        Assert.Equal(["eeeee"], _handler.Requests[2].Inputs);
        // The fake encodes the input length in the first component, so order is checkable.
        Assert.Equal([1f, 2f, 3f, 4f, 5f], result.Select(e => FakeEmbeddingsHandler.Decode(e.Vector.Span)));
        Assert.All(result, e => Assert.Equal(1f, VectorMath.Norm(e.Vector.Span), 4));
        Assert.Equal(3 * 7, result.Usage?.TotalTokenCount);
    }

    [Fact]
    public async Task A_keyless_endpoint_sends_no_authorization_header()
    {
        using OpenAiCompatibleEmbeddingGenerator generator = Create();

        await generator.GenerateAsync(["a"]);

        Assert.Null(Assert.Single(_handler.Requests).Authorization);
    }

    [Fact]
    public async Task Results_are_reordered_by_index()
    {
        _handler.Shuffle = true;
        using OpenAiCompatibleEmbeddingGenerator generator = Create();

        GeneratedEmbeddings<Embedding<float>> result = await generator.GenerateAsync(["a", "bb", "ccc", "dddd"]);

        Assert.Equal([1f, 2f, 3f, 4f], result.Select(e => FakeEmbeddingsHandler.Decode(e.Vector.Span)));
    }

    [Fact]
    public async Task Dimension_is_learned_from_the_first_response_and_then_enforced()
    {
        using OpenAiCompatibleEmbeddingGenerator generator = Create();
        Assert.Equal(new EmbeddingModelIdentity("nomic-embed-text", 0), generator.GetModelIdentity());

        await generator.GenerateAsync(["a"]);
        Assert.Equal(new EmbeddingModelIdentity("nomic-embed-text", FakeEmbeddingsHandler.DefaultDimensions), generator.GetModelIdentity());

        _handler.Dimensions = 5;
        EmbeddingProviderException ex = await Assert.ThrowsAsync<EmbeddingProviderException>(() => generator.GenerateAsync(["a"]));
        Assert.Contains("5-d", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Configured_dimension_can_be_sent_and_is_reported_up_front()
    {
        using OpenAiCompatibleEmbeddingGenerator generator = Create(o => { o.Dimensions = 8; o.SendDimensions = true; });
        Assert.Equal(8, generator.GetModelIdentity().Dimensions);

        await Assert.ThrowsAsync<EmbeddingProviderException>(() => generator.GenerateAsync(["a"]));
        Assert.Equal(8, _handler.Requests[0].Body["dimensions"]!.GetValue<int>());
    }

    [Fact]
    public async Task Http_errors_name_the_status_and_the_body()
    {
        _handler.FailWith = (HttpStatusCode.Unauthorized, """{"error":{"message":"Incorrect API key provided"}}""");
        using OpenAiCompatibleEmbeddingGenerator generator = Create();

        EmbeddingProviderException ex = await Assert.ThrowsAsync<EmbeddingProviderException>(() => generator.GenerateAsync(["a"]));

        Assert.Equal(HttpStatusCode.Unauthorized, ex.StatusCode);
        Assert.Contains("401", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Incorrect API key provided", ex.Message, StringComparison.Ordinal);
        Assert.Contains("/v1/embeddings", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Incorrect API key", ex.ResponseBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Malformed_responses_are_reported()
    {
        _handler.FailWith = (HttpStatusCode.OK, "<html>proxy error</html>");
        using OpenAiCompatibleEmbeddingGenerator generator = Create();
        EmbeddingProviderException notJson = await Assert.ThrowsAsync<EmbeddingProviderException>(() => generator.GenerateAsync(["a"]));
        Assert.Contains("not valid JSON", notJson.Message, StringComparison.Ordinal);

        _handler.FailWith = (HttpStatusCode.OK, """{"data":[]}""");
        EmbeddingProviderException missing = await Assert.ThrowsAsync<EmbeddingProviderException>(() => generator.GenerateAsync(["a"]));
        Assert.Contains("0 vectors for 1 inputs", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Purpose_prefixes_are_applied()
    {
        using OpenAiCompatibleEmbeddingGenerator generator = Create(o => { o.QueryPrefix = "search_query: "; o.DocumentPrefix = "search_document: "; });

        await generator.EmbedQueryAsync("cats");
        await generator.EmbedDocumentAsync("dogs");

        Assert.Equal(["search_query: cats"], _handler.Requests[0].Inputs);
        Assert.Equal(["search_document: dogs"], _handler.Requests[1].Inputs);
    }

    [Fact]
    public void Options_are_validated()
    {
        Assert.Throws<ArgumentException>(() => Create(o => o.BaseUrl = null));
        Assert.Throws<ArgumentException>(() => Create(o => o.Model = " "));
        Assert.Throws<ArgumentOutOfRangeException>(() => Create(o => o.MaxBatchSize = 0));
    }

    [Fact]
    public async Task Works_against_a_real_loopback_server()
    {
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
        }

        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/v1/");
        listener.Start();
        Task server = Task.Run(async () =>
        {
            HttpListenerContext context = await listener.GetContextAsync();
            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            JsonNode request = JsonNode.Parse(await reader.ReadToEndAsync())!;
            int count = request["input"]!.AsArray().Count;
            string data = string.Join(",", Enumerable.Range(0, count).Select(i => $$"""{"object":"embedding","index":{{i}},"embedding":[{{i + 1}},0,0]}"""));
            byte[] body = Encoding.UTF8.GetBytes($$"""{"object":"list","data":[{{data}}],"model":"m"}""");
            context.Response.ContentType = "application/json";
            await context.Response.OutputStream.WriteAsync(body);
            context.Response.Close();
        });

        using var client = new HttpClient();
        using var generator = new OpenAiCompatibleEmbeddingGenerator(client, new OpenAiCompatibleEmbeddingOptions
        {
            BaseUrl = new Uri($"http://127.0.0.1:{port}/v1/"),
            Model = "m",
        });
        IReadOnlyList<float[]> vectors = await generator.EmbedDocumentsAsync(["x", "y"]);
        await server;

        Assert.Equal([[1f, 0f, 0f], [1f, 0f, 0f]], vectors);
        Assert.Equal(3, generator.GetModelIdentity().Dimensions);
    }

    [Fact]
    public async Task An_unreachable_server_raises_a_provider_exception()
    {
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
        }

        using var client = new HttpClient();
        using var generator = new OpenAiCompatibleEmbeddingGenerator(client, new OpenAiCompatibleEmbeddingOptions
        {
            BaseUrl = new Uri($"http://127.0.0.1:{port}/v1"),
            Model = "m",
        });

        EmbeddingProviderException ex = await Assert.ThrowsAsync<EmbeddingProviderException>(() => generator.EmbedQueryAsync("x"));
        Assert.Null(ex.StatusCode);
        Assert.IsType<HttpRequestException>(ex.InnerException);
    }

    private sealed class FakeEmbeddingsHandler : HttpMessageHandler
    {
        public const int DefaultDimensions = 4;

        public List<(Uri Uri, string? Authorization, JsonNode Body, string[] Inputs)> Requests { get; } = [];

        public int Dimensions { get; set; } = DefaultDimensions;

        public bool Shuffle { get; set; }

        public (HttpStatusCode Status, string Body)? FailWith { get; set; }

        /// <summary>Recovers the input length from a normalised vector [len, 1, 1, ...].</summary>
        public static float Decode(ReadOnlySpan<float> v) => MathF.Round(v[0] / v[1]);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            string json = await request.Content!.ReadAsStringAsync(cancellationToken);
            JsonNode body = JsonNode.Parse(json)!;
            string[] inputs = [.. body["input"]!.AsArray().Select(n => n!.GetValue<string>())];
            Requests.Add((request.RequestUri!, request.Headers.Authorization?.ToString(), body, inputs));
            if (FailWith is { } failure)
            {
                return new HttpResponseMessage(failure.Status) { Content = new StringContent(failure.Body) };
            }

            var items = inputs.Select((text, i) => new
            {
                @object = "embedding",
                index = i,
                embedding = Enumerable.Range(0, Dimensions).Select(d => d == 0 ? (float)text.Length : 1f).ToArray(),
            }).ToList();
            if (Shuffle)
            {
                items.Reverse();
            }

            string response = JsonSerializer.Serialize(new
            {
                @object = "list",
                data = items,
                model = "nomic-embed-text",
                usage = new { prompt_tokens = 7, total_tokens = 7 },
            });
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(response, Encoding.UTF8, "application/json") };
        }
    }
}
