namespace PeroCore.Agent.Chat;

/// <summary>
/// Tells running chats that the host is shutting down. Once <see cref="Token"/> is cancelled, every running chat stops
/// its tool loop, logs the user's message on its own and ends its event stream with a <see cref="ChatErrorEvent"/>
/// saying so, followed by <see cref="ChatCompletedEvent"/>. One per host.
/// </summary>
public sealed class ChatShutdownSignal : IDisposable
{
    private readonly CancellationTokenSource _cts = new();

    /// <summary>Cancelled when running chats must wrap up.</summary>
    public CancellationToken Token => _cts.Token;

    /// <summary>Signals the running chats after <paramref name="delay"/> (at once when zero).</summary>
    public void TriggerAfter(TimeSpan delay)
    {
        if (delay <= TimeSpan.Zero)
        {
            _cts.Cancel();
        }
        else
        {
            _cts.CancelAfter(delay);
        }
    }

    /// <inheritdoc />
    public void Dispose() => _cts.Dispose();
}
