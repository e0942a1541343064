using Microsoft.Extensions.Logging;

namespace PeroCore.Agent.Scoring;

internal static partial class ScorerLog
{
    [LoggerMessage(EventId = 300, Level = LogLevel.Warning, Message = "Scoring pair {PairId} failed: {Error}")]
    public static partial void Failed(ILogger logger, string pairId, string error);

    [LoggerMessage(EventId = 303, Level = LogLevel.Information, Message = "Scorer did not store the memory of pair {PairId}: {Reason}")]
    public static partial void Refused(ILogger logger, string pairId, string reason);

    [LoggerMessage(EventId = 304, Level = LogLevel.Information, Message = "Scorer retries pair {PairId} in {Delay} (attempt {Attempt})")]
    public static partial void Retrying(ILogger logger, string pairId, TimeSpan delay, int attempt);

    [LoggerMessage(EventId = 301, Level = LogLevel.Information, Message = "Scorer resumed {Count} unanalysed exchanges")]
    public static partial void Resumed(ILogger logger, int count);

    [LoggerMessage(EventId = 302, Level = LogLevel.Warning, Message = "Scorer queue is full; pair {PairId} stays pending until the next start")]
    public static partial void QueueFull(ILogger logger, string pairId);
}
