using System.Text.Json.Nodes;

namespace PeroCore.Agent.Chat;

/// <summary>One event of a chat run, in the order the client must see it.</summary>
/// <param name="Kind">What the event carries.</param>
/// <param name="Text">The status message or the text chunk; null for triggers.</param>
/// <param name="Triggers">The triggers object (<c>state</c>, <c>click_messages</c>, <c>idle_messages</c>, <c>back_messages</c>); null otherwise.</param>
public sealed record ChatEvent(ChatEventKind Kind, string? Text, JsonObject? Triggers = null)
{
    /// <summary>A progress message.</summary>
    public static ChatEvent Status(string message) => new(ChatEventKind.Status, message);

    /// <summary>A visible text chunk.</summary>
    public static ChatEvent Delta(string text) => new(ChatEventKind.Text, text);

    /// <summary>A pet-state change.</summary>
    public static ChatEvent StateTriggers(JsonObject triggers) => new(ChatEventKind.Triggers, null, triggers);

    /// <summary>The SSE payload object for this event.</summary>
    public JsonObject ToPayload() => Kind switch
    {
        ChatEventKind.Status => new JsonObject { ["status"] = new JsonObject { ["type"] = "thinking", ["message"] = Text } },
        ChatEventKind.Text => new JsonObject
        {
            ["choices"] = new JsonArray(new JsonObject { ["delta"] = new JsonObject { ["content"] = Text } }),
        },
        _ => new JsonObject { ["triggers"] = Triggers?.DeepClone() ?? new JsonObject() },
    };
}
