using Microsoft.Data.Sqlite;

namespace PeroCore.Memory.Storage;

/// <summary>Small ADO.NET helpers: parameterised commands, scalars, row mapping.</summary>
internal static class SqliteExtensions
{
    public static SqliteCommand Command(this SqliteConnection connection, SqliteTransaction? transaction, string sql, params ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }

    public static async Task<int> ExecuteAsync(this SqliteConnection connection, SqliteTransaction? transaction, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        var command = connection.Command(transaction, sql, parameters);
        await using (command.ConfigureAwait(false))
        {
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public static async Task<T> ScalarAsync<T>(this SqliteConnection connection, SqliteTransaction? transaction, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        var command = connection.Command(transaction, sql, parameters);
        await using (command.ConfigureAwait(false))
        {
            var value = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            if (value is null or DBNull)
            {
                return default!;
            }

            var target = Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T);
            return (T)Convert.ChangeType(value, target, System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    public static async Task<List<T>> QueryAsync<T>(this SqliteConnection connection, SqliteTransaction? transaction, string sql, Func<SqliteDataReader, T> map, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        var command = connection.Command(transaction, sql, parameters);
        await using (command.ConfigureAwait(false))
        {
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                var list = new List<T>();
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    list.Add(map(reader));
                }

                return list;
            }
        }
    }

    /// <summary>
    /// Runs a query whose columns are read by name: <paramref name="ordinals"/> resolves the named columns once per
    /// result, <paramref name="map"/> reads each row with them.
    /// </summary>
    public static async Task<List<T>> QueryAsync<TOrdinals, T>(this SqliteConnection connection, SqliteTransaction? transaction, string sql,
        Func<SqliteDataReader, TOrdinals> ordinals, Func<SqliteDataReader, TOrdinals, T> map, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        var command = connection.Command(transaction, sql, parameters);
        await using (command.ConfigureAwait(false))
        {
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                var list = new List<T>();
                var columns = ordinals(reader);
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    list.Add(map(reader, columns));
                }

                return list;
            }
        }
    }

    /// <summary>The first row of a query read by named columns (see the overload of <c>QueryAsync</c>), or null.</summary>
    public static async Task<T?> QuerySingleAsync<TOrdinals, T>(this SqliteConnection connection, SqliteTransaction? transaction, string sql,
        Func<SqliteDataReader, TOrdinals> ordinals, Func<SqliteDataReader, TOrdinals, T> map, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
        where T : class
    {
        var list = await connection.QueryAsync(transaction, sql, ordinals, map, cancellationToken, parameters).ConfigureAwait(false);
        return list.Count == 0 ? null : list[0];
    }

    public static async Task<T?> QuerySingleAsync<T>(this SqliteConnection connection, SqliteTransaction? transaction, string sql, Func<SqliteDataReader, T> map, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
        where T : class
    {
        var list = await connection.QueryAsync(transaction, sql, map, cancellationToken, parameters).ConfigureAwait(false);
        return list.Count == 0 ? null : list[0];
    }

    public static string? GetNullableString(this SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public static long? GetNullableInt64(this SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetInt64(ordinal);

    public static double? GetNullableDouble(this SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetDouble(ordinal);

    public static string? GetNullableString(this SqliteDataReader reader, string name) => reader.GetNullableString(reader.GetOrdinal(name));

    public static long? GetNullableInt64(this SqliteDataReader reader, string name) => reader.GetNullableInt64(reader.GetOrdinal(name));

    public static double? GetNullableDouble(this SqliteDataReader reader, string name) => reader.GetNullableDouble(reader.GetOrdinal(name));

    public static bool IsUniqueViolation(this SqliteException exception) =>
        exception.SqliteErrorCode == 19 && exception.SqliteExtendedErrorCode == 2067; // SQLITE_CONSTRAINT_UNIQUE

    public static DateTimeOffset FromMs(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);
}
