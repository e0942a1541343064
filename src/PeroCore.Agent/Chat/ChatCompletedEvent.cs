namespace PeroCore.Agent.Chat;

/// <summary>The last event of every run that was not cancelled.</summary>
/// <param name="Outcome">How the run ended.</param>
public sealed record ChatCompletedEvent(ChatOutcome Outcome) : ChatEvent
{
    /// <inheritdoc />
    public override ChatEventKind Kind => ChatEventKind.Completed;
}
