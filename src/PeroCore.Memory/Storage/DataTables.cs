namespace PeroCore.Memory.Storage;

/// <summary>
/// What export, import and reset do with each table, named explicitly so that a table added later is a decision:
/// a test lists the schema's tables and fails when one is in neither <see cref="ClearedByReset"/> nor
/// <see cref="KeptByReset"/>.
/// </summary>
public static class DataTables
{
    /// <summary>
    /// Tables a factory reset empties, children before parents (foreign keys). The events outbox goes too: its pushes
    /// speak of memories and reminders that no longer exist; event ids keep increasing (<c>sqlite_sequence</c> is kept),
    /// so a client's resume cursor never skips a later event.
    /// </summary>
    public static IReadOnlyList<string> ClearedByReset { get; } =
    [
        "memory_relation", "memory_link_pending", "conversation_log", "memory_fts", "memory", "memory_change", "tag",
        "pet_state", "maintenance_record", "scheduled_task", "event_outbox",
        "memory_history", // holds images of the memories (content, vectors): a reset leaves none; not exported (an import writes its own)
    ];

    /// <summary>
    /// Tables a factory reset keeps, each for its reason: <c>config</c> keeps <see cref="ConfigKeptByReset"/> only (the
    /// rest is cleared); model cards, voice and MCP configurations are the user's set-up; <c>engine_state</c> keeps the
    /// embedding model identity (index bookkeeping is reset); <c>schema_version</c> and <c>sqlite_sequence</c> are
    /// SQLite's and the migrator's (ids are never reused, so the vector index never confuses an old id with a new one);
    /// <c>memory_fts_*</c> are the full-text index's shadow tables (cleared with it).
    /// </summary>
    public static IReadOnlyList<string> KeptByReset { get; } =
    [
        "config", "model_config", "voice_config", "mcp_config", "engine_state", "schema_version", "sqlite_sequence",
        "memory_fts_data", "memory_fts_idx", "memory_fts_content", "memory_fts_docsize", "memory_fts_config", "memory_fts_vocab",
    ];

    /// <summary>The settings a factory reset keeps, as the original does.</summary>
    public static IReadOnlyList<string> ConfigKeptByReset { get; } =
        ["current_model_id", "reflection_model_id", "reflection_enabled", "global_llm_api_key", "global_llm_api_base"];

    /// <summary>Exported tables in the order an import needs them (parents first), each with its record kind.</summary>
    public static IReadOnlyList<ExportedTable> Exported { get; } =
    [
        new("config", "config", ["key"]),
        new("model_config", "model_card", ["name"], ["api_key"]),
        new("voice_config", "voice_config", ["name"], ["api_key"]),
        new("mcp_config", "mcp_config", ["name"], ["env"]),
        new("pet_state", "pet_state", ["id"]),
        new("scheduled_task", "scheduled_task", ["id"]),
        new("tag", "tag", ["id"]),
        new("memory", "memory", ["id"]),
        new("memory_relation", "relation", ["id"]),
        new("conversation_log", "conversation_log", ["id"]),
        new("maintenance_record", "maintenance_record", ["id"]),
    ];

    /// <summary>Whether a setting is a secret that an export leaves out (API keys, tokens, passwords).</summary>
    public static bool IsSecretSetting(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return key.Contains("key", StringComparison.OrdinalIgnoreCase) || key.Contains("secret", StringComparison.OrdinalIgnoreCase) ||
               key.Contains("token", StringComparison.OrdinalIgnoreCase) || key.Contains("password", StringComparison.OrdinalIgnoreCase);
    }
}
