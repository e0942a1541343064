using System.Data;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace PeroCore.Memory.Storage;

/// <summary>The <c>voice_config</c> table. Activating a configuration deactivates the others of its type in the same write.</summary>
public sealed class VoiceConfigRepository : CrudRepository<VoiceConfigRecord>
{
    /// <summary>Creates the repository over a database.</summary>
    public VoiceConfigRepository(PeroDatabase database)
        : base(database, "voice_config", "voice configuration",
            ["type", "name", "provider", "api_key", "api_base", "model", "config_json", "is_active", "created_at", "updated_at"])
    {
    }

    /// <summary>The active configuration of a type, or null.</summary>
    public Task<VoiceConfigRecord?> GetActiveAsync(string type, CancellationToken cancellationToken = default) =>
        Database.ReadAsync((c, ct) => c.QuerySingleAsync(null, $"SELECT id, {string.Join(", ", Columns)} FROM voice_config WHERE type = $t AND is_active = 1",
            Map, ct, ("$t", type)), cancellationToken);

    /// <inheritdoc />
    protected override Task BeforeWriteAsync(SqliteTransaction transaction, VoiceConfigRecord row, long? id, CancellationToken cancellationToken) =>
        row.IsActive
            ? transaction.Connection!.ExecuteAsync(transaction, "UPDATE voice_config SET is_active = 0 WHERE type = $t AND id IS NOT $id",
                cancellationToken, ("$t", row.Type), ("$id", id))
            : Task.CompletedTask;

    /// <inheritdoc />
    protected override object?[] Values(VoiceConfigRecord v, long nowMs, bool isInsert) =>
        [v.Type, v.Name.Trim(), v.Provider, v.ApiKey, v.ApiBase, v.Model, v.ConfigJson, v.IsActive,
         isInsert || v.CreatedAt == default ? nowMs : v.CreatedAt.ToUnixTimeMilliseconds(), nowMs];

    /// <inheritdoc />
    protected override VoiceConfigRecord Map(SqliteDataReader r) => new()
    {
        Id = r.GetInt64("id"),
        Type = r.GetString("type"),
        Name = r.GetString("name"),
        Provider = r.GetString("provider"),
        ApiKey = r.GetNullableString("api_key"),
        ApiBase = r.GetNullableString("api_base"),
        Model = r.GetNullableString("model"),
        ConfigJson = r.GetString("config_json"),
        IsActive = r.GetInt64("is_active") != 0,
        CreatedAt = SqliteExtensions.FromMs(r.GetInt64("created_at")),
        UpdatedAt = SqliteExtensions.FromMs(r.GetInt64("updated_at")),
    };

    /// <inheritdoc />
    protected override string? UniqueName(VoiceConfigRecord row) => row.Name;

    /// <inheritdoc />
    protected override void Validate(VoiceConfigRecord v)
    {
        ArgumentNullException.ThrowIfNull(v);
        if (v.Type is not ("stt" or "tts"))
        {
            throw new ArgumentException($"type must be 'stt' or 'tts', not '{v.Type}'.", nameof(v));
        }

        if (string.IsNullOrWhiteSpace(v.Name))
        {
            throw new ArgumentException("name must not be empty.", nameof(v));
        }

        if (string.IsNullOrWhiteSpace(v.Provider))
        {
            throw new ArgumentException("provider must not be empty.", nameof(v));
        }

        JsonText.EnsureValid(v.ConfigJson, "config_json", JsonValueKind.Object);
    }
}
