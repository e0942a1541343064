using System.Net.WebSockets;

namespace PeroCore.Server.Realtime;

/// <summary>Reads whole WebSocket messages into a fixed buffer.</summary>
internal static class WebSocketMessages
{
    /// <summary>
    /// Receives one message into <paramref name="buffer"/>. A longer message is read to its end and reported with
    /// <c>TooBig</c> (its bytes are dropped).
    /// </summary>
    public static async Task<(WebSocketMessageType Type, int Length, bool TooBig)> ReceiveAsync(WebSocket socket, byte[] buffer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(socket);
        ArgumentNullException.ThrowIfNull(buffer);
        var length = 0;
        var tooBig = false;
        while (true)
        {
            Memory<byte> segment = tooBig || length == buffer.Length ? new byte[1024] : buffer.AsMemory(length);
            var result = await socket.ReceiveAsync(segment, cancellationToken).ConfigureAwait(false);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return (WebSocketMessageType.Close, 0, false);
            }

            if (tooBig || length == buffer.Length)
            {
                tooBig |= result.Count > 0;
            }
            else
            {
                length += result.Count;
            }

            if (result.EndOfMessage)
            {
                return (result.MessageType, length, tooBig);
            }
        }
    }
}
