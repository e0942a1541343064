namespace PeroCore.Nit.Tools;

/// <summary>How a tool invocation ended.</summary>
public enum NitToolOutcomeKind
{
    /// <summary>The tool returned a value.</summary>
    Success,

    /// <summary>No tool has that name (or the name is ambiguous, or it is a plugin name).</summary>
    NotFound,

    /// <summary>The tool exists but is switched off, or not available on this platform.</summary>
    Unavailable,

    /// <summary>An argument is missing or has the wrong type; the tool was not called.</summary>
    InvalidArguments,

    /// <summary>The tool threw.</summary>
    Failed,

    /// <summary>The tool did not finish within its timeout.</summary>
    TimedOut,
}
