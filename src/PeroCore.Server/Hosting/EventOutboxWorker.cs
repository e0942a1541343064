using Microsoft.Extensions.Options;
using PeroCore.Server.Configuration;
using PeroCore.Server.Realtime;

namespace PeroCore.Server.Hosting;

/// <summary>
/// The events channel's background work for the host's lifetime: stores the events posted without waiting
/// (<see cref="EventHub.RunPostedAsync"/>), and applies the retention bounds (<c>Events:RetentionDays</c>,
/// <c>Events:MaxEvents</c>) at start and every <c>Events:PruneIntervalMinutes</c>. It starts after the
/// <see cref="MemoryHost"/> opened the store and stops (having stored what was queued) before it closes it.
/// </summary>
internal sealed partial class EventOutboxWorker(EventHub hub, IOptions<EventsOptions> options, TimeProvider clock, ILogger<EventOutboxWorker> logger)
    : BackgroundService
{
    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var posted = hub.RunPostedAsync(stoppingToken);
        try
        {
            using var timer = new PeriodicTimer(options.Value.PruneInterval, clock);
            do
            {
                await PruneAsync(stoppingToken).ConfigureAwait(false);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        await posted.ConfigureAwait(false);
    }

    private async Task PruneAsync(CancellationToken cancellationToken)
    {
        try
        {
            var deleted = await hub.PruneAsync(clock.GetUtcNow(), cancellationToken).ConfigureAwait(false);
            if (deleted > 0)
            {
                LogPruned(logger, deleted);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // A failed prune is logged and tried again at the next interval.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogPruneFailed(logger, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Events outbox: {Count} old events deleted (Events:RetentionDays, Events:MaxEvents)")]
    private static partial void LogPruned(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Events outbox: pruning failed; it is tried again at the next interval")]
    private static partial void LogPruneFailed(ILogger logger, Exception exception);
}
