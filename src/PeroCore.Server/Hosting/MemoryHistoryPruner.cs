using Microsoft.Extensions.Options;
using PeroCore.Server.Configuration;

namespace PeroCore.Server.Hosting;

/// <summary>
/// Deletes memory history older than <c>Memory:History:RetentionDays</c> once at start and then every
/// <c>Memory:History:PruneIntervalMinutes</c> (by age only; 0 days keeps everything).
/// </summary>
internal sealed partial class MemoryHistoryPruner(MemoryHost host, IOptions<MemoryHistoryOptions> options, TimeProvider clock, ILogger<MemoryHistoryPruner> logger)
    : BackgroundService
{
    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.Retention is not { } retention)
        {
            return;
        }

        try
        {
            using var timer = new PeriodicTimer(options.Value.PruneInterval, clock);
            do
            {
                await PruneAsync(retention, stoppingToken).ConfigureAwait(false);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task PruneAsync(TimeSpan retention, CancellationToken cancellationToken)
    {
        try
        {
            var deleted = await host.Engine.PruneHistoryAsync(retention, cancellationToken).ConfigureAwait(false);
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Memory history: {Count} rows older than Memory:History:RetentionDays deleted")]
    private static partial void LogPruned(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Memory history: pruning failed; it is tried again at the next interval")]
    private static partial void LogPruneFailed(ILogger logger, Exception exception);
}
