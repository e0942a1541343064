namespace PeroCore.Memory.History;

/// <summary>
/// Who made a change to a memory, written into its history row: an <see cref="Actor"/> ("api", "scorer", "secretary",
/// "tool", "import", "mcp", "system") and, for a maintenance run, the <see cref="RunId"/> (the maintenance record's id)
/// the change belongs to, so the whole run can be listed and undone.
/// </summary>
public sealed record ChangeOrigin
{
    /// <summary>Creates an origin.</summary>
    /// <exception cref="ArgumentException">A blank actor or one longer than 50 characters.</exception>
    public ChangeOrigin(string actor, long? runId = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        if (actor.Length > 50)
        {
            throw new ArgumentException("An actor name must be at most 50 characters.", nameof(actor));
        }

        Actor = actor;
        RunId = runId;
    }

    /// <summary>Who made the change.</summary>
    public string Actor { get; }

    /// <summary>The maintenance run (record id) the change belongs to, or null.</summary>
    public long? RunId { get; }

    /// <summary>An HTTP API request.</summary>
    public static ChangeOrigin Api { get; } = new("api");

    /// <summary>The scorer that extracts a memory after a chat turn.</summary>
    public static ChangeOrigin Scorer { get; } = new("scorer");

    /// <summary>A tool called by the agent.</summary>
    public static ChangeOrigin Tool { get; } = new("tool");

    /// <summary>An import (files, the original's database).</summary>
    public static ChangeOrigin Import { get; } = new("import");

    /// <summary>A client of the MCP server.</summary>
    public static ChangeOrigin Mcp { get; } = new("mcp");

    /// <summary>The host itself (say, a forgetting pass outside a maintenance run).</summary>
    public static ChangeOrigin System { get; } = new("system");

    /// <summary>The memory secretary during maintenance run <paramref name="runId"/>.</summary>
    public static ChangeOrigin Secretary(long runId) => new("secretary", runId);
}
