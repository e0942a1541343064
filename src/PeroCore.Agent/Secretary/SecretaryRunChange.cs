namespace PeroCore.Agent.Secretary;

/// <summary>One change a run made to a memory, with the memory before and after (JSON; null when it did not exist).</summary>
public sealed record SecretaryRunChange(long HistoryId, long MemoryId, string Op, DateTimeOffset CreatedAt, string? BeforeJson, string? AfterJson);
