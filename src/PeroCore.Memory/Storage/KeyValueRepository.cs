using System.Data;
namespace PeroCore.Memory.Storage;

/// <summary>
/// A string key/value table with update times: <c>config</c> (user settings changed through the API) and
/// <c>engine_state</c> (engine bookkeeping such as the embedding model identity and index checkpoints).
/// </summary>
public sealed class KeyValueRepository
{
    private readonly PeroDatabase _db;
    private readonly string _table;

    private KeyValueRepository(PeroDatabase database, string table)
    {
        _db = database ?? throw new ArgumentNullException(nameof(database));
        _table = table;
    }

    /// <summary>The user settings table <c>config</c>.</summary>
    public static KeyValueRepository Config(PeroDatabase database) => new(database, "config");

    /// <summary>The engine bookkeeping table <c>engine_state</c>.</summary>
    public static KeyValueRepository EngineState(PeroDatabase database) => new(database, "engine_state");

    /// <summary>Every entry.</summary>
    public Task<Dictionary<string, string>> GetAllAsync(CancellationToken cancellationToken = default) =>
        _db.ReadAsync(async (c, ct) =>
        {
            var rows = await c.QueryAsync(null, $"SELECT key, value FROM {_table} ORDER BY key", r => (r.GetString("key"), r.GetString("value")), ct).ConfigureAwait(false);
            return rows.ToDictionary(x => x.Item1, x => x.Item2, StringComparer.Ordinal);
        }, cancellationToken);

    /// <summary>One value, or null.</summary>
    public Task<string?> GetAsync(string key, CancellationToken cancellationToken = default) =>
        _db.ReadAsync((c, ct) => c.ScalarAsync<string?>(null, $"SELECT value FROM {_table} WHERE key = $k", ct, ("$k", key)), cancellationToken);

    /// <summary>Inserts or replaces several entries in one transaction.</summary>
    public Task SetManyAsync(IReadOnlyDictionary<string, string> values, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        foreach (var (key, value) in values)
        {
            if (string.IsNullOrWhiteSpace(key))
            {
                throw new ArgumentException("Setting keys must not be empty.", nameof(values));
            }

            if (value is null)
            {
                throw new ArgumentException($"The value of '{key}' must be a string, not null.", nameof(values));
            }
        }

        return _db.WriteAsync(async (tx, ct) =>
        {
            foreach (var (key, value) in values)
            {
                await tx.Connection!.ExecuteAsync(tx,
                    $"INSERT INTO {_table} (key, value, updated_at) VALUES ($k, $v, $now) " +
                    "ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
                    ct, ("$k", key), ("$v", value), ("$now", _db.NowMs)).ConfigureAwait(false);
            }
        }, cancellationToken);
    }

    /// <summary>Inserts or replaces one entry.</summary>
    public Task SetAsync(string key, string value, CancellationToken cancellationToken = default) =>
        SetManyAsync(new Dictionary<string, string>(StringComparer.Ordinal) { [key] = value }, cancellationToken);

    /// <summary>Removes one entry; false if it did not exist.</summary>
    public Task<bool> DeleteAsync(string key, CancellationToken cancellationToken = default) =>
        _db.WriteAsync(async (tx, ct) =>
            await tx.Connection!.ExecuteAsync(tx, $"DELETE FROM {_table} WHERE key = $k", ct, ("$k", key)).ConfigureAwait(false) == 1,
            cancellationToken);
}
