using Microsoft.Extensions.Logging;

namespace PeroCore.Agent.Llm;

/// <summary>Source-generated log messages of the LLM client. Never logs prompts, replies or keys.</summary>
internal static partial class LlmLog
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Debug, Message = "LLM request to {Url}: model {Model}, {MessageCount} messages, stream {Stream}, {ToolCount} tools")]
    public static partial void Request(ILogger logger, string url, string model, int messageCount, bool stream, int toolCount);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Warning, Message = "LLM request failed ({Reason}); retry {Attempt} in {DelayMs} ms")]
    public static partial void Retrying(ILogger logger, string reason, int attempt, double delayMs);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Warning, Message = "LLM call to {Url} failed: {Kind} {Status}")]
    public static partial void Failed(ILogger logger, string url, LlmErrorKind kind, int? status);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Debug, Message = "Skipped an unparsable stream event from {Url} ({Length} bytes)")]
    public static partial void SkippedEvent(ILogger logger, string url, int length);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Debug, Message = "LLM call to {Url} finished: {Reason}")]
    public static partial void Finished(ILogger logger, string url, string? reason);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Warning, Message = "Model card {CardId} named by config key {Key} does not exist; falling back")]
    public static partial void MissingCard(ILogger logger, string key, string cardId);
}
