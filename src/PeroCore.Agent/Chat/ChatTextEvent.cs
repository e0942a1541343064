namespace PeroCore.Agent.Chat;

/// <summary>A chunk of the reply the user sees (NIT scripts already removed).</summary>
/// <param name="Content">The chunk.</param>
public sealed record ChatTextEvent(string Content) : ChatEvent
{
    /// <inheritdoc />
    public override ChatEventKind Kind => ChatEventKind.Text;

    /// <inheritdoc />
    public override string Text => Content;
}
