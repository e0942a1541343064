namespace PeroCore.Agent.Chat;

/// <summary>What a <see cref="ChatEvent"/> carries.</summary>
public enum ChatEventKind
{
    /// <summary>Progress text (<see cref="ChatStatusEvent"/>).</summary>
    Status,

    /// <summary>A visible text chunk (<see cref="ChatTextEvent"/>).</summary>
    Text,

    /// <summary>The pet state changed (<see cref="ChatTriggerEvent"/>).</summary>
    Triggers,

    /// <summary>A tool call started or ended (<see cref="ChatToolEvent"/>).</summary>
    Tool,

    /// <summary>The run failed in a way the user can act on (<see cref="ChatErrorEvent"/>).</summary>
    Error,

    /// <summary>The run ended; always the last event (<see cref="ChatCompletedEvent"/>).</summary>
    Completed,
}
