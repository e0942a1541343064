using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text.Json.Nodes;
using PeroCore.Agent.Browser;

namespace PeroCore.Server.Realtime;

/// <summary>One connected browser extension: its socket, its commands awaiting a result, its last activity.</summary>
internal sealed class BrowserConnection : IDisposable
{
    private readonly ConcurrentDictionary<string, BrowserPendingCommand> _pending = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly TimeProvider _clock;
    private long _lastActivityTicks;

    /// <summary>Wraps an accepted socket.</summary>
    public BrowserConnection(WebSocket socket, TimeProvider clock)
    {
        Socket = socket;
        _clock = clock;
        Touch();
    }

    /// <summary>The socket.</summary>
    public WebSocket Socket { get; }

    /// <summary>Why the server closed this connection, once it did.</summary>
    public string? ClosedBecause { get; private set; }

    /// <summary>Time since the extension last sent anything.</summary>
    public TimeSpan Idle => _clock.GetElapsedTime(Interlocked.Read(ref _lastActivityTicks));

    /// <summary>Notes traffic from the extension.</summary>
    public void Touch() => Interlocked.Exchange(ref _lastActivityTicks, _clock.GetTimestamp());

    /// <summary>Registers a command before it is sent.</summary>
    public BrowserPendingCommand Register(string requestId)
    {
        var pending = new BrowserPendingCommand();
        _pending[requestId] = pending;
        return pending;
    }

    /// <summary>Forgets a command (answered, timed out or cancelled).</summary>
    public void Unregister(string requestId) => _pending.TryRemove(requestId, out _);

    /// <summary>Hands a <c>command_result</c> to the command it answers; false when none waits for that id.</summary>
    public bool Complete(string requestId, JsonObject data) =>
        _pending.TryGetValue(requestId, out var pending) && pending.Result.TrySetResult(data);

    /// <summary>Gives a page-info update to every command waiting for one.</summary>
    public void PageArrived(BrowserPageInfo info)
    {
        foreach (var pending in _pending.Values)
        {
            pending.Page.TrySetResult(info);
        }
    }

    /// <summary>Fails every command still waiting, with <paramref name="reason"/>.</summary>
    public void FailAll(string reason)
    {
        foreach (var pending in _pending.Values)
        {
            pending.Result.TrySetException(new BrowserConnectionLostException(reason));
            pending.Page.TrySetResult(null);
        }
    }

    /// <summary>Sends one text message (sends are serialised).</summary>
    public async Task SendAsync(byte[] utf8, CancellationToken cancellationToken)
    {
        await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await Socket.SendAsync(utf8, WebSocketMessageType.Text, endOfMessage: true, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>
    /// Fails the waiting commands with <paramref name="reason"/> and starts the close handshake with
    /// <paramref name="status"/>; a client that does not answer within two seconds is cut off.
    /// </summary>
    public async Task CloseAsync(WebSocketCloseStatus status, string reason)
    {
        ClosedBecause ??= reason;
        FailAll(reason);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try
        {
            await _sendLock.WaitAsync(timeout.Token).ConfigureAwait(false);
            try
            {
                if (Socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
                {
                    await Socket.CloseOutputAsync(status, reason, timeout.Token).ConfigureAwait(false);
                    _ = AbortUnlessClosedAsync();
                }
            }
            finally
            {
                _sendLock.Release();
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
            Socket.Abort();
        }
    }

    /// <inheritdoc />
    public void Dispose() => _sendLock.Dispose();

    /// <summary>Cuts off a client that does not complete the close handshake within two seconds.</summary>
    private async Task AbortUnlessClosedAsync()
    {
        await Task.Delay(TimeSpan.FromSeconds(2), _clock).ConfigureAwait(false);
        if (Socket.State != WebSocketState.Closed)
        {
            Socket.Abort();
        }
    }
}
