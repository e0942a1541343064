using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace PeroCore.Memory.Storage;

/// <summary>
/// A statement prepared once on a connection's native handle and stepped many times with positional parameters,
/// for the bulk paths where ADO.NET's per-execution work (a data reader, name lookups, re-binding every
/// parameter) costs more than SQLite itself. Runs inside whatever transaction the connection has open; errors are
/// raised as <see cref="SqliteException"/> like every other statement.
/// </summary>
internal sealed class RawStatement : IDisposable
{
    private readonly sqlite3 _db;
    private sqlite3_stmt? _stmt;

    public RawStatement(SqliteConnection connection, string sql)
    {
        ArgumentNullException.ThrowIfNull(connection);
        _db = connection.Handle ?? throw new InvalidOperationException("The connection is not open.");
        var rc = raw.sqlite3_prepare_v2(_db, sql, out var stmt);
        if (rc != raw.SQLITE_OK)
        {
            stmt?.Dispose();
            SqliteException.ThrowExceptionForRC(rc, _db);
        }

        _stmt = stmt;
    }

    private sqlite3_stmt Stmt => _stmt ?? throw new ObjectDisposedException(nameof(RawStatement));

    public void Bind(int index, long value) => Check(raw.sqlite3_bind_int64(Stmt, index, value));

    public void Bind(int index, double value) => Check(raw.sqlite3_bind_double(Stmt, index, value));

    public void Bind(int index, string? value) =>
        Check(value is null ? raw.sqlite3_bind_null(Stmt, index) : raw.sqlite3_bind_text(Stmt, index, value));

    public void Bind(int index, long? value) =>
        Check(value is { } v ? raw.sqlite3_bind_int64(Stmt, index, v) : raw.sqlite3_bind_null(Stmt, index));

    public void BindBlob(int index, ReadOnlySpan<byte> value) => Check(raw.sqlite3_bind_blob(Stmt, index, value));

    public void BindNull(int index) => Check(raw.sqlite3_bind_null(Stmt, index));

    /// <summary>Runs a statement that returns no rows, then resets it for the next use.</summary>
    public void Execute()
    {
        try
        {
            var rc = raw.sqlite3_step(Stmt);
            if (rc is not raw.SQLITE_DONE and not raw.SQLITE_ROW)
            {
                SqliteException.ThrowExceptionForRC(rc, _db);
            }
        }
        finally
        {
            raw.sqlite3_reset(Stmt);
        }
    }

    /// <summary>Runs an <c>INSERT</c> (without <c>RETURNING</c>), resets it, and returns the new row's rowid.</summary>
    public long ExecuteInsert()
    {
        Execute();
        return raw.sqlite3_last_insert_rowid(_db);
    }

    /// <summary>Runs a statement that returns exactly one row (an upsert with <c>RETURNING</c>), reads it, then resets.</summary>
    public T ExecuteSingleRow<T>(Func<RawStatement, T> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        try
        {
            var rc = raw.sqlite3_step(Stmt);
            if (rc == raw.SQLITE_DONE)
            {
                throw new InvalidOperationException("The statement returned no row.");
            }

            if (rc != raw.SQLITE_ROW)
            {
                SqliteException.ThrowExceptionForRC(rc, _db);
            }

            var value = read(this);
            rc = raw.sqlite3_step(Stmt);
            if (rc is not raw.SQLITE_DONE and not raw.SQLITE_ROW)
            {
                SqliteException.ThrowExceptionForRC(rc, _db);
            }

            return value;
        }
        finally
        {
            raw.sqlite3_reset(Stmt);
        }
    }

    /// <summary>An integer column of the current row.</summary>
    public long ColumnInt64(int index) => raw.sqlite3_column_int64(Stmt, index);

    /// <summary>A real column of the current row.</summary>
    public double ColumnDouble(int index) => raw.sqlite3_column_double(Stmt, index);

    /// <summary>A text column of the current row (null for SQL NULL).</summary>
    public string? ColumnText(int index) =>
        raw.sqlite3_column_type(Stmt, index) == raw.SQLITE_NULL ? null : raw.sqlite3_column_text(Stmt, index).utf8_to_string();

    public void Dispose()
    {
        _stmt?.Dispose();
        _stmt = null;
    }

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK)
        {
            SqliteException.ThrowExceptionForRC(rc, _db);
        }
    }
}
