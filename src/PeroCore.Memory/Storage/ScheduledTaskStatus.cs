namespace PeroCore.Memory.Storage;

/// <summary>The delivery states of a scheduled task.</summary>
public static class ScheduledTaskStatus
{
    /// <summary>Waiting for its time (or for the retry of a failed attempt).</summary>
    public const string Pending = "pending";

    /// <summary>Taken by a deliverer; nobody else may deliver it.</summary>
    public const string Claimed = "claimed";

    /// <summary>Delivered once.</summary>
    public const string Delivered = "delivered";

    /// <summary>Every attempt failed; <see cref="ScheduledTaskRecord.LastError"/> says why.</summary>
    public const string Failed = "failed";
}
