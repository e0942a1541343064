using Microsoft.Extensions.Options;
using PeroCore.Agent.Chat;
using PeroCore.Server.Configuration;

namespace PeroCore.Server.Hosting;

/// <summary>
/// Arms the <see cref="ChatShutdownSignal"/> as the host starts stopping (before any service, the web server included,
/// stops), so it fires shortly before <see cref="ServerSettings.ShutdownTimeout"/> runs out: a chat stream still running
/// then ends with an error event and <c>[DONE]</c> (and its user's message logged) before Kestrel resets the connection.
/// </summary>
internal sealed class ChatShutdownService(ChatShutdownSignal signal, IOptions<ServerOptions> server) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken)
    {
        var timeout = server.Value.ShutdownTimeout;
        var margin = TimeSpan.FromTicks(Math.Min(TimeSpan.FromSeconds(1).Ticks, timeout.Ticks / 4));
        signal.TriggerAfter(timeout - margin);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
