using Microsoft.Extensions.AI;

namespace PeroCore.Agent.Chat;

/// <summary>One <c>POST /api/chat</c> request.</summary>
public sealed record ChatRequest
{
    /// <summary>The default source.</summary>
    public const string DefaultSource = "desktop";

    /// <summary>The default session.</summary>
    public const string DefaultSession = "default";

    /// <summary>The messages the client sent (usually one user message, possibly a re-sent tail), passed on verbatim.</summary>
    public required IReadOnlyList<ChatMessage> Messages { get; init; }

    /// <summary>Where the chat comes from (isolates history).</summary>
    public string Source { get; init; } = DefaultSource;

    /// <summary>The conversation within the source.</summary>
    public string SessionId { get; init; } = DefaultSession;

    /// <summary>
    /// Whether the user speaks (a <c>/ws/voice</c> turn): the system prompt then says that the message is a speech
    /// transcript and the answer will be spoken (template <c>voice_input</c>).
    /// </summary>
    public bool IsVoice { get; init; }

    /// <summary>
    /// A system-triggered turn (a due reminder or topic, companion mode): this instruction is added as the last
    /// <c>system</c> message and the log's user row is <c>【系统触发】</c> followed by it (role <c>system</c>), as the
    /// original did. <see cref="Messages"/> may then be empty.
    /// </summary>
    public string? SystemInstruction { get; init; }

    /// <summary>Whether to write the exchange to the conversation log (and score it).</summary>
    public bool Save { get; init; } = true;
}
