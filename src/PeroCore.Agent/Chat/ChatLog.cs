using Microsoft.Extensions.Logging;

namespace PeroCore.Agent.Chat;

internal static partial class ChatLog
{
    [LoggerMessage(EventId = 200, Level = LogLevel.Warning, Message = "Memory recall for the chat prompt failed: {Error}")]
    public static partial void RecallFailed(ILogger logger, string error);

    [LoggerMessage(EventId = 201, Level = LogLevel.Warning, Message = "The chat LLM failed: {Error}")]
    public static partial void LlmFailed(ILogger logger, string error);

    [LoggerMessage(EventId = 202, Level = LogLevel.Warning, Message = "The chat stopped at the turn limit ({MaxTurns})")]
    public static partial void TurnLimit(ILogger logger, int maxTurns);

    [LoggerMessage(EventId = 203, Level = LogLevel.Information, Message = "A chat in session {SessionId} was cut off; the user's message is logged without an answer")]
    public static partial void Interrupted(ILogger logger, string sessionId);

    [LoggerMessage(EventId = 204, Level = LogLevel.Warning, Message = "Updating a tool group for the chat failed: {Error}")]
    public static partial void ToolRefreshFailed(ILogger logger, string error);
}
