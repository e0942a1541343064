namespace PeroCore.Agent.Chat;

/// <summary>A native tool call starts (<see cref="Succeeded"/> null) or has ended.</summary>
/// <param name="ToolName">The tool.</param>
/// <param name="Message">The progress line shown while it runs, in the prompt language.</param>
/// <param name="Succeeded">Null when the call starts; then whether it succeeded.</param>
public sealed record ChatToolEvent(string ToolName, string Message, bool? Succeeded = null) : ChatEvent
{
    /// <inheritdoc />
    public override ChatEventKind Kind => ChatEventKind.Tool;

    /// <inheritdoc />
    public override string Text => Message;
}
