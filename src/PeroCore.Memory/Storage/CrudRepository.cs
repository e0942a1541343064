using Microsoft.Data.Sqlite;

namespace PeroCore.Memory.Storage;

/// <summary>
/// Get/list/insert/update/delete for a table with an <c>id</c> primary key, whose other columns are described by
/// the derived class. Unique-constraint violations become <see cref="StoreConflictException"/>.
/// </summary>
/// <typeparam name="T">The row record.</typeparam>
public abstract class CrudRepository<T>
    where T : class
{
    private readonly string _selectColumns;
    private readonly string _insertSql;
    private readonly string _updateSql;

    /// <summary>Creates the repository.</summary>
    /// <param name="database">The database.</param>
    /// <param name="table">Table name.</param>
    /// <param name="noun">How an error message names one row ("model card").</param>
    /// <param name="columns">Columns other than <c>id</c>, in the order of <see cref="Values"/> and after id in <see cref="Map"/>.</param>
    protected CrudRepository(PeroDatabase database, string table, string noun, IReadOnlyList<string> columns)
    {
        Database = database ?? throw new ArgumentNullException(nameof(database));
        ArgumentNullException.ThrowIfNull(columns);
        Table = table;
        Noun = noun;
        Columns = columns;
        _selectColumns = "id, " + string.Join(", ", columns);
        _insertSql = $"INSERT INTO {table} ({string.Join(", ", columns)}) VALUES ({string.Join(", ", columns.Select((_, i) => "$p" + i))}) RETURNING {_selectColumns}";
        _updateSql = $"UPDATE {table} SET {string.Join(", ", columns.Select((c, i) => $"{c} = $p{i}"))} WHERE id = $id RETURNING {_selectColumns}";
    }

    /// <summary>The database.</summary>
    protected PeroDatabase Database { get; }

    /// <summary>Table name.</summary>
    protected string Table { get; }

    /// <summary>What one row is called in messages.</summary>
    protected string Noun { get; }

    /// <summary>Columns other than id.</summary>
    protected IReadOnlyList<string> Columns { get; }

    /// <summary>Reads one row, or null.</summary>
    public Task<T?> GetAsync(long id, CancellationToken cancellationToken = default) =>
        Database.ReadAsync((c, ct) => c.QuerySingleAsync(null, $"SELECT {_selectColumns} FROM {Table} WHERE id = $id", Map, ct, ("$id", id)), cancellationToken);

    /// <summary>Every row, by id.</summary>
    public Task<List<T>> ListAsync(CancellationToken cancellationToken = default) =>
        Database.ReadAsync((c, ct) => c.QueryAsync(null, $"SELECT {_selectColumns} FROM {Table} ORDER BY id", Map, ct), cancellationToken);

    /// <summary>Inserts a row (its id is ignored); returns it as stored.</summary>
    public Task<T> InsertAsync(T row, CancellationToken cancellationToken = default)
    {
        Validate(row);
        return WriteTranslatingAsync(async (tx, ct) =>
        {
            await BeforeWriteAsync(tx, row, null, ct).ConfigureAwait(false);
            return (await tx.Connection!.QuerySingleAsync(tx, _insertSql, Map, ct, Parameters(row, Database.NowMs, isInsert: true)).ConfigureAwait(false))!;
        }, row, cancellationToken);
    }

    /// <summary>Replaces a row by id after applying <paramref name="change"/>; null if it does not exist.</summary>
    public Task<T?> UpdateAsync(long id, Func<T, T> change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        return WriteTranslatingAsync<T?>(async (tx, ct) =>
        {
            var c = tx.Connection!;
            var current = await c.QuerySingleAsync(tx, $"SELECT {_selectColumns} FROM {Table} WHERE id = $id", Map, ct, ("$id", id)).ConfigureAwait(false);
            if (current is null)
            {
                return null;
            }

            var updated = change(current);
            Validate(updated);
            await BeforeWriteAsync(tx, updated, id, ct).ConfigureAwait(false);
            var args = Parameters(updated, Database.NowMs, isInsert: false).Append(("$id", (object?)id)).ToArray();
            return await c.QuerySingleAsync(tx, _updateSql, Map, ct, args).ConfigureAwait(false);
        }, null, cancellationToken);
    }

    /// <summary>Deletes a row; false if it did not exist.</summary>
    public Task<bool> DeleteAsync(long id, CancellationToken cancellationToken = default) =>
        Database.WriteAsync(async (tx, ct) =>
            await tx.Connection!.ExecuteAsync(tx, $"DELETE FROM {Table} WHERE id = $id", ct, ("$id", id)).ConfigureAwait(false) == 1,
            cancellationToken);

    /// <summary>The values of <see cref="Columns"/> for a row, in order.</summary>
    /// <param name="row">The row.</param>
    /// <param name="nowMs">Now, for created/updated columns.</param>
    /// <param name="isInsert">Whether the row is being created.</param>
    protected abstract object?[] Values(T row, long nowMs, bool isInsert);

    /// <summary>Maps a row selected as id followed by <see cref="Columns"/>.</summary>
    protected abstract T Map(SqliteDataReader reader);

    /// <summary>Throws <see cref="ArgumentException"/> naming the bad field.</summary>
    protected abstract void Validate(T row);

    /// <summary>The name used in a uniqueness error, or null when the table has none.</summary>
    protected virtual string? UniqueName(T row) => null;

    /// <summary>Runs inside the write transaction before an insert or update (<paramref name="id"/> null on insert).</summary>
    protected virtual Task BeforeWriteAsync(SqliteTransaction transaction, T row, long? id, CancellationToken cancellationToken) => Task.CompletedTask;

    private (string, object?)[] Parameters(T row, long nowMs, bool isInsert)
    {
        var values = Values(row, nowMs, isInsert);
        var result = new (string, object?)[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            result[i] = ("$p" + i, values[i] is bool b ? (b ? 1 : 0) : values[i]);
        }

        return result;
    }

    private async Task<TResult> WriteTranslatingAsync<TResult>(Func<SqliteTransaction, CancellationToken, Task<TResult>> write, T? row, CancellationToken cancellationToken)
    {
        try
        {
            return await Database.WriteAsync(write, cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException ex) when (ex.IsUniqueViolation())
        {
            var name = row is null ? null : UniqueName(row);
            throw new StoreConflictException(name is null
                ? $"This {Noun} conflicts with an existing one: {ex.Message}"
                : $"A {Noun} named '{name}' already exists.", ex);
        }
    }
}
