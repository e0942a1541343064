using PeroCore.Nit.Tools;

namespace PeroCore.Agent.Tools;

/// <summary>
/// A tool group whose tools change while the host runs (MCP servers added, removed or restarted). The chat calls it
/// before it renders the tool documentation and the native tool list, so every request sees the current tools.
/// </summary>
public interface IToolRefresher
{
    /// <summary>Brings the group's tools in <paramref name="registry"/> up to date. Failures are the group's own to report.</summary>
    Task RefreshAsync(NitToolRegistry registry, CancellationToken cancellationToken);
}
