namespace PeroCore.Server.Configuration;

/// <summary>One or more settings are invalid; the message lists each with its key.</summary>
internal sealed class SettingsException : Exception
{
    /// <summary>Creates the exception from the list of problems.</summary>
    public SettingsException(IReadOnlyList<string> errors)
        : base("Invalid configuration:" + Environment.NewLine + string.Join(Environment.NewLine, (errors ?? []).Select(e => "  - " + e)))
    {
        Errors = errors ?? [];
    }

    /// <summary>Creates the exception.</summary>
    public SettingsException() => Errors = [];

    /// <summary>Creates the exception with one problem.</summary>
    public SettingsException(string message) : base(message) => Errors = [message];

    /// <summary>Creates the exception with one problem and its cause.</summary>
    public SettingsException(string message, Exception inner) : base(message, inner) => Errors = [message];

    /// <summary>Each problem, naming its key.</summary>
    public IReadOnlyList<string> Errors { get; }
}
