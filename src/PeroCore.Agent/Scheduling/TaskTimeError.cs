namespace PeroCore.Agent.Scheduling;

/// <summary>Why a task time was refused.</summary>
public enum TaskTimeError
{
    /// <summary>The time was accepted.</summary>
    None,

    /// <summary>No time was given.</summary>
    Empty,

    /// <summary>The text is not one of the documented forms.</summary>
    Unrecognized,

    /// <summary>The text could mean two times (a bare hour without am/pm or 上午/下午, a day without an hour).</summary>
    Ambiguous,

    /// <summary>The time has already passed.</summary>
    Past,

    /// <summary>The local time does not exist in the user's time zone (skipped by a daylight-saving change).</summary>
    DaylightSavingGap,

    /// <summary>The local time happens twice in the user's time zone (repeated by a daylight-saving change).</summary>
    DaylightSavingOverlap,

    /// <summary>The time is more than <see cref="TaskTimeParser.MaxAhead"/> ahead.</summary>
    TooFar,
}
