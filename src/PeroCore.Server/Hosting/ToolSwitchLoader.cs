using PeroCore.Memory.Storage;

namespace PeroCore.Server.Hosting;

/// <summary>Reads the tool groups switched off from the dashboard when the host starts (after the database opened, before the web server listens).</summary>
internal sealed class ToolSwitchLoader(ToolSwitchState state, IServiceProvider services) : IHostedService
{
    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken) =>
        state.LoadAsync(services.GetRequiredService<PeroStore>(), cancellationToken);

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
