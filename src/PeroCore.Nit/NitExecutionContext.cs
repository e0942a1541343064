using PeroCore.Nit.Runtime;
using PeroCore.Nit.Tools;

namespace PeroCore.Nit;

/// <summary>
/// Per-request settings for running NIT: extra tools (e.g. MCP adapters), execution-time gating, the task
/// manager that runs <c>async</c> calls, and data the tools may read. Immutable; create one per request.
/// </summary>
public sealed class NitExecutionContext
{
    private static readonly IReadOnlyDictionary<string, object?> NoItems = new Dictionary<string, object?>();

    /// <summary>A context with no extras.</summary>
    public static NitExecutionContext Empty { get; } = new();

    /// <summary>Tools searched before the main registry (the seed's per-request <c>extra_plugins</c>).</summary>
    public NitToolRegistry? AdditionalTools { get; init; }

    /// <summary>
    /// Execution-time gate (category or plugin switches, light mode): a tool for which this returns false is
    /// reported as disabled and not called.
    /// </summary>
    public Func<NitTool, bool>? ToolFilter { get; init; }

    /// <summary>
    /// Where <c>async</c> calls run and report back. When null the runtime's own <see cref="NitRuntime.Tasks"/> is used.
    /// </summary>
    public NitTaskManager? Tasks { get; init; }

    /// <summary>Request data for tools (session id, user id...). Read through <see cref="NitToolCall.Context"/>.</summary>
    public IReadOnlyDictionary<string, object?> Items { get; init; } = NoItems;
}
