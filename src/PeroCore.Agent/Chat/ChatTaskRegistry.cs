namespace PeroCore.Agent.Chat;

/// <summary>
/// The chat requests running now, by session. Several requests may run in one session at once; each has its own
/// <see cref="ChatTaskControl"/> (no global singleton). Thread-safe; register as a singleton.
/// </summary>
public sealed class ChatTaskRegistry
{
    private readonly object _gate = new();
    private readonly List<ChatTaskControl> _running = [];
    private readonly TimeProvider _time;

    /// <summary>Creates a registry.</summary>
    public ChatTaskRegistry(TimeProvider? timeProvider = null) => _time = timeProvider ?? TimeProvider.System;

    /// <summary>How long a pause lasts at most before the task resumes by itself.</summary>
    public TimeSpan MaxPause { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Registers a starting request; call <see cref="End"/> when it ends.</summary>
    public ChatTaskControl Begin(string source, string sessionId)
    {
        var control = new ChatTaskControl(Guid.NewGuid().ToString("N"), source, sessionId, _time.GetUtcNow());
        lock (_gate)
        {
            _running.Add(control);
        }

        return control;
    }

    /// <summary>The running requests of a session, oldest first.</summary>
    public IReadOnlyList<ChatTaskControl> ForSession(string sessionId)
    {
        lock (_gate)
        {
            return _running.Where(c => string.Equals(c.SessionId, sessionId, StringComparison.Ordinal)).ToList();
        }
    }

    /// <summary>Removes a finished request (and releases a pause).</summary>
    public void End(ChatTaskControl control)
    {
        ArgumentNullException.ThrowIfNull(control);
        lock (_gate)
        {
            _running.Remove(control);
        }

        control.Resume();
    }
}
