namespace PeroCore.Memory.Storage;

/// <summary>One conversation session of the log.</summary>
/// <param name="Source">Where it came from (desktop, dashboard, voice…).</param>
/// <param name="SessionId">The session id.</param>
/// <param name="Messages">How many log entries it has.</param>
/// <param name="FirstTimestamp">Its first entry.</param>
/// <param name="LastTimestamp">Its latest entry.</param>
/// <param name="Pending">Entries whose analysis has not run yet (pending or processing).</param>
/// <param name="Failed">Entries whose analysis failed.</param>
public sealed record SessionSummary(string Source, string SessionId, int Messages, DateTimeOffset FirstTimestamp, DateTimeOffset LastTimestamp,
    int Pending, int Failed);
