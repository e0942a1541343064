using PeroCore.Agent.Tools;

namespace PeroCore.Server.Configuration;

/// <summary>Section <c>Tools</c>: the companion's built-in tools (workspace, web fetch) and the per-group switches.</summary>
[SettingsSection("Tools")]
internal sealed class ToolsOptions
{
    /// <summary><c>Tools:WorkspaceDirectory</c>: the folder the file tools are confined to; <c>&lt;data folder&gt;/workspace</c> when empty.</summary>
    public string? WorkspaceDirectory { get; set; }

    /// <summary><c>Tools:MaxFileBytes</c>: the largest file the file tools read or write.</summary>
    [IntegerRange(1024, 1_000_000_000)]
    public int MaxFileBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary><c>Tools:MaxReadCharacters</c>: the most characters a file read returns.</summary>
    [IntegerRange(100, 10_000_000)]
    public int MaxReadCharacters { get; set; } = 20_000;

    /// <summary><c>Tools:FetchMaxBytes</c>: the largest web response <c>browser_fetch_text</c> downloads.</summary>
    [IntegerRange(1024, 1_000_000_000)]
    public int FetchMaxBytes { get; set; } = 2 * 1024 * 1024;

    /// <summary><c>Tools:FetchTimeoutSeconds</c>: the time limit of one fetch, redirects included.</summary>
    [IntegerRange(1, 600)]
    public int FetchTimeoutSeconds { get; set; } = 20;

    /// <summary><c>Tools:FetchMaxCharacters</c>: the most characters of page text a fetch returns.</summary>
    [IntegerRange(100, 10_000_000)]
    public int FetchMaxCharacters { get; set; } = 20_000;

    /// <summary><c>Tools:FetchMaxRedirects</c>: redirects a fetch follows (each target checked again).</summary>
    [IntegerRange(0, 20)]
    public int FetchMaxRedirects { get; set; } = 5;

    /// <summary>
    /// <c>Tools:FetchAllowedNetworks</c>: internal networks a fetch may reach anyway (CIDR or single addresses, such as
    /// <c>192.168.1.10</c> for a NAS). Empty by default: loopback, private, link-local and metadata addresses are refused.
    /// </summary>
    public SettingList FetchAllowedNetworks { get; set; } = [];

    /// <summary>
    /// <c>Tools:Disabled</c>: tool groups switched off, by plugin (<c>MemoryOps</c>, <c>WorkspaceOps</c>, <c>WebOps</c>,
    /// <c>BrowserOps</c>, <c>SessionOps</c>, <c>SystemOps</c>...) or category. <c>CoreOps</c> cannot be switched off.
    /// </summary>
    public SettingList Disabled { get; set; } = [];

    /// <summary>The tools' options, the workspace resolved against <paramref name="dataPath"/>.</summary>
    public BuiltInToolOptions ToToolOptions(string dataPath) => new()
    {
        WorkspaceDirectory = string.IsNullOrWhiteSpace(WorkspaceDirectory) ? Path.Combine(dataPath, "workspace") : Path.GetFullPath(WorkspaceDirectory),
        DataFolderName = Path.GetFileName(Path.TrimEndingDirectorySeparator(dataPath)),
        MaxFileBytes = MaxFileBytes,
        MaxReadCharacters = MaxReadCharacters,
        FetchMaxBytes = FetchMaxBytes,
        FetchTimeout = TimeSpan.FromSeconds(FetchTimeoutSeconds),
        FetchMaxCharacters = FetchMaxCharacters,
        FetchMaxRedirects = FetchMaxRedirects,
        FetchAllowedNetworks = [.. FetchAllowedNetworks.Items],
        Disabled = [.. Disabled.Items],
    };
}
