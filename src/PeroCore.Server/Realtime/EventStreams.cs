using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace PeroCore.Server.Realtime;

/// <summary>Serves one client of the events channel over SSE or a WebSocket.</summary>
internal static class EventStreams
{
    /// <summary>The largest message a client may send on <c>/ws/events</c>.</summary>
    public const int MaxClientMessageBytes = 16 * 1024;

    /// <summary>
    /// Writes the event stream to <paramref name="http"/>'s response until the client leaves or overflows: headers and a
    /// first comment as soon as the subscription exists, then the replay and the live events, with heartbeat comments.
    /// </summary>
    public static async Task RunSseAsync(HttpContext http, EventHub hub, long? cursor, TimeSpan heartbeat, CancellationToken stopping)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(hub);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, stopping);
        var aborted = linked.Token;
        using var subscription = hub.Subscribe();
        using var drop = subscription.Overflowed.Register(http.Abort);
        var response = http.Response;
        response.ContentType = "text/event-stream; charset=utf-8";
        response.Headers.CacheControl = "no-cache, no-store";
        response.Headers["X-Accel-Buffering"] = "no";
        await response.Body.WriteAsync(": connected\nretry: 3000\n\n"u8.ToArray(), aborted).ConfigureAwait(false);
        await response.Body.FlushAsync(aborted).ConfigureAwait(false);
        try
        {
            await foreach (var stored in subscription.ReadAsync(cursor, heartbeat, aborted).ConfigureAwait(false))
            {
                await response.Body.WriteAsync(stored is null ? EventFrame.Heartbeat : EventFrame.Sse(stored), aborted).ConfigureAwait(false);
                await response.Body.FlushAsync(aborted).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // The client left (or was dropped for falling behind).
        }
        catch (IOException) when (aborted.IsCancellationRequested)
        {
        }
    }

    /// <summary>
    /// Serves <c>/ws/events</c>: event frames out (replay, then live); in, text <c>ping</c> (answered <c>pong</c>) and
    /// <c>{"type":"read","up_to":id}</c> (answered <c>{"type":"read","up_to":id,"marked":n}</c>); anything else gets an
    /// <c>{"type":"error","content":…}</c> frame. A client that falls behind is disconnected.
    /// </summary>
    public static async Task RunWebSocketAsync(WebSocket socket, EventHub hub, long? cursor, CancellationToken aborted)
    {
        ArgumentNullException.ThrowIfNull(socket);
        ArgumentNullException.ThrowIfNull(hub);
        using var subscription = hub.Subscribe();
        using var drop = subscription.Overflowed.Register(socket.Abort);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        using var sendLock = new SemaphoreSlim(1, 1);

        async Task SendAsync(byte[] utf8, CancellationToken ct)
        {
            await sendLock.WaitAsync(ct).ConfigureAwait(false);
            try
            {
                await socket.SendAsync(utf8, WebSocketMessageType.Text, endOfMessage: true, ct).ConfigureAwait(false);
            }
            finally
            {
                sendLock.Release();
            }
        }

        async Task PumpAsync()
        {
            await foreach (var stored in subscription.ReadAsync(cursor, TimeSpan.FromSeconds(30), stop.Token).ConfigureAwait(false))
            {
                if (stored is not null)
                {
                    await SendAsync(EventFrame.Json(stored, withType: true), stop.Token).ConfigureAwait(false);
                }
            }
        }

        var pump = PumpAsync();
        try
        {
            var buffer = new byte[MaxClientMessageBytes];
            while (socket.State == WebSocketState.Open)
            {
                var (type, length, tooBig) = await WebSocketMessages.ReceiveAsync(socket, buffer, stop.Token).ConfigureAwait(false);
                if (type == WebSocketMessageType.Close)
                {
                    break;
                }

                if (tooBig)
                {
                    await socket.CloseAsync(WebSocketCloseStatus.MessageTooBig, $"Messages are at most {MaxClientMessageBytes} bytes.", stop.Token).ConfigureAwait(false);
                    break;
                }

                var reply = await AnswerAsync(hub, type, buffer.AsMemory(0, length), stop.Token).ConfigureAwait(false);
                await SendAsync(reply, stop.Token).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
            // The client left, or was dropped for falling behind.
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            try
            {
                await pump.ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or ObjectDisposedException)
            {
            }

            if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                using var closing = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                try
                {
                    await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", closing.Token).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
                {
                    socket.Abort();
                }
            }
        }
    }

    private static async Task<byte[]> AnswerAsync(EventHub hub, WebSocketMessageType type, ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
    {
        if (type == WebSocketMessageType.Text && message.Span.SequenceEqual("ping"u8))
        {
            return "pong"u8.ToArray();
        }

        long upTo;
        try
        {
            using var doc = JsonDocument.Parse(message);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("type", out var t) || t.ValueKind != JsonValueKind.String ||
                t.GetString() != "read")
            {
                return Error("Send 'ping' or {\"type\":\"read\",\"up_to\":<event id>}.");
            }

            if (!root.TryGetProperty("up_to", out var u) || u.ValueKind != JsonValueKind.Number || !u.TryGetInt64(out upTo) || upTo < 0)
            {
                return Error("'up_to' must be an event id (a non-negative integer).");
            }
        }
        catch (JsonException)
        {
            return Error("A message is 'ping' or a JSON object such as {\"type\":\"read\",\"up_to\":<event id>}.");
        }

        var marked = await hub.Outbox.MarkReadUpToAsync(upTo, cancellationToken).ConfigureAwait(false);
        return JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object> { ["type"] = "read", ["up_to"] = upTo, ["marked"] = marked });
    }

    private static byte[] Error(string message) =>
        JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string> { ["type"] = "error", ["content"] = message });
}
