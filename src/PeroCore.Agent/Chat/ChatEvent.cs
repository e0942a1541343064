using System.Text.Json.Nodes;

namespace PeroCore.Agent.Chat;

/// <summary>
/// One event of a chat run, in the order the client must see it: <see cref="ChatTextEvent"/>,
/// <see cref="ChatStatusEvent"/>, <see cref="ChatTriggerEvent"/>, <see cref="ChatToolEvent"/>,
/// <see cref="ChatErrorEvent"/>, and last <see cref="ChatCompletedEvent"/>. How they are framed on a wire is the
/// transport's business.
/// </summary>
public abstract record ChatEvent
{
    /// <summary>What the event carries.</summary>
    public abstract ChatEventKind Kind { get; }

    /// <summary>The text a person reads for this event (a text chunk, a status line, an error), or null.</summary>
    public virtual string? Text => null;

    /// <summary>A progress message.</summary>
    public static ChatStatusEvent Status(string message) => new(message);

    /// <summary>A visible text chunk.</summary>
    public static ChatTextEvent Delta(string text) => new(text);

    /// <summary>A pet-state change.</summary>
    public static ChatTriggerEvent StateTriggers(JsonObject triggers) => new(triggers);
}
