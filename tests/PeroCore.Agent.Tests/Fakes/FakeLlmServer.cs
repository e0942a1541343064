using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace PeroCore.Agent.Tests.Fakes;

/// <summary>
/// A fake OpenAI-compatible LLM server on <c>127.0.0.1</c> (free port) speaking the real wire protocol:
/// <c>POST /v1/chat/completions</c> (SSE <c>chat.completion.chunk</c> events and <c>data: [DONE]</c> when
/// <c>stream: true</c>, one <c>chat.completion</c> JSON otherwise), <c>GET /v1/models</c>, and for voice tests
/// <c>POST /v1/audio/transcriptions</c> and <c>POST /v1/audio/speech</c>.
/// </summary>
/// <remarks>
/// Replies come from a FIFO queue of <see cref="FakeLlmReply"/> (<see cref="Enqueue"/>); when it is empty,
/// <see cref="DefaultReply"/> answers. Every request is recorded (<see cref="Requests"/>) with headers, parsed body and
/// whether the client aborted it. Thread-safe. Self-contained: copy <c>FakeLlmServer.cs</c>, <c>FakeLlmReply.cs</c>,
/// <c>FakeToolCall.cs</c> and <c>FakeLlmRequest.cs</c> into any test project that has
/// <c>&lt;FrameworkReference Include="Microsoft.AspNetCore.App" /&gt;</c>.
/// </remarks>
public sealed class FakeLlmServer : IAsyncDisposable
{
    private readonly object _gate = new();
    private readonly Queue<FakeLlmReply> _replies = new();
    private readonly List<FakeLlmRequest> _requests = [];
    private readonly CancellationTokenSource _stopping = new();
    private WebApplication? _app;
    private FakeLlmReply _defaultReply = FakeLlmReply.Text("ok");
    private FakeLlmReply? _modelsReply;
    private Func<FakeLlmRequest, FakeLlmReply?>? _responder;
    private IReadOnlyList<string> _models = ["fake-model"];
    private string _transcription = "你好";
    private byte[] _speech = [(byte)'I', (byte)'D', (byte)'3', 3, 0, 0, 0, 0, 0, 0, (byte)'f', (byte)'a', (byte)'k', (byte)'e'];
    private int _sequence;

    private FakeLlmServer()
    {
    }

    /// <summary>Root URL, e.g. <c>http://127.0.0.1:41234</c> (the client appends <c>/v1/chat/completions</c>).</summary>
    public string BaseUrl { get; private set; } = "";

    /// <summary>Root URL with <c>/v1</c>, the form users often configure.</summary>
    public string BaseUrlV1 => BaseUrl + "/v1";

    /// <summary>The reply used when the queue is empty (default: text <c>ok</c>).</summary>
    public FakeLlmReply DefaultReply
    {
        get { lock (_gate) { return _defaultReply; } }
        set { lock (_gate) { _defaultReply = value ?? throw new ArgumentNullException(nameof(value)); } }
    }

    /// <summary>
    /// Chooses the reply of a chat request from the request itself (for example by its system prompt); a null answer
    /// falls back to the queue and then <see cref="DefaultReply"/>.
    /// </summary>
    public Func<FakeLlmRequest, FakeLlmReply?>? Responder
    {
        get { lock (_gate) { return _responder; } }
        set { lock (_gate) { _responder = value; } }
    }

    /// <summary>Text returned by <c>POST /v1/audio/transcriptions</c> as <c>{"text": ...}</c> (default <c>你好</c>).</summary>
    public string TranscriptionText
    {
        get { lock (_gate) { return _transcription; } }
        set { lock (_gate) { _transcription = value ?? throw new ArgumentNullException(nameof(value)); } }
    }

    /// <summary>Bytes returned by <c>POST /v1/audio/speech</c> as <c>audio/mpeg</c> (default: a few bytes starting with <c>ID3</c>).</summary>
    public IReadOnlyList<byte> SpeechBytes
    {
        get { lock (_gate) { return _speech; } }
        set { lock (_gate) { _speech = [.. value ?? throw new ArgumentNullException(nameof(value))]; } }
    }

    /// <summary>Every request received so far, in arrival order (a snapshot).</summary>
    public IReadOnlyList<FakeLlmRequest> Requests
    {
        get { lock (_gate) { return [.. _requests]; } }
    }

    /// <summary>The chat requests received so far (a snapshot).</summary>
    public IReadOnlyList<FakeLlmRequest> ChatRequests => Requests.Where(r => r.Path.EndsWith("/chat/completions", StringComparison.Ordinal)).ToList();

    /// <summary>Scripted replies not used yet.</summary>
    public int PendingReplies
    {
        get { lock (_gate) { return _replies.Count; } }
    }

    /// <summary>Starts a server on a free loopback port.</summary>
    public static async Task<FakeLlmServer> StartAsync(CancellationToken cancellationToken = default)
    {
        var server = new FakeLlmServer();
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.Run(server.HandleAsync);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseUrl = address.Replace("[::1]", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/');
        server._app = app;
        return server;
    }

    /// <summary>Queues replies for the next chat requests, in order.</summary>
    public FakeLlmServer Enqueue(params FakeLlmReply[] replies)
    {
        lock (_gate)
        {
            foreach (var r in replies)
            {
                _replies.Enqueue(r);
            }
        }

        return this;
    }

    /// <summary>Model ids returned by <c>GET /v1/models</c> as <c>{"object":"list","data":[{"id":..}]}</c>.</summary>
    public void SetModels(params string[] ids)
    {
        lock (_gate)
        {
            _models = ids;
            _modelsReply = null;
        }
    }

    /// <summary>Answers <c>GET /v1/models</c> with a raw body (JSON) or, when the reply has an error status, that error.</summary>
    public void SetModelsReply(FakeLlmReply reply)
    {
        lock (_gate)
        {
            _modelsReply = reply;
        }
    }

    /// <summary>Waits until at least <paramref name="count"/> requests arrived (or the timeout elapses) and returns them.</summary>
    public async Task<IReadOnlyList<FakeLlmRequest>> WaitForRequestsAsync(int count, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (true)
        {
            var snapshot = Requests;
            if (snapshot.Count >= count || DateTime.UtcNow >= until)
            {
                return snapshot;
            }

            await Task.Delay(10).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_app is not null)
        {
            await _app.StopAsync(CancellationToken.None).ConfigureAwait(false);
            await _app.DisposeAsync().ConfigureAwait(false);
        }

        _stopping.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        string bodyText;
        using (var reader = new StreamReader(context.Request.Body, Encoding.UTF8))
        {
            bodyText = await reader.ReadToEndAsync(context.RequestAborted).ConfigureAwait(false);
        }

        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        FakeLlmRequest record;
        lock (_gate)
        {
            record = new FakeLlmRequest(++_sequence, context.Request.Method, context.Request.Path.Value ?? "", headers, bodyText, DateTimeOffset.UtcNow);
            _requests.Add(record);
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token);
        using var registration = context.RequestAborted.Register(record.MarkAborted);
        try
        {
            var path = record.Path;
            if (HttpMethods.IsPost(record.Method) && path is "/v1/chat/completions")
            {
                // The responder runs outside the lock, so a test's responder may wait (hold a reply back until it says so).
                var reply = Responder?.Invoke(record);
                if (reply is null)
                {
                    lock (_gate)
                    {
                        reply = _replies.Count > 0 ? _replies.Dequeue() : _defaultReply;
                    }
                }

                await ReplyChatAsync(context, record, reply, linked.Token).ConfigureAwait(false);
            }
            else if (HttpMethods.IsGet(record.Method) && path is "/v1/models")
            {
                await ReplyModelsAsync(context).ConfigureAwait(false);
            }
            else if (HttpMethods.IsPost(record.Method) && path is "/v1/audio/transcriptions")
            {
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync(JsonSerializer.Serialize(new { text = TranscriptionText }), linked.Token).ConfigureAwait(false);
            }
            else if (HttpMethods.IsPost(record.Method) && path is "/v1/audio/speech")
            {
                context.Response.ContentType = "audio/mpeg";
                await context.Response.Body.WriteAsync(SpeechBytes.ToArray(), linked.Token).ConfigureAwait(false);
            }
            else
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                await context.Response.WriteAsync($"{{\"error\":{{\"message\":\"no route {record.Method} {path}\"}}}}", linked.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // The client went away (recorded by the registration) or the server is stopping.
        }
        catch (IOException)
        {
            record.MarkAborted();
        }
        finally
        {
            record.MarkFinished();
        }
    }

    private async Task ReplyModelsAsync(HttpContext context)
    {
        FakeLlmReply? custom;
        IReadOnlyList<string> models;
        lock (_gate)
        {
            custom = _modelsReply;
            models = _models;
        }

        context.Response.ContentType = "application/json";
        if (custom is not null)
        {
            context.Response.StatusCode = custom.ErrorStatus is { } s ? (int)s : 200;
            await context.Response.WriteAsync(custom.ErrorStatus is null ? string.Concat(custom.Chunks) : custom.ErrorBody).ConfigureAwait(false);
            return;
        }

        var body = JsonSerializer.Serialize(new { @object = "list", data = models.Select(id => new { id, @object = "model", owned_by = "fake" }) });
        await context.Response.WriteAsync(body).ConfigureAwait(false);
    }

    private static async Task ReplyChatAsync(HttpContext context, FakeLlmRequest request, FakeLlmReply reply, CancellationToken ct)
    {
        if (reply.DelayBeforeFirstChunk > TimeSpan.Zero)
        {
            await Task.Delay(reply.DelayBeforeFirstChunk, ct).ConfigureAwait(false);
        }

        var model = request.Body is { ValueKind: JsonValueKind.Object } b && b.TryGetProperty("model", out var m) && m.ValueKind == JsonValueKind.String
            ? m.GetString()!
            : "fake-model";
        var id = "chatcmpl-fake-" + request.Sequence.ToString(CultureInfo.InvariantCulture);

        if (reply.Hang && reply.Chunks.Count == 0 && reply.RawEvents is null && reply.RawFrames is null)
        {
            await Task.Delay(Timeout.Infinite, ct).ConfigureAwait(false);
        }

        foreach (var (name, value) in reply.Headers)
        {
            context.Response.Headers[name] = value;
        }

        if (reply.ErrorStatus is { } status)
        {
            context.Response.StatusCode = (int)status;
            context.Response.ContentType = reply.ErrorBody.TrimStart().StartsWith('{') ? "application/json" : "text/plain";
            await context.Response.WriteAsync(reply.ErrorBody, ct).ConfigureAwait(false);
            return;
        }

        if (!request.IsStream || reply.IgnoreStream)
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(CompletionJson(id, model, reply), ct).ConfigureAwait(false);
            if (reply.Hang)
            {
                await Task.Delay(Timeout.Infinite, ct).ConfigureAwait(false);
            }

            return;
        }

        context.Response.ContentType = reply.StreamContentType ?? "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        var events = reply.RawFrames ?? (reply.RawEvents ?? ChunkEvents(id, model, reply)).Select(payload => "data: " + payload + "\n\n");
        var first = true;
        foreach (var frame in events)
        {
            if (!first && reply.DelayBetweenChunks > TimeSpan.Zero)
            {
                await Task.Delay(reply.DelayBetweenChunks, ct).ConfigureAwait(false);
            }

            first = false;
            await context.Response.WriteAsync(frame, ct).ConfigureAwait(false);
            await context.Response.Body.FlushAsync(ct).ConfigureAwait(false);
        }

        if (reply.Hang)
        {
            await Task.Delay(Timeout.Infinite, ct).ConfigureAwait(false);
        }
    }

    private static IEnumerable<string> ChunkEvents(string id, string model, FakeLlmReply reply)
    {
        var created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        string Chunk(object delta, string? finish) => JsonSerializer.Serialize(new
        {
            id,
            @object = "chat.completion.chunk",
            created,
            model,
            choices = new[] { new { index = 0, delta, finish_reason = finish } },
        });

        var roleSent = false;
        foreach (var text in reply.Chunks)
        {
            yield return roleSent ? Chunk(new { content = text }, null) : Chunk(new { role = "assistant", content = text }, null);
            roleSent = true;
        }

        for (var i = 0; i < reply.ToolCalls.Count; i++)
        {
            var call = reply.ToolCalls[i];
            var pieces = call.ArgumentPieces.Length == 0 ? [""] : call.ArgumentPieces;
            for (var p = 0; p < pieces.Length; p++)
            {
                object toolDelta = p == 0
                    ? new { index = i, id = call.Id, type = "function", function = new { name = call.Name, arguments = pieces[p] } }
                    : new { index = i, function = new { arguments = pieces[p] } };
                yield return Chunk(new { tool_calls = new[] { toolDelta } }, null);
            }
        }

        if (reply.Hang)
        {
            // Stop after the content: the server goes silent without finishing.
            yield break;
        }

        yield return Chunk(new { }, reply.FinishReason ?? (reply.ToolCalls.Count > 0 ? "tool_calls" : "stop"));
        yield return "[DONE]";
    }

    private static string CompletionJson(string id, string model, FakeLlmReply reply)
    {
        var content = reply.Chunks.Count == 0 && reply.ToolCalls.Count > 0 ? null : string.Concat(reply.Chunks);
        var message = reply.ToolCalls.Count == 0
            ? (object)new { role = "assistant", content }
            : new
            {
                role = "assistant",
                content,
                tool_calls = reply.ToolCalls.Select(c => new { id = c.Id, type = "function", function = new { name = c.Name, arguments = string.Concat(c.ArgumentPieces) } }),
            };
        return JsonSerializer.Serialize(new
        {
            id,
            @object = "chat.completion",
            created = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            model,
            choices = new[] { new { index = 0, message, finish_reason = reply.FinishReason ?? (reply.ToolCalls.Count > 0 ? "tool_calls" : "stop") } },
            usage = new { prompt_tokens = 10, completion_tokens = 5, total_tokens = 15 },
        });
    }
}
