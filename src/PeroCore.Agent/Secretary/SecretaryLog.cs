using Microsoft.Extensions.Logging;

namespace PeroCore.Agent.Secretary;

/// <summary>Log messages of the memory secretary.</summary>
internal static partial class SecretaryLog
{
    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Maintenance run {RecordId} ({Kind}, {Trigger}) started")]
    public static partial void Started(ILogger logger, long recordId, string kind, string trigger);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Information, Message = "Maintenance run {RecordId} step {Step}: {Status} ({Count}) {Message}")]
    public static partial void Step(ILogger logger, long recordId, string step, string status, int count, string? message);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Warning, Message = "Maintenance run {RecordId} step {Step} failed: {Error}")]
    public static partial void StepFailed(ILogger logger, long recordId, string step, string error);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Information, Message = "Maintenance run {RecordId} ended: {Status}, {LlmCalls} model calls")]
    public static partial void Finished(ILogger logger, long recordId, string status, int llmCalls);

    [LoggerMessage(EventId = 4005, Level = LogLevel.Information, Message = "Maintenance run {RecordId} undone")]
    public static partial void Undone(ILogger logger, long recordId);

    [LoggerMessage(EventId = 4007, Level = LogLevel.Information, Message = "Maintenance run {RecordId} undone: the Live2D lines it replaced are back")]
    public static partial void PetLinesRestored(ILogger logger, long recordId);

    [LoggerMessage(EventId = 4008, Level = LogLevel.Information, Message = "Maintenance run {RecordId} undone: the Live2D lines were changed since the run, so they stay as they are")]
    public static partial void PetLinesKept(ILogger logger, long recordId);

    [LoggerMessage(EventId = 4006, Level = LogLevel.Warning, Message = "{Count} maintenance run(s) were cut short by the end of the previous process and are marked interrupted")]
    public static partial void Interrupted(ILogger logger, int count);
}
