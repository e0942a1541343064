namespace PeroCore.Nit.Tools;

/// <summary>Operating systems a tool runs on (the manifest's <c>platforms</c>).</summary>
[Flags]
public enum NitPlatforms
{
    /// <summary>No platform: the tool is never available.</summary>
    None = 0,

    /// <summary>Windows.</summary>
    Windows = 1,

    /// <summary>Linux.</summary>
    Linux = 2,

    /// <summary>macOS.</summary>
    MacOS = 4,

    /// <summary>Every platform.</summary>
    All = Windows | Linux | MacOS,
}
