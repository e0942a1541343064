using System.Text.Json;
using PeroCore.Agent.Tools;
using PeroCore.Memory.Storage;
using PeroCore.Nit.Tools;

namespace PeroCore.Server.Hosting;

/// <summary>
/// The tool groups switched off: those of <c>Tools:Disabled</c> (the server's configuration, fixed for the run) and those
/// switched off from the dashboard (stored as a JSON array under <see cref="ConfigKey"/> in the <c>config</c> table, read at
/// start and changed through <c>POST /api/tools/switches</c>). The registry's switch asks <see cref="Evaluate"/>.
/// </summary>
internal sealed class ToolSwitchState
{
    /// <summary>The <c>config</c> key holding the groups switched off from the dashboard.</summary>
    public const string ConfigKey = "tools_disabled";

    private readonly HashSet<string> _configured;
    private readonly Lock _gate = new();
    private IReadOnlySet<string> _stored = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
    private Func<NitTool, string?>? _switch;

    /// <summary>Creates the state with the groups <c>Tools:Disabled</c> lists.</summary>
    public ToolSwitchState(BuiltInToolOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _configured = new HashSet<string>(options.Disabled.Select(d => d.Trim()).Where(d => d.Length > 0), StringComparer.OrdinalIgnoreCase);
        _switch = ToolSwitches.Create(_configured);
    }

    /// <summary>The groups switched off by the server's configuration (the dashboard cannot switch them on).</summary>
    public IReadOnlySet<string> Configured => _configured;

    /// <summary>The groups switched off from the dashboard.</summary>
    public IReadOnlySet<string> Stored => Volatile.Read(ref _stored);

    /// <summary>Why <paramref name="tool"/> is off, or null when it is on (the registry's <see cref="NitToolRegistry.Switch"/>).</summary>
    public string? Evaluate(NitTool tool) => Volatile.Read(ref _switch)?.Invoke(tool);

    /// <summary>True when <paramref name="group"/> (a plugin or category name) is switched off, by either source.</summary>
    public bool IsOff(string group) => _configured.Contains(group) || Stored.Contains(group);

    /// <summary>Reads the stored groups (at start).</summary>
    public async Task LoadAsync(PeroStore store, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        Apply(Parse(await store.Config.GetAsync(ConfigKey, cancellationToken).ConfigureAwait(false)));
    }

    /// <summary>Switches <paramref name="group"/> on or off from the dashboard, stores the new set and applies it at once.</summary>
    public async Task SetAsync(PeroStore store, string group, bool enabled, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        HashSet<string> next;
        lock (_gate)
        {
            next = new HashSet<string>(Stored, StringComparer.OrdinalIgnoreCase);
            if (enabled)
            {
                next.Remove(group);
            }
            else
            {
                next.Add(group);
            }
        }

        var json = JsonSerializer.Serialize(next.Order(StringComparer.OrdinalIgnoreCase).ToArray());
        await store.Config.SetManyAsync(new Dictionary<string, string> { [ConfigKey] = json }, cancellationToken).ConfigureAwait(false);
        Apply(next);
    }

    private void Apply(IReadOnlySet<string> stored)
    {
        lock (_gate)
        {
            Volatile.Write(ref _stored, stored);
            Volatile.Write(ref _switch, ToolSwitches.Create(_configured.Concat(stored)));
        }
    }

    /// <summary>The stored JSON array; anything else (hand-edited, damaged) counts as none switched off.</summary>
    private static HashSet<string> Parse(string? json)
    {
        var set = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        if (string.IsNullOrWhiteSpace(json))
        {
            return set;
        }

        try
        {
            if (JsonSerializer.Deserialize<string[]>(json) is { } items)
            {
                set.UnionWith(items.Where(i => !string.IsNullOrWhiteSpace(i)).Select(i => i.Trim()));
            }
        }
        catch (JsonException)
        {
            // Not an array of strings: ignored (the dashboard writes a fresh one on the next switch).
        }

        set.Remove(ToolSwitches.CorePlugin);
        return set;
    }
}
