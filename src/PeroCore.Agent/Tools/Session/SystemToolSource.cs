using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Runtime.InteropServices;
using PeroCore.Memory.Storage;
using PeroCore.Nit.Tools;

namespace PeroCore.Agent.Tools.Session;

/// <summary>
/// Plugin <c>SystemOps</c>: <c>get_current_time()</c> in the owner's time zone (setting <c>timezone</c>, an IANA or
/// Windows id; the host's zone otherwise) and <c>get_system_info()</c> (OS, CPUs, memory, uptimes, PeroCore's version,
/// the data folder's name; no secrets and no paths).
/// </summary>
public sealed class SystemToolSource : IToolSource
{
    /// <summary>The plugin of the time and system tools.</summary>
    public const string Plugin = "SystemOps";

    /// <summary>The user setting (config table) holding the owner's time zone.</summary>
    public const string TimeZoneSetting = "timezone";

    private const string PluginDisplay = "System";
    private const string PluginText = "The time and the machine PeroCore runs on.";

    private readonly PeroStore _store;
    private readonly BuiltInToolOptions _options;
    private readonly IReadOnlyDictionary<string, string> _defaults;
    private readonly TimeProvider _time;

    /// <summary>Creates the source.</summary>
    /// <param name="store">The store (the <c>timezone</c> setting).</param>
    /// <param name="options">The tool settings (the data folder's name).</param>
    /// <param name="settingDefaults">Default values of user settings, used when the config table has none.</param>
    /// <param name="time">The clock.</param>
    public SystemToolSource(PeroStore store, BuiltInToolOptions options, IReadOnlyDictionary<string, string>? settingDefaults = null, TimeProvider? time = null)
    {
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _defaults = settingDefaults ?? new Dictionary<string, string>();
        _time = time ?? TimeProvider.System;
    }

    /// <inheritdoc/>
    public IEnumerable<NitTool> CreateTools()
    {
        yield return NitTool.Create("get_current_time")
            .InPlugin(Plugin, PluginDisplay, PluginText)
            .WithDescription("Returns the current date, weekday and time in the owner's time zone.")
            .Handle(CurrentTimeAsync)
            .Build();

        yield return NitTool.Create("get_system_info")
            .InPlugin(Plugin, PluginDisplay, PluginText)
            .WithDescription("Returns facts about the machine PeroCore runs on: OS, CPUs, memory, uptime and version.")
            .Handle(SystemInfo)
            .Build();
    }

    private async ValueTask<object?> CurrentTimeAsync(NitToolCall call, CancellationToken ct)
    {
        var config = await _store.Config.GetAllAsync(ct).ConfigureAwait(false);
        var id = config.TryGetValue(TimeZoneSetting, out var v) && !string.IsNullOrWhiteSpace(v) ? v.Trim()
            : _defaults.TryGetValue(TimeZoneSetting, out var d) && !string.IsNullOrWhiteSpace(d) ? d.Trim() : null;
        var zone = _time.LocalTimeZone;
        var note = string.Empty;
        if (id is not null)
        {
            if (TimeZoneInfo.TryFindSystemTimeZoneById(id, out var found))
            {
                zone = found;
            }
            else
            {
                note = ToolText.Say(call, " (the timezone setting '{0}' is unknown; the server's zone is used)", "（时区设置“{0}”无法识别，使用服务器时区）", id);
            }
        }

        var now = TimeZoneInfo.ConvertTime(_time.GetUtcNow(), zone);
        var offset = now.Offset;
        var sign = offset < TimeSpan.Zero ? "-" : "+";
        var culture = ToolText.LanguageOf(call) == Prompts.PromptLanguage.Chinese ? CultureInfo.GetCultureInfo("zh-CN") : CultureInfo.InvariantCulture;
        return ToolText.Say(call, "{0} ({1}), time zone {2} (UTC{3}{4}){5}", "{0}（{1}），时区 {2}（UTC{3}{4}）{5}",
            now.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), culture.DateTimeFormat.GetDayName(now.DayOfWeek),
            zone.Id, sign, offset.Duration().ToString(@"hh\:mm", CultureInfo.InvariantCulture), note);
    }

    private object? SystemInfo(NitToolCall call)
    {
        var gc = GC.GetGCMemoryInfo();
        using var process = Process.GetCurrentProcess();
        var processUptime = _time.GetUtcNow() - new DateTimeOffset(process.StartTime.ToUniversalTime(), TimeSpan.Zero);
        var version = typeof(SystemToolSource).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? typeof(SystemToolSource).Assembly.GetName().Version?.ToString() ?? "unknown";
        var plus = version.IndexOf('+', StringComparison.Ordinal);
        if (plus > 0)
        {
            version = version[..plus];
        }

        var lines = new[]
        {
            ToolText.Say(call, "OS: {0} ({1})", "操作系统：{0}（{1}）", RuntimeInformation.OSDescription, RuntimeInformation.OSArchitecture),
            ToolText.Say(call, "CPUs: {0}", "CPU 数量：{0}", Environment.ProcessorCount),
            ToolText.Say(call, "Memory: {0} available to PeroCore, {1} in use by it", "内存：PeroCore 可用 {0}，已用 {1}", Size(gc.TotalAvailableMemoryBytes), Size(process.WorkingSet64)),
            ToolText.Say(call, "System uptime: {0}", "系统运行时间：{0}", Duration(TimeSpan.FromMilliseconds(Environment.TickCount64))),
            ToolText.Say(call, "PeroCore uptime: {0}", "PeroCore 运行时间：{0}", Duration(processUptime)),
            ToolText.Say(call, "PeroCore version: {0} on {1}", "PeroCore 版本：{0}，运行于 {1}", version, RuntimeInformation.FrameworkDescription),
            ToolText.Say(call, "Data folder: {0}", "数据文件夹：{0}", _options.DataFolderName),
        };
        return string.Join('\n', lines);
    }

    private static string Size(long bytes) => bytes >= 1L << 30
        ? (bytes / (double)(1L << 30)).ToString("0.0 'GB'", CultureInfo.InvariantCulture)
        : (bytes / (double)(1L << 20)).ToString("0 'MB'", CultureInfo.InvariantCulture);

    private static string Duration(TimeSpan span) => span.TotalDays >= 1
        ? string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalDays}d {span.Hours}h {span.Minutes}m")
        : string.Create(CultureInfo.InvariantCulture, $"{span.Hours}h {span.Minutes}m");
}
