using System.ComponentModel;

namespace PeroCore.Server.Api;

/// <summary>The body of <c>POST /api/tools/switches</c>.</summary>
internal sealed record ToolSwitchBody(
    [property: Description("A tool group as GET /api/tools lists it (a plugin such as WebOps, or a category).")] string Group,
    [property: Description("true switches the group on, false off (CoreOps cannot be switched off).")] bool Enabled);

/// <summary>One tool group of <c>GET /api/tools</c>.</summary>
/// <param name="Name">The plugin (or the category of tools without one).</param>
/// <param name="Category">The category of its first tool.</param>
/// <param name="Tools">Its tools.</param>
/// <param name="Enabled">Whether its tools are offered to the model.</param>
/// <param name="Locked">CoreOps: always on.</param>
/// <param name="Configured">Switched off by <c>Tools:Disabled</c> (the dashboard cannot switch it on).</param>
internal sealed record ToolGroupJson(string Name, string Category, IReadOnlyList<string> Tools, bool Enabled, bool Locked, bool Configured);
