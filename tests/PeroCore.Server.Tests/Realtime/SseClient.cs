using System.Text;
using System.Text.Json;

namespace PeroCore.Server.Tests.Realtime;

/// <summary>One SSE message of the events channel.</summary>
public sealed record SseMessage(long Id, string Kind, JsonElement Frame)
{
    public JsonElement Data => Frame.GetProperty("data");
}

/// <summary>A real SSE client of <c>GET /api/events</c>: reads messages and comments as they arrive.</summary>
public sealed class SseClient : IAsyncDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;
    private readonly CancellationTokenSource _cts = new();

    private SseClient(HttpResponseMessage response, StreamReader reader)
    {
        _response = response;
        _reader = reader;
    }

    public int Comments { get; private set; }

    /// <summary>Connects; returns once the headers and the first comment arrived (the server has subscribed by then).</summary>
    public static async Task<SseClient> ConnectAsync(HttpClient client, string path = "/api/events", string? lastEventId = null)
    {
        var (response, status) = await OpenAsync(client, path, lastEventId);
        if (status != 200)
        {
            Assert.Fail($"GET {path} -> {status}: {await response.Content.ReadAsStringAsync()}");
        }

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var reader = new StreamReader(await response.Content.ReadAsStreamAsync(), Encoding.UTF8);
        var sse = new SseClient(response, reader);
        await sse.ReadCommentAsync(TimeSpan.FromSeconds(10));
        return sse;
    }

    public static async Task<(HttpResponseMessage Response, int Status)> OpenAsync(HttpClient client, string path, string? lastEventId = null,
        params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }

        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        return (response, (int)response.StatusCode);
    }

    /// <summary>The next <paramref name="count"/> messages (comments skipped), or a failure after <paramref name="timeout"/>.</summary>
    public async Task<List<SseMessage>> ReadAsync(int count, TimeSpan? timeout = null)
    {
        var list = new List<SseMessage>();
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(_cts.Token);
        limit.CancelAfter(timeout ?? TimeSpan.FromSeconds(20));
        while (list.Count < count)
        {
            var message = await ReadMessageAsync(limit.Token);
            if (message is not null)
            {
                list.Add(message);
            }
        }

        return list;
    }

    /// <summary>True when no message arrives within <paramref name="wait"/> (comments are fine).</summary>
    public async Task<SseMessage?> TryReadAsync(TimeSpan wait)
    {
        using var limit = new CancellationTokenSource(wait);
        try
        {
            while (true)
            {
                var message = await ReadMessageAsync(limit.Token);
                if (message is not null)
                {
                    return message;
                }
            }
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    private Task<string?>? _lineTask;

    private async Task<string?> ReadLineAsync(CancellationToken ct)
    {
        // A line read that was cut off by a timeout is kept for the next call, so no data is lost between calls.
        _lineTask ??= _reader.ReadLineAsync(CancellationToken.None).AsTask();
        var line = await _lineTask.WaitAsync(ct);
        _lineTask = null;
        return line;
    }

    private async Task ReadCommentAsync(TimeSpan timeout)
    {
        using var limit = new CancellationTokenSource(timeout);
        var line = await ReadLineAsync(limit.Token);
        Assert.StartsWith(":", line, StringComparison.Ordinal);
        while (!string.IsNullOrEmpty(await ReadLineAsync(limit.Token)))
        {
        }
    }

    /// <summary>One message, or null for a comment-only block.</summary>
    private async Task<SseMessage?> ReadMessageAsync(CancellationToken ct)
    {
        long? id = null;
        string? kind = null;
        string? data = null;
        var comment = false;
        while (true)
        {
            var line = await ReadLineAsync(ct) ?? throw new EndOfStreamException("the event stream ended");
            if (line.Length == 0)
            {
                if (data is not null)
                {
                    var frame = JsonDocument.Parse(data).RootElement.Clone();
                    Assert.Equal(id, frame.GetProperty("id").GetInt64());
                    Assert.Equal(kind, frame.GetProperty("kind").GetString());
                    return new SseMessage(id!.Value, kind!, frame);
                }

                if (comment)
                {
                    Comments++;
                    return null;
                }

                continue;
            }

            if (line.StartsWith(':'))
            {
                comment = true;
            }
            else if (line.StartsWith("id: ", StringComparison.Ordinal))
            {
                id = long.Parse(line[4..], System.Globalization.CultureInfo.InvariantCulture);
            }
            else if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                kind = line[7..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                Assert.Null(data);
                data = line[6..];
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _cts.CancelAsync();
        _response.Dispose();
        _reader.Dispose();
        _cts.Dispose();
        await Task.CompletedTask;
    }
}
