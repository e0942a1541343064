using System.Text.Json.Nodes;

namespace PeroCore.Agent.Chat;

/// <summary>The companion's state changed (a tool such as <c>update_pet_state</c> ran).</summary>
/// <param name="Triggers">The original's triggers object: <c>state</c>, <c>click_messages</c>, <c>idle_messages</c>, <c>back_messages</c>.</param>
public sealed record ChatTriggerEvent(JsonObject Triggers) : ChatEvent
{
    /// <inheritdoc />
    public override ChatEventKind Kind => ChatEventKind.Triggers;
}
