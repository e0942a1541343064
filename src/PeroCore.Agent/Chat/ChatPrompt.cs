using Microsoft.Extensions.AI;

namespace PeroCore.Agent.Chat;

/// <summary>The prompt of one request: the messages sent to the LLM, the request's NIT ID and the user's text.</summary>
/// <param name="Messages">System prompt, fitted history and the request's messages.</param>
/// <param name="NitId">The per-request NIT ID.</param>
/// <param name="UserText">The last user message (trimmed), or null when the request has none.</param>
internal sealed record ChatPrompt(List<ChatMessage> Messages, string NitId, string? UserText, IReadOnlyList<long> RecalledIds);
