namespace PeroCore.Nit.Runtime;

/// <summary>How a background (<c>async</c>) task ended.</summary>
public enum NitTaskStatus
{
    /// <summary>The tool returned a value (a callback may still have failed; see <see cref="NitTaskEvent.CallbackError"/>).</summary>
    Succeeded,

    /// <summary>The tool threw, was not found or was given bad arguments.</summary>
    Failed,

    /// <summary>The tool did not finish within its timeout.</summary>
    TimedOut,

    /// <summary>The task manager was cancelled or disposed (e.g. the chat ended).</summary>
    Cancelled,
}
