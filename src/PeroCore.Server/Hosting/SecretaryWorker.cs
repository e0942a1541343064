using Microsoft.Extensions.Options;
using PeroCore.Agent.Secretary;
using PeroCore.Memory.Storage;
using PeroCore.Server.Configuration;

namespace PeroCore.Server.Hosting;

/// <summary>
/// The memory secretary's host side. At start it marks runs a previous process left <c>running</c> as
/// <c>interrupted</c> (their applied steps stay in the record and in history, and can be undone). Then, with
/// <c>Secretary:ScheduleEnabled</c>, it checks every <c>Secretary:CheckIntervalSeconds</c>:
/// <list type="bullet">
/// <item>nightly: once the local <c>Secretary:NightlyHour</c> has passed since the last nightly run (or since the host
/// started), a maintenance run and then the daily-summary reflection, each its own record;</item>
/// <item>idle: when the newest conversation is newer than the last run and older than <c>Secretary:IdleMinutes</c>,
/// a maintenance run.</item>
/// </list>
/// A trigger that finds a run in progress waits for the next check.
/// </summary>
internal sealed partial class SecretaryWorker(IServiceProvider services, IOptions<SecretaryOptions> options, TimeProvider time, ILogger<SecretaryWorker> logger)
    : BackgroundService
{
    private readonly SecretaryOptions _options = options.Value;
    private DateTimeOffset _lastNightly;

    /// <inheritdoc />
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await services.GetRequiredService<MemorySecretary>().RecoverAsync(cancellationToken).ConfigureAwait(false);
        _lastNightly = time.GetUtcNow();
        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.ScheduleEnabled || (_options.NightlyHour < 0 && _options.IdleMinutes == 0))
        {
            return;
        }

        var secretary = services.GetRequiredService<MemorySecretary>();
        var store = services.GetRequiredService<PeroStore>();
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(_options.CheckIntervalSeconds), time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    await CheckAsync(secretary, store, stoppingToken).ConfigureAwait(false);
                }
                catch (SecretaryBusyException)
                {
                    // A manual run is in progress; the next check tries again.
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    LogTriggerFailed(logger, ex.Message);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Host stopping.
        }
    }

    private async Task CheckAsync(MemorySecretary secretary, PeroStore store, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_options.NightlyHour >= 0)
        {
            var local = TimeZoneInfo.ConvertTime(now, time.LocalTimeZone);
            var due = new DateTimeOffset(local.Year, local.Month, local.Day, _options.NightlyHour, 0, 0, local.Offset);
            if (due > local)
            {
                due = due.AddDays(-1);
            }

            if (_lastNightly < due)
            {
                LogTrigger(logger, "nightly");
                await secretary.RunAsync(SecretaryJobs.Maintenance, "nightly", cancellationToken).ConfigureAwait(false);
                _lastNightly = now;
                await secretary.RunAsync(SecretaryJobs.DailySummary, "nightly", cancellationToken).ConfigureAwait(false);
                return;
            }
        }

        if (_options.IdleMinutes > 0 && await store.Logs.LatestTimestampAsync(cancellationToken).ConfigureAwait(false) is { } lastTalk
            && now - lastTalk >= TimeSpan.FromMinutes(_options.IdleMinutes))
        {
            var lastRun = (await store.Maintenance.ListRecentAsync(1, cancellationToken).ConfigureAwait(false)).FirstOrDefault()?.Timestamp;
            if (lastRun is null || lastRun < lastTalk)
            {
                LogTrigger(logger, "idle");
                await secretary.RunAsync(SecretaryJobs.Maintenance, "idle", cancellationToken).ConfigureAwait(false);
            }
        }
    }

    [LoggerMessage(EventId = 4101, Level = LogLevel.Information, Message = "The secretary's {Trigger} trigger starts a maintenance run")]
    private static partial void LogTrigger(ILogger logger, string trigger);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Warning, Message = "A scheduled maintenance run failed: {Error}")]
    private static partial void LogTriggerFailed(ILogger logger, string error);
}
