namespace PeroCore.Agent.Scheduling;

/// <summary>The outcome of <see cref="TaskTimeParser.Parse"/>: a UTC time, or why the text was refused.</summary>
/// <param name="Time">The time in UTC, when accepted.</param>
/// <param name="Error">Why it was refused (<see cref="TaskTimeError.None"/> when accepted).</param>
/// <param name="Input">The text that was parsed.</param>
public readonly record struct TaskTimeResult(DateTimeOffset Time, TaskTimeError Error, string Input)
{
    /// <summary>Whether the text gave a usable time.</summary>
    public bool Succeeded => Error == TaskTimeError.None;
}
