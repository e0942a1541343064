namespace PeroCore.Memory.Storage;

/// <summary>What happened on one calendar day (server time zone).</summary>
/// <param name="Date">The day.</param>
/// <param name="Memories">Memories whose time is that day.</param>
/// <param name="Messages">Conversation log entries of that day.</param>
public sealed record DayActivity(DateOnly Date, int Memories, int Messages);
