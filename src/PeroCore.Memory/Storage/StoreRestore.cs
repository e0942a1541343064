using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using PeroCore.Memory.Text;

namespace PeroCore.Memory.Storage;

/// <summary>
/// Writes the records of an export (<see cref="StoreExport"/>) back into a store inside one transaction, keeping ids,
/// times and links. Each record is checked and written on its own savepoint, so a bad record is reported
/// (<see cref="InvalidDataException"/>) and leaves nothing behind while the others go in. Vectors of the engine's
/// model are kept; others (or none) are left for the engine to re-embed from the text.
/// </summary>
public sealed class StoreRestore : IAsyncDisposable
{
    private readonly SqliteTransaction _tx;
    private readonly string _modelKey;
    private readonly int _dimensions;
    private readonly Dictionary<string, ExportedTable> _byKind = DataTables.Exported.ToDictionary(t => t.Kind, StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _columns = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);
    private bool _petStateReplaced;

    internal StoreRestore(SqliteTransaction transaction, string modelKey, int dimensions)
    {
        _tx = transaction;
        _modelKey = modelKey;
        _dimensions = dimensions;
    }

    /// <summary>Memories written so far.</summary>
    public long MemoriesWritten { get; private set; }

    /// <summary>The record kinds this build reads (besides <c>header</c>).</summary>
    public static IEnumerable<string> Kinds => DataTables.Exported.Select(t => t.Kind);

    /// <summary>Prepares the transaction: links between memories are checked at commit (a memory names its successor before it exists).</summary>
    internal Task BeginAsync(CancellationToken cancellationToken) =>
        _tx.Connection!.ExecuteAsync(_tx, "PRAGMA defer_foreign_keys = ON", cancellationToken);

    /// <summary>Writes one record of kind <paramref name="kind"/>.</summary>
    /// <exception cref="InvalidDataException">An unknown kind or field, a bad value, a row that exists, a broken constraint; nothing of it is written.</exception>
    public async Task<RestoreOutcome> WriteAsync(string kind, JsonObject record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(kind);
        ArgumentNullException.ThrowIfNull(record);
        if (!_byKind.TryGetValue(kind, out var table))
        {
            throw new InvalidDataException($"unknown kind '{Shown(kind)}' (known: header, {string.Join(", ", Kinds)})");
        }

        var columns = await ColumnsAsync(table.Table, cancellationToken).ConfigureAwait(false);
        var values = new List<(string Column, object? Value)>();
        foreach (var (name, node) in record)
        {
            if (name == "kind")
            {
                continue;
            }

            if (!columns.Contains(name))
            {
                throw new InvalidDataException($"unknown field '{Shown(name)}' for kind '{kind}'");
            }

            values.Add((name, Value(name, node)));
        }

        await RunAsync("SAVEPOINT record", false, cancellationToken).ConfigureAwait(false);
        try
        {
            var outcome = await WriteRowAsync(table, values, cancellationToken).ConfigureAwait(false);
            await RunAsync("RELEASE record", false, cancellationToken).ConfigureAwait(false);
            return outcome;
        }
        catch (Exception ex) when (ex is InvalidDataException or SqliteException { SqliteErrorCode: 19 or 20 or 25 })
        {
            await _tx.Connection!.ExecuteAsync(_tx, "ROLLBACK TO record; RELEASE record", CancellationToken.None).ConfigureAwait(false);
            throw ex as InvalidDataException ?? new InvalidDataException($"{kind}: {((SqliteException)ex).Message.Replace("SQLite Error 19: ", string.Empty, StringComparison.Ordinal)}", ex);
        }
    }

    /// <summary>Cuts time-axis links to memories that were not in the file, so the commit's foreign-key check passes.</summary>
    internal async Task FinishAsync(CancellationToken cancellationToken)
    {
        var c = _tx.Connection!;
        await c.ExecuteAsync(_tx, "UPDATE memory SET prev_id = NULL WHERE prev_id IS NOT NULL AND prev_id NOT IN (SELECT id FROM memory)", cancellationToken).ConfigureAwait(false);
        await c.ExecuteAsync(_tx, "UPDATE memory SET next_id = NULL WHERE next_id IS NOT NULL AND next_id NOT IN (SELECT id FROM memory)", cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        foreach (var command in _commands.Values)
        {
            await command.DisposeAsync().ConfigureAwait(false);
        }

        _commands.Clear();
    }

    private async Task<RestoreOutcome> WriteRowAsync(ExportedTable table, List<(string Column, object? Value)> values, CancellationToken cancellationToken)
    {
        var c = _tx.Connection!;
        object? Get(string column) => values.FirstOrDefault(v => v.Column == column).Value;
        void Set(string column, object? value)
        {
            var i = values.FindIndex(v => v.Column == column);
            if (i >= 0)
            {
                values[i] = (column, value);
            }
        }

        switch (table.Table)
        {
            case "model_config" or "voice_config" or "mcp_config":
                if (Get("name") is string name && await c.ScalarAsync<long>(_tx, $"SELECT count(*) FROM {table.Table} WHERE name = $n", cancellationToken, ("$n", name)).ConfigureAwait(false) > 0)
                {
                    return RestoreOutcome.AlreadyPresent;
                }

                if (Get("id") is long cardId && await c.ScalarAsync<long>(_tx, $"SELECT count(*) FROM {table.Table} WHERE id = $id", cancellationToken, ("$id", cardId)).ConfigureAwait(false) > 0)
                {
                    values.RemoveAll(v => v.Column == "id"); // the id is taken by another card: this one gets a new id
                }

                break;
            case "memory" or "tag":
                if (Get("embedding") is byte[] blob && (!string.Equals(Get("embedding_model") as string, _modelKey, StringComparison.Ordinal) || blob.Length != _dimensions * sizeof(float)))
                {
                    Set("embedding", null); // another model (or a damaged vector): the engine embeds the text again
                    Set("embedding_model", null);
                }

                break;
            case "memory_relation":
                foreach (var end in (string[])["source_id", "target_id"])
                {
                    if (Get(end) is long id && !await ExistsAsync("memory", id, cancellationToken).ConfigureAwait(false))
                    {
                        throw new InvalidDataException($"relation: memory {id} ('{end}') is not in the store or earlier in the file");
                    }
                }

                break;
            case "pet_state" when !_petStateReplaced:
                // The file carries the pet's state history: it replaces the stored one (a reset leaves a default row).
                await c.ExecuteAsync(_tx, "DELETE FROM pet_state", cancellationToken).ConfigureAwait(false);
                _petStateReplaced = true;
                break;
            case "conversation_log":
                if (Get("memory_id") is long memoryId && !await ExistsAsync("memory", memoryId, cancellationToken).ConfigureAwait(false))
                {
                    Set("memory_id", null);
                }

                break;
        }

        if (table.Identity is ["id"] && Get("id") is long rowId && await ExistsAsync(table.Table, rowId, cancellationToken).ConfigureAwait(false))
        {
            if (table.Table != "pet_state")
            {
                throw new InvalidDataException($"{table.Kind} {rowId} exists already (import into an empty store, or reset it first)");
            }

            await c.ExecuteAsync(_tx, "DELETE FROM pet_state WHERE id = $id", cancellationToken, ("$id", rowId)).ConfigureAwait(false);
        }

        var upsert = table.Table == "config" ? " ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at" : string.Empty;
        var signature = table.Table + ":" + string.Join(',', values.Select(v => v.Column));
        if (!_commands.TryGetValue(signature, out var command))
        {
            command = c.Command(_tx, $"INSERT INTO {table.Table} ({string.Join(", ", values.Select(v => v.Column))}) VALUES ({string.Join(", ", values.Select((_, i) => "$p" + i.ToString(CultureInfo.InvariantCulture)))}){upsert}");
            for (var i = 0; i < values.Count; i++)
            {
                command.Parameters.Add(new SqliteParameter("$p" + i.ToString(CultureInfo.InvariantCulture), null));
            }

            _commands[signature] = command;
        }

        for (var i = 0; i < values.Count; i++)
        {
            command.Parameters[i].Value = values[i].Value ?? DBNull.Value;
        }

        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        if (table.Table == "memory")
        {
            var id = Get("id") as long? ?? await RunAsync("SELECT last_insert_rowid()", true, cancellationToken).ConfigureAwait(false);
            await RunAsync("INSERT INTO memory_fts (rowid, content, tags) VALUES ($id, $c, $t)", false, cancellationToken,
                ("$id", id), ("$c", FtsSegmenter.ForIndex(Get("content") as string)), ("$t", FtsSegmenter.ForIndexTags(Get("tags") as string ?? string.Empty))).ConfigureAwait(false);
            if (Get("embedding") is byte[] && Get("embedding_model") is string model && model == _modelKey)
            {
                await RunAsync("INSERT INTO memory_change (memory_id, op) VALUES ($id, 1)", false, cancellationToken, ("$id", id)).ConfigureAwait(false);
            }

            MemoriesWritten++;
        }

        return RestoreOutcome.Written;
    }

    /// <summary>Runs <paramref name="sql"/> through a command prepared once per restore (the hot path runs it per record).</summary>
    private async Task<long> RunAsync(string sql, bool scalar, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        if (!_commands.TryGetValue(sql, out var command))
        {
            command = _tx.Connection!.Command(_tx, sql);
            foreach (var (name, _) in parameters)
            {
                command.Parameters.Add(new SqliteParameter(name, null));
            }

            _commands[sql] = command;
        }

        for (var i = 0; i < parameters.Length; i++)
        {
            command.Parameters[i].Value = parameters[i].Value ?? DBNull.Value;
        }

        return scalar
            ? Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture)
            : await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<bool> ExistsAsync(string table, long id, CancellationToken cancellationToken) =>
        await RunAsync($"SELECT count(*) FROM {table} WHERE id = $id", true, cancellationToken, ("$id", id)).ConfigureAwait(false) > 0;

    private async Task<HashSet<string>> ColumnsAsync(string table, CancellationToken cancellationToken)
    {
        if (!_columns.TryGetValue(table, out var columns))
        {
            columns = [.. await _tx.Connection!.QueryAsync(_tx, $"SELECT name FROM pragma_table_info('{table}')", r => r.GetString(0), cancellationToken).ConfigureAwait(false)];
            _columns[table] = columns;
        }

        return columns;
    }

    private static object? Value(string column, JsonNode? node) => node switch
    {
        null => null,
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String when column == "embedding" => Base64(column, v.GetValue<string>()),
            JsonValueKind.String => v.GetValue<string>(),
            JsonValueKind.Number when v.TryGetValue<long>(out var l) => l,
            JsonValueKind.Number => v.GetValue<double>(),
            JsonValueKind.True => 1L,
            JsonValueKind.False => 0L,
            _ => null,
        },
        _ => throw new InvalidDataException($"'{Shown(column)}' must be a string, a number, true, false or null"),
    };

    private static byte[] Base64(string column, string text)
    {
        try
        {
            return Convert.FromBase64String(text);
        }
        catch (FormatException ex)
        {
            throw new InvalidDataException($"'{column}' must be base64", ex);
        }
    }

    private static string Shown(string text) => text.Length > 60 ? text[..60] + "…" : text;
}
