using Microsoft.Extensions.Options;
using PeroCore.Agent.Scheduling;
using PeroCore.Server.Configuration;

namespace PeroCore.Server.Hosting;

/// <summary>
/// Runs the scheduler for the host's lifetime: at start, tasks a stopped process left claimed are pending again (and
/// anything due since is delivered, marked late); then it delivers each task when it falls due and gives companion mode
/// its turn. It sleeps on the scheduler's clock until the next due time, the poll interval, or a wake-up (a new task).
/// </summary>
internal sealed partial class SchedulerWorker(IServiceProvider services, IOptions<Configuration.SchedulerOptions> options, ILogger<SchedulerWorker> logger) : BackgroundService
{
    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        // Resolved now, not when the host listed its services: the scheduler needs the store, open once the MemoryHost started.
        var scheduler = services.GetRequiredService<ReminderScheduler>();
        await scheduler.StartAsync(stoppingToken).ConfigureAwait(false);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await scheduler.TickAsync(stoppingToken).ConfigureAwait(false);
                await scheduler.CompanionTickAsync(stoppingToken).ConfigureAwait(false);
                await scheduler.WaitAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A store or model failure must not end the loop: log it, wait a poll interval, try again.
                LogLoopFailed(logger, ex);
                await Task.Delay(TimeSpan.FromSeconds(options.Value.PollSeconds), scheduler.Clock.Time, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    [LoggerMessage(1, LogLevel.Error, "Scheduler loop failed; retrying after the poll interval.")]
    private static partial void LogLoopFailed(ILogger logger, Exception exception);
}
