using Microsoft.Extensions.Logging;

namespace PeroCore.Nit;

/// <summary>Source-generated log messages of the NIT library.</summary>
internal static partial class NitLog
{
    [LoggerMessage(EventId = 4001, Level = LogLevel.Warning, Message = "NIT tool {Tool} failed: {Error}")]
    public static partial void ToolFailed(ILogger logger, string tool, string error, Exception? exception);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Warning, Message = "NIT tool {Tool} timed out after {Timeout}")]
    public static partial void ToolTimedOut(ILogger logger, string tool, TimeSpan timeout);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Warning, Message = "NIT variable limit ({Limit}) reached: ${Variable} was not stored")]
    public static partial void VariableLimit(ILogger logger, int limit, string variable);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Warning, Message = "NIT async task #{TaskId} ({Tool}) ended with {Status}: {Error}")]
    public static partial void AsyncTaskFailed(ILogger logger, int taskId, string tool, string status, string? error);

    [LoggerMessage(EventId = 4005, Level = LogLevel.Warning, Message = "NIT block without ID run in fallback mode (expected ID configured)")]
    public static partial void MissingBlockId(ILogger logger);

    [LoggerMessage(EventId = 4006, Level = LogLevel.Warning, Message = "NIT block refused: {Reason}")]
    public static partial void BlockRefused(ILogger logger, string reason);

    [LoggerMessage(EventId = 4007, Level = LogLevel.Debug, Message = "NIT tool {Tool}: {Warning}")]
    public static partial void ToolWarning(ILogger logger, string tool, string warning);

    [LoggerMessage(EventId = 4008, Level = LogLevel.Warning, Message = "NIT task completion handler threw")]
    public static partial void TaskHandlerThrew(ILogger logger, Exception exception);
}
