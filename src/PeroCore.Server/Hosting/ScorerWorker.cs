using PeroCore.Agent.Scoring;

namespace PeroCore.Server.Hosting;

/// <summary>
/// Runs the background scorer's loop (<see cref="ScorerService.RunAsync"/>) for the host's lifetime. It starts after
/// the <see cref="MemoryHost"/> opened the store and stops before it closes it.
/// </summary>
/// <remarks>
/// The scorer is resolved when the loop starts, not when the host builds its list of hosted services: it needs the
/// store, which only exists once the <see cref="MemoryHost"/> has started.
/// </remarks>
internal sealed class ScorerWorker(IServiceProvider services) : BackgroundService
{
    /// <inheritdoc />
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        services.GetRequiredService<ScorerService>().RunAsync(stoppingToken);
}
