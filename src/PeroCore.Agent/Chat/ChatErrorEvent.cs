namespace PeroCore.Agent.Chat;

/// <summary>
/// The run failed in a way the user can act on (no LLM configured, the LLM answered an error, the server is shutting
/// down). Nothing of the exchange is logged, except the user's message on shutdown.
/// </summary>
/// <param name="Message">What went wrong and what to do, without the <c>Error:</c> prefix.</param>
/// <param name="UpstreamStatus">The LLM's HTTP status, when it answered one.</param>
public sealed record ChatErrorEvent(string Message, int? UpstreamStatus = null) : ChatEvent
{
    /// <inheritdoc />
    public override ChatEventKind Kind => ChatEventKind.Error;

    /// <summary>The in-band text the original's clients expect: <c>Error: ...</c>.</summary>
    public override string Text => "Error: " + Message;
}
