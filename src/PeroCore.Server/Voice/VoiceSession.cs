using System.Buffers;
using System.Net.WebSockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using PeroCore.Server.Configuration;

namespace PeroCore.Server.Voice;

/// <summary>
/// Serves one <c>/ws/voice</c> socket (spec §3.1): JSON text frames only. <c>speech_end</c> with a base64 WAV starts a turn
/// (<see cref="VoiceTurnRunner"/>), first cancelling this socket's running turn; <c>interrupt</c> (an addition) cancels it
/// and answers <c>status idle</c>; <c>audio_chunk</c> and unknown types are ignored. A binary or malformed frame gets an
/// <c>error</c> frame and the socket stays open; a frame over the size limit closes it (1009). Each socket has its own
/// turn: nothing another client sends can cancel it (the original kept one turn for all clients, §8 item 19).
/// </summary>
internal sealed partial class VoiceSession
{
    private readonly VoiceConnections _connections;
    private readonly VoiceTurnRunner _runner;
    private readonly UserSettings _settings;
    private readonly ILogger<VoiceSession> _logger;
    private readonly int _maxFrameBytes;

    public VoiceSession(VoiceConnections connections, VoiceTurnRunner runner, UserSettings settings, IOptions<VoiceOptions> options, ILogger<VoiceSession> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _connections = connections;
        _runner = runner;
        _settings = settings;
        _logger = logger;

        // base64 grows the audio by 4/3; the JSON around it is small.
        _maxFrameBytes = (int)Math.Min(int.MaxValue - 1024, (options.Value.MaxAudioBytes * 4 / 3) + 64 * 1024);
    }

    /// <summary>Runs the socket until the client closes it or <paramref name="aborted"/> fires.</summary>
    public async Task RunAsync(WebSocket socket, CancellationToken aborted)
    {
        ArgumentNullException.ThrowIfNull(socket);
        var connection = _connections.Add(socket, aborted);
        LogConnected(_logger, connection.Id, _connections.Count);
        CancellationTokenSource? turnCancel = null;
        Task turn = Task.CompletedTask;
        try
        {
            while (true)
            {
                var (type, payload, tooLarge) = await ReceiveAsync(socket, aborted).ConfigureAwait(false);
                if (type == WebSocketMessageType.Close)
                {
                    break;
                }

                var texts = await VoiceTexts.ForSettingsAsync(_settings, aborted).ConfigureAwait(false);
                if (tooLarge)
                {
                    await connection.SendAsync(VoiceFrames.Error($"Frame larger than {_maxFrameBytes} bytes (Voice:MaxAudioMegabytes)."), aborted).ConfigureAwait(false);
                    await socket.CloseOutputAsync(WebSocketCloseStatus.MessageTooBig, "frame too large", aborted).ConfigureAwait(false);
                    break;
                }

                if (type == WebSocketMessageType.Binary)
                {
                    await connection.SendAsync(VoiceFrames.Error(texts.BinaryFrame), aborted).ConfigureAwait(false);
                    continue;
                }

                JsonObject? frame;
                try
                {
                    frame = JsonNode.Parse(payload) as JsonObject;
                }
                catch (JsonException)
                {
                    frame = null;
                }

                if (frame is null)
                {
                    await connection.SendAsync(VoiceFrames.Error(texts.BadFrame), aborted).ConfigureAwait(false);
                    continue;
                }

                var kind = frame["type"] is JsonValue t && t.GetValueKind() == JsonValueKind.String ? t.GetValue<string>() : null;
                if (kind is "speech_end")
                {
                    var audio = DecodeAudio(frame["data"]);
                    if (audio is null)
                    {
                        await connection.SendAsync(VoiceFrames.Error(texts.BadAudio), aborted).ConfigureAwait(false);
                        continue;
                    }

                    await StopAsync(turnCancel, turn).ConfigureAwait(false);
                    turnCancel?.Dispose();
                    turnCancel = CancellationTokenSource.CreateLinkedTokenSource(aborted);
                    var token = turnCancel.Token;
                    turn = Task.Run(() => _runner.RunAsync(connection, audio, token), CancellationToken.None);
                }
                else if (kind is "interrupt")
                {
                    var wasRunning = !turn.IsCompleted;
                    await StopAsync(turnCancel, turn).ConfigureAwait(false);
                    if (wasRunning)
                    {
                        await connection.SendAsync(VoiceFrames.Status("idle"), aborted).ConfigureAwait(false);
                    }
                }

                // audio_chunk and anything else: accepted and ignored, as in the original.
            }
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // The server is stopping or the connection dropped.
        }
        catch (WebSocketException ex)
        {
            LogDropped(_logger, connection.Id, ex.Message);
        }
        finally
        {
            await StopAsync(turnCancel, turn).ConfigureAwait(false);
            turnCancel?.Dispose();
            _connections.Remove(connection);
            LogDisconnected(_logger, connection.Id, _connections.Count);
        }
    }

    private static async Task StopAsync(CancellationTokenSource? cancel, Task turn)
    {
        if (cancel is null || turn.IsCompleted)
        {
            return;
        }

        await cancel.CancelAsync().ConfigureAwait(false);
        try
        {
            await turn.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The turn was cut off on purpose.
        }
    }

    private static byte[]? DecodeAudio(JsonNode? data)
    {
        if (data is not JsonValue value || value.GetValueKind() != JsonValueKind.String)
        {
            return null;
        }

        var text = value.GetValue<string>();
        var comma = text.StartsWith("data:", StringComparison.Ordinal) ? text.IndexOf(',', StringComparison.Ordinal) : -1;
        var base64 = comma >= 0 ? text[(comma + 1)..] : text;
        var buffer = new byte[(base64.Length * 3 / 4) + 3];
        return Convert.TryFromBase64String(base64, buffer, out var written) && written > 0 ? buffer[..written] : null;
    }

    private async Task<(WebSocketMessageType Type, byte[] Payload, bool TooLarge)> ReceiveAsync(WebSocket socket, CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>(16 * 1024);
        while (true)
        {
            var memory = buffer.GetMemory(16 * 1024);
            var result = await socket.ReceiveAsync(memory, cancellationToken).ConfigureAwait(false);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return (WebSocketMessageType.Close, [], false);
            }

            buffer.Advance(result.Count);
            if (buffer.WrittenCount > _maxFrameBytes)
            {
                return (result.MessageType, [], true);
            }

            if (result.EndOfMessage)
            {
                return (result.MessageType, buffer.WrittenSpan.ToArray(), false);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Voice client {Connection} connected ({Count} open)")]
    private static partial void LogConnected(ILogger logger, long connection, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Voice client {Connection} disconnected ({Count} open)")]
    private static partial void LogDisconnected(ILogger logger, long connection, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Voice client {Connection} dropped: {Reason}")]
    private static partial void LogDropped(ILogger logger, long connection, string reason);
}
