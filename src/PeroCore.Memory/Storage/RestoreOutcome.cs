namespace PeroCore.Memory.Storage;

/// <summary>What <see cref="StoreRestore.WriteAsync"/> did with a record.</summary>
public enum RestoreOutcome
{
    /// <summary>The record was written (or, for settings and pet state, replaced the stored row).</summary>
    Written,

    /// <summary>A model card, voice or MCP configuration of that name exists already and was kept as it is.</summary>
    AlreadyPresent,
}
