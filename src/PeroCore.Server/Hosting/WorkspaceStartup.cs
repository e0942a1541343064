using PeroCore.Agent.Tools.Workspace;

namespace PeroCore.Server.Hosting;

/// <summary>Creates the tools' workspace folder (<c>Tools:WorkspaceDirectory</c>) when the host starts.</summary>
internal sealed class WorkspaceStartup(WorkspacePaths workspace) : IHostedService
{
    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        workspace.EnsureCreated();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
