namespace PeroCore.Agent.Events;

/// <summary>The kinds of events PeroCore publishes (an event's <c>kind</c>, the SSE <c>event:</c> field).</summary>
public static class EventKinds
{
    /// <summary>The companion's state changed; the data is the triggers object (<c>state</c>, <c>click_messages</c>…).</summary>
    public const string PetState = "pet_state";

    /// <summary>A scheduled reminder is due.</summary>
    public const string Reminder = "reminder";

    /// <summary>A message the companion starts on its own (topics, reactions, companion mode).</summary>
    public const string CompanionMessage = "companion_message";

    /// <summary>Progress or a report of the memory secretary.</summary>
    public const string Secretary = "secretary";

    /// <summary>The result of an asynchronous NIT task.</summary>
    public const string TaskResult = "task_result";

    /// <summary>A tool asks the user to confirm an action.</summary>
    public const string ConfirmationRequest = "confirmation_request";
}
