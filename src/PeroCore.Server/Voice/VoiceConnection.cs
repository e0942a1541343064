using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;

namespace PeroCore.Server.Voice;

/// <summary>One open <c>/ws/voice</c> socket: frames from its turn and from broadcasts are sent one at a time.</summary>
internal sealed class VoiceConnection
{
    private readonly WebSocket _socket;
    private readonly CancellationToken _closed;
    // Never disposed: a broadcast may still hold this connection after it closed, and a SemaphoreSlim whose wait
    // handle is never asked for holds no unmanaged resource.
    private readonly SemaphoreSlim _sending = new(1, 1);

    /// <summary>Wraps an accepted socket; <paramref name="closed"/> fires when the connection ends.</summary>
    public VoiceConnection(long id, WebSocket socket, CancellationToken closed)
    {
        Id = id;
        _socket = socket;
        _closed = closed;
    }

    /// <summary>A number unique within the process.</summary>
    public long Id { get; }

    /// <summary>Whether frames can still be sent.</summary>
    public bool IsOpen => _socket.State == WebSocketState.Open;

    /// <summary>Sends one JSON frame; false when the socket is no longer open (nothing is thrown for a client that left).</summary>
    public Task<bool> SendAsync(JsonObject frame, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(frame);
        return SendAsync(Encoding.UTF8.GetBytes(frame.ToJsonString()), cancellationToken);
    }

    /// <summary>
    /// Sends one UTF-8 JSON text frame; false when the socket is no longer open. <paramref name="cancellationToken"/>
    /// (a turn that was interrupted) stops the wait for the socket, never a frame half-sent: cancelling a WebSocket
    /// send aborts the socket, so the frame itself is only cut off when the connection ends.
    /// </summary>
    public async Task<bool> SendAsync(ReadOnlyMemory<byte> utf8Json, CancellationToken cancellationToken)
    {
        await _sending.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_socket.State != WebSocketState.Open)
            {
                return false;
            }

            await _socket.SendAsync(utf8Json, WebSocketMessageType.Text, endOfMessage: true, _closed).ConfigureAwait(false);
            return true;
        }
        catch (WebSocketException)
        {
            return false;
        }
        catch (OperationCanceledException) when (_closed.IsCancellationRequested)
        {
            return false;
        }
        finally
        {
            _sending.Release();
        }
    }
}
