using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace PeroCore.Server.Tests.Voice;

/// <summary>A real WebSocket client of <c>/ws/voice</c> that sends JSON frames and collects the server's frames.</summary>
internal sealed class VoiceClient : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly ClientWebSocket _socket;

    private VoiceClient(ClientWebSocket socket) => _socket = socket;

    public WebSocketState State => _socket.State;

    public static async Task<VoiceClient> ConnectAsync(Uri server, Action<ClientWebSocketOptions>? configure = null)
    {
        var socket = new ClientWebSocket();
        configure?.Invoke(socket.Options);
        var uri = new UriBuilder(server) { Scheme = "ws", Path = "/ws/voice" }.Uri;
        using var timeout = new CancellationTokenSource(Patience);
        await socket.ConnectAsync(uri, timeout.Token);
        return new VoiceClient(socket);
    }

    public Task SendJsonAsync(object frame) => SendTextAsync(JsonSerializer.Serialize(frame));

    public async Task SendTextAsync(string text)
    {
        using var timeout = new CancellationTokenSource(Patience);
        await _socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, timeout.Token);
    }

    public async Task SendBinaryAsync(byte[] bytes)
    {
        using var timeout = new CancellationTokenSource(Patience);
        await _socket.SendAsync(bytes, WebSocketMessageType.Binary, true, timeout.Token);
    }

    public Task SpeakAsync(byte[] wav) => SendJsonAsync(new { type = "speech_end", data = Convert.ToBase64String(wav) });

    /// <summary>The next frame (fails the test after 30 s).</summary>
    public async Task<JsonElement> ReceiveAsync()
    {
        using var timeout = new CancellationTokenSource(Patience);
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        while (true)
        {
            var result = await _socket.ReceiveAsync(buffer, timeout.Token);
            Assert.NotEqual(WebSocketMessageType.Close, result.MessageType);
            Assert.Equal(WebSocketMessageType.Text, result.MessageType);
            message.Write(buffer, 0, result.Count);
            if (result.EndOfMessage)
            {
                return JsonDocument.Parse(message.ToArray()).RootElement.Clone();
            }
        }
    }

    /// <summary>Frames up to and including the first <c>status idle</c>.</summary>
    public async Task<List<JsonElement>> ReceiveTurnAsync()
    {
        var frames = new List<JsonElement>();
        while (true)
        {
            var frame = await ReceiveAsync();
            frames.Add(frame);
            if (IsStatus(frame, "idle"))
            {
                return frames;
            }
        }
    }

    public static bool IsStatus(JsonElement frame, string content) => Type(frame) == "status" && frame.GetProperty("content").GetString() == content;

    public static string Type(JsonElement frame) => frame.GetProperty("type").GetString()!;

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException)
            {
                // The server already went away.
            }
        }

        _socket.Dispose();
    }
}
