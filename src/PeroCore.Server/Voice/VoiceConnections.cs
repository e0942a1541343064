using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;

namespace PeroCore.Server.Voice;

/// <summary>
/// The open <c>/ws/voice</c> sockets. <see cref="BroadcastAsync"/> sends a frame to every one of them (the original's
/// pushes of reminders and companion messages, spec §3.5); each socket's own turn is never affected by another's.
/// Register as a singleton.
/// </summary>
internal sealed class VoiceConnections
{
    private readonly ConcurrentDictionary<long, VoiceConnection> _open = new();
    private long _lastId;

    /// <summary>How many voice clients are connected.</summary>
    public int Count => _open.Count;

    /// <summary>
    /// Sends <paramref name="frame"/> (one of the §3.1 frames, e.g. <c>{"type":"text_response","content":"…"}</c>) to every
    /// connected voice client; returns how many received it. A client that left is skipped, never an error.
    /// </summary>
    public async Task<int> BroadcastAsync(JsonObject frame, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var bytes = Encoding.UTF8.GetBytes(frame.ToJsonString());
        var sends = _open.Values.Select(c => c.SendAsync(bytes, cancellationToken)).ToList();
        var results = await Task.WhenAll(sends).ConfigureAwait(false);
        return results.Count(sent => sent);
    }

    /// <summary>Registers an accepted socket; <paramref name="closed"/> fires when its connection ends.</summary>
    public VoiceConnection Add(WebSocket socket, CancellationToken closed)
    {
        var connection = new VoiceConnection(Interlocked.Increment(ref _lastId), socket, closed);
        _open[connection.Id] = connection;
        return connection;
    }

    /// <summary>Forgets a socket that closed.</summary>
    public void Remove(VoiceConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        _open.TryRemove(connection.Id, out _);
    }
}
