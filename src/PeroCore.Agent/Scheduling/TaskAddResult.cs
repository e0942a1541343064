using PeroCore.Memory.Storage;

namespace PeroCore.Agent.Scheduling;

/// <summary>The outcome of adding or changing a task: the row, or the field that was refused and why.</summary>
public sealed record TaskAddResult
{
    /// <summary>The stored row, when accepted.</summary>
    public ScheduledTaskRecord? Task { get; init; }

    /// <summary>The user's time zone the row is shown in.</summary>
    public TimeZoneInfo? Zone { get; init; }

    /// <summary>The refused field (<c>type</c>, <c>time</c>, <c>content</c>, <c>id</c>).</summary>
    public string? Field { get; init; }

    /// <summary>Why it was refused, in the prompt language.</summary>
    public string? Error { get; init; }

    /// <summary>The task exists but cannot be changed any more (claimed or delivered).</summary>
    public bool Conflict { get; init; }

    /// <summary>No task has the id.</summary>
    public bool NotFound { get; init; }

    /// <summary>Accepted.</summary>
    public static TaskAddResult Added(ScheduledTaskRecord task, TimeZoneInfo zone) => new() { Task = task, Zone = zone };

    /// <summary>Refused.</summary>
    public static TaskAddResult Refused(string field, string error, bool conflict = false) => new() { Field = field, Error = error, Conflict = conflict };

    /// <summary>No such task.</summary>
    public static TaskAddResult Missing() => new() { NotFound = true, Field = "id" };
}
