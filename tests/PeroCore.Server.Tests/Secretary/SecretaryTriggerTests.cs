using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PeroCore.Memory.Storage;
using PeroCore.Server.Hosting;

namespace PeroCore.Server.Tests.Secretary;

/// <summary>
/// The secretary's schedule, on a fake clock given to the whole host (no LLM, so each run records its failed model
/// steps, which is enough to see that it ran and why): the nightly trigger fires once after its hour, the idle
/// trigger once after a quiet spell and again only after a newer conversation.
/// </summary>
public sealed class SecretaryTriggerTests : IAsyncLifetime
{
    private readonly TempFolder _dir = new();
    private PeroCoreApplication? _app;
    private FakeTimeProvider _clock = null!;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        _dir.Dispose();
    }

    [Fact]
    public async Task The_nightly_trigger_runs_maintenance_and_the_daily_summary_once_after_its_hour()
    {
        await StartAsync(new DateTimeOffset(2026, 12, 3, 2, 30, 0, TimeSpan.Zero), "--Secretary:NightlyHour=3", "--Secretary:IdleMinutes=0");

        await AdvanceAndSettleAsync(TimeSpan.FromMinutes(20)); // 02:50: not yet
        Assert.Empty(await RecordsAsync());

        _clock.Advance(TimeSpan.FromMinutes(20)); // 03:10
        var first = await WaitForRecordsAsync(2);
        Assert.All(first, r => Assert.Equal("nightly", r.Trigger));
        Assert.Equal(["daily_summary", "maintenance"], first.Select(r => r.Kind).Order());

        await AdvanceAndSettleAsync(TimeSpan.FromHours(1)); // 04:10: done for today
        Assert.Equal(2, (await RecordsAsync()).Count);

        _clock.Advance(TimeSpan.FromHours(23)); // 03:10 the next day
        Assert.Equal(4, (await WaitForRecordsAsync(4)).Count);
    }

    [Fact]
    public async Task The_idle_trigger_runs_once_after_a_quiet_spell_and_again_only_after_a_newer_conversation()
    {
        var start = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        await StartAsync(start, "--Secretary:NightlyHour=-1", "--Secretary:IdleMinutes=30");
        await TalkAsync(start.AddMinutes(-1));

        await AdvanceAndSettleAsync(TimeSpan.FromMinutes(20)); // 21 minutes of quiet
        Assert.Empty(await RecordsAsync());

        _clock.Advance(TimeSpan.FromMinutes(15)); // 36 minutes
        var run = Assert.Single(await WaitForRecordsAsync(1));
        Assert.Equal("idle", run.Trigger);
        Assert.Equal("maintenance", run.Kind);

        await AdvanceAndSettleAsync(TimeSpan.FromHours(2)); // still quiet: that conversation was handled
        Assert.Single(await RecordsAsync());

        // A conversation after that run (the store stamps records with the system clock, so this one is newer than the
        // record while the trigger's clock is hours ahead: quiet long enough at once).
        await TalkAsync(DateTimeOffset.UtcNow);
        _clock.Advance(TimeSpan.FromMinutes(1));
        Assert.All(await WaitForRecordsAsync(2), r => Assert.Equal("idle", r.Trigger));
        await AdvanceAndSettleAsync(TimeSpan.FromMinutes(5));
        Assert.Equal(2, (await RecordsAsync()).Count);
    }

    private async Task StartAsync(DateTimeOffset start, params string[] settings)
    {
        _clock = new FakeTimeProvider(start);
        _clock.SetLocalTimeZone(TimeZoneInfo.Utc);
        _app = await PeroCoreApplication.CreateAsync(
            ["--port", "0", "--data", Path.Combine(_dir.Path, "data"), "--Embedding:Provider=Hashing", "--Agent:ScorerEnabled=false", "--Llm:MaxRetries=0",
                "--Secretary:ScheduleEnabled=true", "--Secretary:CheckIntervalSeconds=60", .. settings],
            configureServices: s => s.AddSingleton<TimeProvider>(_clock));
        await _app.StartAsync();
    }

    private Task TalkAsync(DateTimeOffset at) => _app!.Store.Logs.AddAsync(
    [
        new ConversationLogEntry { SessionId = "default", Source = "desktop", Role = "user", Content = "Good night!", Timestamp = at },
        new ConversationLogEntry { SessionId = "default", Source = "desktop", Role = "assistant", Content = "Sleep well.", Timestamp = at },
    ]);

    /// <summary>Moves the clock, then gives the check it triggers time to finish (a check that starts no run is quick).</summary>
    private async Task AdvanceAndSettleAsync(TimeSpan by)
    {
        _clock.Advance(by);
        await Task.Delay(TimeSpan.FromMilliseconds(700));
    }

    private Task<List<MaintenanceRecord>> RecordsAsync() => _app!.Store.Maintenance.ListRecentAsync(20);

    private async Task<List<MaintenanceRecord>> WaitForRecordsAsync(int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var records = await RecordsAsync();
            if ((records.Count >= count && records.All(r => r.Status != "running")) || DateTime.UtcNow > deadline)
            {
                Assert.True(count == records.Count, string.Join("; ", records.Select(r => $"{r.Kind} {r.Trigger} {r.Status} {r.Timestamp:O}")));
                return records;
            }

            await Task.Delay(100);
        }
    }
}
