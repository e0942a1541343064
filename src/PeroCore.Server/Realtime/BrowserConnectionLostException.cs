namespace PeroCore.Server.Realtime;

/// <summary>The extension's connection ended (closed, idle, or replaced) before it answered a command.</summary>
internal sealed class BrowserConnectionLostException : Exception
{
    /// <summary>Creates the exception.</summary>
    public BrowserConnectionLostException() { }

    /// <summary>Creates the exception with the reason.</summary>
    public BrowserConnectionLostException(string message) : base(message) { }

    /// <summary>Creates the exception with the reason and a cause.</summary>
    public BrowserConnectionLostException(string message, Exception inner) : base(message, inner) { }
}
