using PeroCore.Nit.Tools;

namespace PeroCore.Agent.Tools;

/// <summary>
/// A group of tools the host adds to the chat's tool registry next to the core tools (memory, workspace, browser,
/// scheduler, MCP...). Each part of the agent registers its own source, so adding a tool group touches no shared list.
/// </summary>
public interface IToolSource
{
    /// <summary>The tools of this source; called once, when the registry is built after the host has started.</summary>
    IEnumerable<NitTool> CreateTools();
}
