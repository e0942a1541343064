using PeroCore.Agent.Prompts;
using PeroCore.Agent.Tools.Session;
using PeroCore.Memory.Storage;

namespace PeroCore.Agent.Tests.Tools;

/// <summary>Work mode, time and system info through NIT.</summary>
public sealed class SessionToolTests : IAsyncLifetime
{
    private ToolHarness _h = null!;

    public async Task InitializeAsync() => _h = await ToolHarness.StartAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task Work_mode_is_kept_per_session_and_the_exit_summary_becomes_a_memory()
    {
        Assert.Contains("Work mode on: tax forms", await _h.OkAsync("enter_work_mode(task=\"tax forms\")"), StringComparison.Ordinal);
        Assert.Contains("Already in work mode", await _h.OkAsync("enter_work_mode(task=\"other\")"), StringComparison.Ordinal);

        // Another session is not in work mode.
        var other = await _h.RunAsync("exit_work_mode(summary=\"nothing\")", session: "other");
        Assert.Contains("not in work mode", other.FirstError, StringComparison.Ordinal);

        var exit = await _h.OkAsync("exit_work_mode(summary=\"Filled in the tax forms; the receipts are still missing.\")");
        Assert.Contains("saved as memory", exit, StringComparison.Ordinal);
        var memories = await _h.Store.Memories.ListAsync(new MemoryListQuery { Types = [SessionToolSource.SummaryType] });
        var memory = Assert.Single(memories);
        Assert.Contains("tax forms", memory.Content, StringComparison.Ordinal);
        Assert.Contains("receipts are still missing", memory.Content, StringComparison.Ordinal);
        Assert.Contains("work", memory.Tags);

        Assert.Contains("not in work mode", await _h.ErrorAsync("exit_work_mode(summary=\"again\")"), StringComparison.Ordinal);
        Assert.Contains("工作模式", await _h.OkAsync("enter_work_mode()", PromptLanguage.Chinese), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_time_is_given_in_the_owners_time_zone_when_one_is_set()
    {
        var host = await _h.OkAsync("get_current_time()");
        Assert.Matches(@"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} \(\w+\), time zone ", host);

        await _h.Store.Config.SetManyAsync(new Dictionary<string, string> { [SystemToolSource.TimeZoneSetting] = "Asia/Tokyo" });
        var tokyo = await _h.OkAsync("get_current_time()");
        Assert.Contains("time zone Asia/Tokyo (UTC+09:00)", tokyo, StringComparison.Ordinal);
        var now = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo"));
        var shown = DateTime.ParseExact(tokyo[..19], "yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(Math.Abs((shown - now.DateTime).TotalMinutes) < 5, tokyo);

        await _h.Store.Config.SetManyAsync(new Dictionary<string, string> { [SystemToolSource.TimeZoneSetting] = "Mars/Olympus" });
        Assert.Contains("'Mars/Olympus' is unknown", await _h.OkAsync("get_current_time()"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task System_info_names_the_machine_but_no_path()
    {
        var info = await _h.OkAsync("get_system_info()");
        Assert.Contains("OS: ", info, StringComparison.Ordinal);
        Assert.Contains($"CPUs: {Environment.ProcessorCount}", info, StringComparison.Ordinal);
        Assert.Contains("PeroCore version: ", info, StringComparison.Ordinal);
        Assert.Contains("Data folder: data", info, StringComparison.Ordinal);
        Assert.DoesNotContain(_h.Folder, info, StringComparison.Ordinal);
        Assert.DoesNotContain("/", info.Split('\n').Single(l => l.StartsWith("Data folder", StringComparison.Ordinal)), StringComparison.Ordinal);
    }
}
