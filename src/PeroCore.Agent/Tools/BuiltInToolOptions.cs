namespace PeroCore.Agent.Tools;

/// <summary>
/// Settings of the built-in tool groups (memory, workspace, web fetch, browser control, work mode and system). The host
/// binds them from the <c>Tools</c> section.
/// </summary>
public sealed record BuiltInToolOptions
{
    /// <summary>The folder every file tool is confined to (full path; created at start).</summary>
    public required string WorkspaceDirectory { get; init; }

    /// <summary>The name of the data folder, as <c>get_system_info</c> reports it (never its full path).</summary>
    public string DataFolderName { get; init; } = "data";

    /// <summary>The largest file a file tool reads or writes, in bytes.</summary>
    public long MaxFileBytes { get; init; } = 10 * 1024 * 1024;

    /// <summary>The most characters a read returns (longer text is cut and marked).</summary>
    public int MaxReadCharacters { get; init; } = 20_000;

    /// <summary>The largest web response <c>browser_fetch_text</c> reads, in bytes (the rest is not downloaded).</summary>
    public long FetchMaxBytes { get; init; } = 2 * 1024 * 1024;

    /// <summary>The time limit of one fetch, redirects included.</summary>
    public TimeSpan FetchTimeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>The most characters of readable text a fetch returns.</summary>
    public int FetchMaxCharacters { get; init; } = 20_000;

    /// <summary>The most redirects a fetch follows (each target is checked again).</summary>
    public int FetchMaxRedirects { get; init; } = 5;

    /// <summary>
    /// Networks (CIDR such as <c>192.168.1.0/24</c>, or single addresses) a fetch may reach although they are loopback,
    /// private, link-local or otherwise internal. Empty: only public addresses.
    /// </summary>
    public IReadOnlyList<string> FetchAllowedNetworks { get; init; } = [];

    /// <summary>Tool groups switched off: plugin names (<c>WorkspaceOps</c>) or categories, case-insensitive.</summary>
    public IReadOnlyList<string> Disabled { get; init; } = [];
}
