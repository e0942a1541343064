namespace PeroCore.Agent.Chat;

/// <summary>A progress line ("Thinking (turn 2)..."), in the prompt language.</summary>
/// <param name="Message">The line.</param>
public sealed record ChatStatusEvent(string Message) : ChatEvent
{
    /// <inheritdoc />
    public override ChatEventKind Kind => ChatEventKind.Status;

    /// <inheritdoc />
    public override string Text => Message;
}
