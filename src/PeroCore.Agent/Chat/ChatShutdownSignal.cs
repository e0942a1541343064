namespace PeroCore.Agent.Chat;

/// <summary>
/// Tells running chats that the host is shutting down. Once <see cref="Token"/> is cancelled, every running chat stops
/// its tool loop, logs the user's message on its own and ends its event stream with a <see cref="ChatErrorEvent"/>
/// saying so, followed by <see cref="ChatCompletedEvent"/>. One per host.
/// </summary>
public sealed class ChatShutdownSignal : IDisposable
{
    private readonly CancellationTokenSource _cts = new();
    private readonly Lock _gate = new();
    private bool _armed;
    private bool _disposed;

    /// <summary>Cancelled when running chats must wrap up.</summary>
    public CancellationToken Token => _cts.Token;

    /// <summary>
    /// Signals the running chats after <paramref name="delay"/> (at once when zero). Only the first call counts (a host
    /// may be stopped twice); after <see cref="Dispose"/> it does nothing.
    /// </summary>
    public void TriggerAfter(TimeSpan delay)
    {
        lock (_gate)
        {
            if (_armed || _disposed)
            {
                return;
            }

            _armed = true;
            if (delay <= TimeSpan.Zero)
            {
                _cts.Cancel();
            }
            else
            {
                _cts.CancelAfter(delay);
            }
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_gate)
        {
            if (!_disposed)
            {
                _disposed = true;
                _cts.Dispose();
            }
        }
    }
}
