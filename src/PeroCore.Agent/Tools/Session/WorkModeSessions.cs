using System.Collections.Concurrent;

namespace PeroCore.Agent.Tools.Session;

/// <summary>Which chat sessions are in work mode, and since when (in memory: a restart ends every work session).</summary>
public sealed class WorkModeSessions
{
    private readonly ConcurrentDictionary<(string Source, string Session), WorkModeState> _sessions = new();

    /// <summary>The work-mode state of a session, or null when it is not in work mode.</summary>
    public WorkModeState? Get(string source, string session) => _sessions.TryGetValue((source, session), out var state) ? state : null;

    /// <summary>Puts a session in work mode; returns the state it was already in, or null.</summary>
    public WorkModeState? Enter(string source, string session, WorkModeState state)
    {
        WorkModeState? previous = null;
        _sessions.AddOrUpdate((source, session), state, (_, old) =>
        {
            previous = old;
            return old;
        });
        return previous;
    }

    /// <summary>Ends work mode for a session; returns its state, or null when it was not in work mode.</summary>
    public WorkModeState? Exit(string source, string session) => _sessions.TryRemove((source, session), out var state) ? state : null;
}
