using PeroCore.Nit.Tools;

namespace PeroCore.Agent.Tools;

/// <summary>
/// The per-group switches of <c>Tools:Disabled</c>: a tool whose plugin or category is listed is left out of the prompt's
/// tool docs and the native tool list, and a call to it fails saying it is disabled in config.
/// </summary>
public static class ToolSwitches
{
    /// <summary>The plugin that holds <c>finish_task</c>: it cannot be switched off (the ReAct loop needs it).</summary>
    public const string CorePlugin = "CoreOps";

    /// <summary>
    /// The registry switch for these disabled groups (see <see cref="NitToolRegistry.Switch"/>), or null when none is
    /// disabled.
    /// </summary>
    public static Func<NitTool, string?>? Create(IEnumerable<string>? disabled)
    {
        var set = new HashSet<string>((disabled ?? []).Select(d => d.Trim()).Where(d => d.Length > 0), StringComparer.OrdinalIgnoreCase);
        set.Remove(CorePlugin);
        if (set.Count == 0)
        {
            return null;
        }

        return tool =>
        {
            if (tool.Plugin is { } plugin && set.Contains(plugin))
            {
                return $"its group '{plugin}' is switched off in config (Tools:Disabled).";
            }

            return set.Contains(tool.Category) ? $"its category '{tool.Category}' is switched off in config (Tools:Disabled)." : null;
        };
    }
}
