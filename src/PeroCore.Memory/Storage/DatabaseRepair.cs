using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;

namespace PeroCore.Memory.Storage;

/// <summary>
/// Salvages a damaged database into a new file. The damaged file is only ever read (over read-only connections)
/// and is then renamed to <c>perocore.db.damaged-TIMESTAMP</c>, never deleted. The salvage first tries
/// <c>VACUUM INTO</c>, which copies everything when every page still reads; when it cannot, a fresh database is
/// created by the normal migrations and every table is copied row by row, skipping the rows and pages SQLite cannot
/// read. References to lost rows are cleared (or their rows dropped), and the full-text index is rebuilt. A file
/// whose 100-byte header is destroyed is read through a scratch copy with a rebuilt header. The caller must hold the
/// data folder's lock and delete the vector index files afterwards (they are rebuilt from SQLite at the next start).
/// </summary>
public static class DatabaseRepair
{
    private const int ProgressEvery = 10_000;
    private static readonly byte[] Magic = "SQLite format 3\0"u8.ToArray();

    /// <summary>Checks the database at <paramref name="databasePath"/> and repairs it if it is damaged.</summary>
    /// <param name="databasePath">The database file.</param>
    /// <param name="progress">Receives one line per step and every 10,000 rows copied.</param>
    /// <param name="clock">Names the damaged copy (<c>.damaged-yyyyMMdd-HHmmss</c>); the system clock by default.</param>
    /// <param name="cancellationToken">Stops the salvage; the original is untouched until the very end.</param>
    /// <exception cref="FileNotFoundException">There is no database file.</exception>
    /// <exception cref="SchemaVersionException">The database is from a newer PeroCore.</exception>
    public static async Task<DatabaseRepairReport> RepairAsync(string databasePath, IProgress<string>? progress = null, TimeProvider? clock = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(databasePath);
        clock ??= TimeProvider.System;
        var path = Path.GetFullPath(databasePath);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"There is no database at '{path}': nothing to repair.", path);
        }

        progress?.Report($"checking {path} ...");
        IReadOnlyList<string> findings;
        try
        {
            findings = await PeroDatabase.QuickCheckAsync(path, DatabaseCorruptException.MaxFindings, cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException ex) when (DatabaseCorruptException.IsDamage(ex))
        {
            findings = [DatabaseCorruptException.FindingOf(ex)];
        }

        if (findings.Count == 0)
        {
            return new DatabaseRepairReport { Outcome = DatabaseRepairOutcome.Healthy, DatabasePath = path };
        }

        foreach (var finding in findings)
        {
            progress?.Report($"  {finding}");
        }

        var scratch = path + ".repairing";
        var headerCopy = path + ".header-rebuilt";
        DeleteDatabaseFiles(scratch);
        DeleteDatabaseFiles(headerCopy);
        try
        {
            var source = path;
            var headerRebuilt = false;
            if (await ReadSchemaAsync(source, cancellationToken).ConfigureAwait(false) is null)
            {
                if (RebuildHeader(path, headerCopy, progress) is { } copy && await ReadSchemaAsync(copy, cancellationToken).ConfigureAwait(false) is not null)
                {
                    source = copy;
                    headerRebuilt = true;
                }
                else
                {
                    return new DatabaseRepairReport
                    {
                        Outcome = DatabaseRepairOutcome.Unrecoverable,
                        DatabasePath = path,
                        Findings = findings,
                        Problem = "SQLite cannot read the list of tables (the first page of the file is destroyed)",
                    };
                }
            }

            var (method, tables) = await SalvageAsync(source, scratch, clock, progress, cancellationToken).ConfigureAwait(false);
            var report = new DatabaseRepairReport
            {
                Outcome = DatabaseRepairOutcome.Repaired,
                DatabasePath = path,
                Findings = findings,
                Method = method,
                HeaderRebuilt = headerRebuilt,
                Tables = tables,
            };
            if (report.TotalSalvaged == 0 && report.TotalLost > 0 || tables.Count == 0)
            {
                return report with
                {
                    Outcome = DatabaseRepairOutcome.Unrecoverable,
                    Problem = "no row of any table could be read",
                };
            }

            var damaged = string.Create(CultureInfo.InvariantCulture, $"{path}.damaged-{clock.GetUtcNow():yyyyMMdd-HHmmss}");
            for (var n = 2; File.Exists(damaged); n++)
            {
                damaged = string.Create(CultureInfo.InvariantCulture, $"{path}.damaged-{clock.GetUtcNow():yyyyMMdd-HHmmss}-{n}");
            }

            SqliteConnection.ClearAllPools();
            File.Move(path, damaged);
            foreach (var suffix in (string[])["-wal", "-shm"])
            {
                if (File.Exists(path + suffix))
                {
                    File.Move(path + suffix, damaged + suffix);
                }
            }

            File.Move(scratch, path);
            progress?.Report($"the damaged file is kept as {damaged}");
            return report with { DamagedCopyPath = damaged };
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            DeleteDatabaseFiles(scratch);
            DeleteDatabaseFiles(headerCopy);
        }
    }

    /// <summary>Copies <paramref name="source"/> into a new database at <paramref name="target"/>.</summary>
    private static async Task<(string Method, IReadOnlyList<TableSalvage> Tables)> SalvageAsync(string source, string target, TimeProvider clock,
        IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var from = await OpenSourceAsync(source, cancellationToken).ConfigureAwait(false);
        await using (from.ConfigureAwait(false))
        {
            var version = await TryScalarAsync(from, "SELECT max(version) FROM schema_version", cancellationToken).ConfigureAwait(false);
            if (version > SchemaMigrations.LatestVersion)
            {
                throw new SchemaVersionException(source, (int)version.Value, SchemaMigrations.LatestVersion);
            }

            var counts = new Dictionary<string, long>(StringComparer.Ordinal);
            var method = "VACUUM INTO";
            progress?.Report("trying VACUUM INTO ...");
            if (!await TryVacuumIntoAsync(from, target, cancellationToken).ConfigureAwait(false))
            {
                method = "row by row";
                progress?.Report("VACUUM INTO could not read every page: copying row by row, skipping what cannot be read");
                DeleteDatabaseFiles(target);
            }

            var to = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = target, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false }.ToString());
            await using (to.ConfigureAwait(false))
            {
                await to.OpenAsync(cancellationToken).ConfigureAwait(false);
                await to.ExecuteAsync(null, "PRAGMA journal_mode = MEMORY; PRAGMA synchronous = OFF; PRAGMA foreign_keys = OFF;", cancellationToken).ConfigureAwait(false);
                await SchemaMigrator.MigrateAsync(to, target, clock, cancellationToken).ConfigureAwait(false);
                var salvage = new Dictionary<string, TableSalvage>(StringComparer.Ordinal);
                foreach (var table in await CopiedTablesAsync(to, cancellationToken).ConfigureAwait(false))
                {
                    var expected = await CountAsync(from, table, cancellationToken).ConfigureAwait(false);
                    var (unreadable, exact) = method == "row by row"
                        ? await CopyTableAsync(from, to, table, expected, progress, cancellationToken).ConfigureAwait(false)
                        : (0L, true);
                    counts[table] = expected ?? -1;
                    salvage[table] = new TableSalvage(table, 0, unreadable, exact);
                }

                var dropped = await DropDanglingReferencesAsync(to, cancellationToken).ConfigureAwait(false);
                await CarrySequencesAsync(from, to, cancellationToken).ConfigureAwait(false);
                progress?.Report("rebuilding the full-text index ...");
                await RebuildFullTextAsync(to, cancellationToken).ConfigureAwait(false);

                var tables = new List<TableSalvage>();
                foreach (var (table, s) in salvage)
                {
                    var salvaged = await to.ScalarAsync<long>(null, $"SELECT count(*) FROM {Quote(table)}", cancellationToken).ConfigureAwait(false);
                    var expected = counts[table];
                    tables.Add(expected >= 0
                        ? s with { Salvaged = salvaged, Lost = Math.Max(0, expected - salvaged), LostIsExact = true }
                        : s with { Salvaged = salvaged, Lost = s.Lost + dropped.GetValueOrDefault(table) });
                }

                var check = await to.QueryAsync(null, "PRAGMA integrity_check", r => r.GetString(0), cancellationToken).ConfigureAwait(false);
                if (check is not ["ok"])
                {
                    throw new InvalidOperationException($"The salvaged database failed its integrity check: {string.Join("; ", check.Take(3))}");
                }

                await to.ExecuteAsync(null, "PRAGMA journal_mode = DELETE;", cancellationToken).ConfigureAwait(false);
                return (method, tables);
            }
        }
    }

    /// <summary>
    /// VACUUM INTO copies every table and index page by page; it fails on the first page it cannot read. The copy is
    /// kept only if it passes a full integrity check.
    /// </summary>
    private static async Task<bool> TryVacuumIntoAsync(SqliteConnection from, string target, CancellationToken cancellationToken)
    {
        try
        {
            await from.ExecuteAsync(null, "VACUUM INTO $target", cancellationToken, ("$target", target)).ConfigureAwait(false);
        }
        catch (SqliteException ex) when (DatabaseCorruptException.IsDamage(ex))
        {
            return false;
        }

        try
        {
            var check = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = target, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
            await using (check.ConfigureAwait(false))
            {
                await check.OpenAsync(cancellationToken).ConfigureAwait(false);
                var result = await check.QueryAsync(null, "PRAGMA integrity_check(1)", r => r.GetString(0), cancellationToken).ConfigureAwait(false);
                return result is ["ok"];
            }
        }
        catch (SqliteException ex) when (DatabaseCorruptException.IsDamage(ex))
        {
            return false;
        }
    }

    /// <summary>The tables of the new schema that hold data: not the schema version, not SQLite's, not virtual ones or their shadows.</summary>
    private static async Task<List<string>> CopiedTablesAsync(SqliteConnection to, CancellationToken cancellationToken)
    {
        var all = await to.QueryAsync(null, "SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY rootpage",
            r => (Name: r.GetString(0), Sql: r.IsDBNull(1) ? string.Empty : r.GetString(1)), cancellationToken).ConfigureAwait(false);
        var virtuals = all.Where(t => t.Sql.StartsWith("CREATE VIRTUAL TABLE", StringComparison.OrdinalIgnoreCase)).Select(t => t.Name).ToList();
        return all.Select(t => t.Name)
            .Where(n => !n.StartsWith("sqlite_", StringComparison.Ordinal) && n != "schema_version")
            .Where(n => !virtuals.Any(v => n == v || n.StartsWith(v + "_", StringComparison.Ordinal)))
            .ToList();
    }

    /// <summary>
    /// Copies one table in rowid order (or primary-key order for a WITHOUT ROWID table), skipping what cannot be
    /// read. Returns the rows known to be lost (unreadable or rejected by the schema) and whether that number is
    /// exact (false once a whole unreadable range of pages was skipped).
    /// </summary>
    private static async Task<(long Lost, bool Exact)> CopyTableAsync(SqliteConnection from, SqliteConnection to, string table, long? expected,
        IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var targetColumns = await ColumnsAsync(to, table, cancellationToken).ConfigureAwait(false);
        var sourceColumns = await ColumnsAsync(from, table, cancellationToken).ConfigureAwait(false);
        if (sourceColumns.Count == 0)
        {
            progress?.Report($"{table}: not in the damaged file");
            return (0, true);
        }

        var columns = targetColumns.Where(c => sourceColumns.Any(s => string.Equals(s.Name, c.Name, StringComparison.OrdinalIgnoreCase))).ToList();
        var list = string.Join(", ", columns.Select(c => Quote(c.Name)));
        var withoutRowId = await IsWithoutRowIdAsync(to, table, cancellationToken).ConfigureAwait(false);
        var transaction = (SqliteTransaction)await to.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            var insert = to.CreateCommand();
            await using (insert.ConfigureAwait(false))
            {
                insert.Transaction = transaction;
                insert.CommandText = $"INSERT INTO {Quote(table)} ({list}) VALUES ({string.Join(", ", columns.Select((_, i) => "$p" + i.ToString(CultureInfo.InvariantCulture)))})";
                var parameters = columns.Select((_, i) => insert.Parameters.Add("$p" + i.ToString(CultureInfo.InvariantCulture), SqliteType.Blob)).ToArray();
                var copy = new TableCopy(table, progress);

                async Task<bool> InsertAsync(object[] values)
                {
                    for (var i = 0; i < parameters.Length; i++)
                    {
                        parameters[i].SqliteType = values[i] switch
                        {
                            long => SqliteType.Integer,
                            double => SqliteType.Real,
                            string => SqliteType.Text,
                            _ => SqliteType.Blob,
                        };
                        parameters[i].Value = values[i];
                    }

                    try
                    {
                        await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                        copy.Copied();
                        return true;
                    }
                    catch (SqliteException ex) when (ex.SqliteErrorCode == 19)
                    {
                        copy.Rejected++; // garbage that SQLite could read but the schema refuses (a CHECK, NOT NULL, UNIQUE)
                        return false;
                    }
                }

                var pk = targetColumns.Where(c => c.PrimaryKey).ToList();
                if (withoutRowId)
                {
                    await CopyByKeyAsync(from, table, list, pk.Count == 1 ? pk[0].Name : null, InsertAsync, copy, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await CopyByRowIdAsync(from, table, list, InsertAsync, copy, cancellationToken).ConfigureAwait(false);
                    if (copy.MetDamage || (expected is { } n && n != copy.CopiedCount))
                    {
                        await FillGapsAsync(from, to, transaction, table, list, InsertAsync, copy, cancellationToken).ConfigureAwait(false);
                    }
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                copy.Done();
                return (copy.UnreadableIds.Count + copy.Rejected, copy.SkippedRanges == 0);
            }
        }
    }

    /// <summary>
    /// First pass: scans <c>rowid &gt;= start</c> in order. When a step fails, a rowid-only probe tells an unreadable
    /// row (whose key still reads: skipped alone) from an unreadable page (skipped by searching the smallest rowid
    /// from which a seek reads again: doubling steps, then bisection). A row is written only once the next one shows
    /// its rowid is in order, so a garbage key (a damaged cell) cannot make the scan jump past the rest of the table.
    /// </summary>
    private static async Task CopyByRowIdAsync(SqliteConnection from, string table, string columns, Func<object[], Task<bool>> insert,
        TableCopy copy, CancellationToken cancellationToken)
    {
        var scan = $"SELECT rowid, {columns} FROM {Quote(table)} WHERE rowid >= $next ORDER BY rowid";
        var start = long.MinValue;
        long? floor = null; // the last rowid written
        (long Id, object[] Values)? pending = null;
        while (true)
        {
            try
            {
                var command = from.Command(null, scan, ("$next", start));
                await using (command.ConfigureAwait(false))
                {
                    var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                    await using (reader.ConfigureAwait(false))
                    {
                        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                        {
                            var id = reader.GetInt64(0);
                            var values = ReadValues(reader);
                            if (floor is { } f && id <= f)
                            {
                                copy.MetDamage = true; // out of order: this key is garbage
                            }
                            else if (pending is not { } p)
                            {
                                pending = (id, values);
                            }
                            else if (id > p.Id)
                            {
                                await insert(p.Values).ConfigureAwait(false);
                                copy.Seen(p.Id);
                                floor = p.Id;
                                pending = (id, values);
                            }
                            else
                            {
                                copy.MetDamage = true; // the pending row's key was garbage
                                pending = (id, values);
                            }
                        }
                    }
                }

                if (pending is { } last)
                {
                    await insert(last.Values).ConfigureAwait(false);
                    copy.Seen(last.Id);
                }

                return;
            }
            catch (SqliteException ex) when (DatabaseCorruptException.IsDamage(ex))
            {
                // The pending row is dropped (its key may be garbage); the second pass finds it again if it is real.
                copy.MetDamage = true;
                pending = null;
                var next = Math.Max(start, floor is { } f && f < long.MaxValue ? f + 1 : start);
                var (readable, rowId) = await ProbeAsync(from, table, next, cancellationToken).ConfigureAwait(false);
                if (readable)
                {
                    if (rowId is not { } bad || bad == long.MaxValue)
                    {
                        return;
                    }

                    copy.UnreadableIds.Add(bad); // the page reads, this row's record does not
                    start = Math.Max(bad + 1, start + 1);
                    continue;
                }

                if (await FindReadableAsync(from, table, next, cancellationToken).ConfigureAwait(false) is not { } ok)
                {
                    copy.SkippedRanges++;
                    return;
                }

                copy.SkippedRanges++;
                start = Math.Max(ok, start + 1);
            }
        }
    }

    /// <summary>
    /// Second pass, when the first met damage or the table counts more rows than were copied: every rowid that any
    /// readable b-tree still lists (the table itself read forward and backward, each full index forward and backward,
    /// each until it fails) and that was not copied yet is fetched on its own.
    /// </summary>
    private static async Task FillGapsAsync(SqliteConnection from, SqliteConnection to, SqliteTransaction transaction, string table, string columns,
        Func<object[], Task<bool>> insert, TableCopy copy, CancellationToken cancellationToken)
    {
        var have = (await to.QueryAsync(transaction, $"SELECT rowid FROM {Quote(table)}", r => r.GetInt64(0), cancellationToken).ConfigureAwait(false)).ToHashSet();
        var candidates = new SortedSet<long>();
        var scans = new List<string>
        {
            $"SELECT rowid FROM {Quote(table)} ORDER BY rowid",
            $"SELECT rowid FROM {Quote(table)} ORDER BY rowid DESC",
        };
        try
        {
            var indexes = await from.QueryAsync(null, $"PRAGMA index_list({Quote(table)})", r => (Name: r.GetString(1), Partial: r.GetInt64(4) != 0), cancellationToken).ConfigureAwait(false);
            foreach (var index in indexes.Where(i => !i.Partial))
            {
                var keys = await from.QueryAsync(null, $"PRAGMA index_info({Quote(index.Name)})", r => r.IsDBNull(2) ? null : r.GetString(2), cancellationToken).ConfigureAwait(false);
                if (keys.Count == 0 || keys.Any(k => k is null))
                {
                    continue;
                }

                var order = string.Join(", ", keys.Select(k => Quote(k!)));
                scans.Add($"SELECT rowid FROM {Quote(table)} INDEXED BY {Quote(index.Name)} ORDER BY {order}");
                scans.Add($"SELECT rowid FROM {Quote(table)} INDEXED BY {Quote(index.Name)} ORDER BY {string.Join(", ", keys.Select(k => Quote(k!) + " DESC"))}");
            }
        }
        catch (SqliteException ex) when (DatabaseCorruptException.IsDamage(ex))
        {
            // The table's own scans, then.
        }

        foreach (var sql in scans)
        {
            try
            {
                var command = from.Command(null, sql);
                await using (command.ConfigureAwait(false))
                {
                    var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                    await using (reader.ConfigureAwait(false))
                    {
                        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                        {
                            var id = reader.GetInt64(0);
                            if (!have.Contains(id))
                            {
                                candidates.Add(id);
                            }
                        }
                    }
                }
            }
            catch (SqliteException ex) when (DatabaseCorruptException.IsDamage(ex) || ex.SqliteErrorCode == 1)
            {
                // This b-tree is read up to its damage.
            }
        }

        var lookup = from.Command(null, $"SELECT rowid, {columns} FROM {Quote(table)} WHERE rowid = $id", ("$id", 0L));
        await using (lookup.ConfigureAwait(false))
        {
            foreach (var id in candidates)
            {
                lookup.Parameters[0].Value = id;
                try
                {
                    var reader = await lookup.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                    await using (reader.ConfigureAwait(false))
                    {
                        if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false) && reader.GetInt64(0) == id)
                        {
                            var values = ReadValues(reader);
                            await insert(values).ConfigureAwait(false);
                            copy.Seen(id);
                        }
                        else
                        {
                            copy.UnreadableIds.Add(id); // listed by an index, but the table has no such row any more
                        }
                    }
                }
                catch (SqliteException ex) when (DatabaseCorruptException.IsDamage(ex))
                {
                    copy.UnreadableIds.Add(id);
                }
            }
        }
    }

    /// <summary>The first rowid &gt;= <paramref name="at"/> if the seek reads (null past the end); not readable when it fails.</summary>
    private static async Task<(bool Readable, long? RowId)> ProbeAsync(SqliteConnection from, string table, long at, CancellationToken cancellationToken)
    {
        try
        {
            var rows = await from.QueryAsync(null, $"SELECT rowid FROM {Quote(table)} WHERE rowid >= $next ORDER BY rowid LIMIT 1",
                r => r.GetInt64(0), cancellationToken, ("$next", at)).ConfigureAwait(false);
            return (true, rows.Count == 0 ? null : rows[0]);
        }
        catch (SqliteException ex) when (DatabaseCorruptException.IsDamage(ex))
        {
            return (false, null);
        }
    }

    /// <summary>The smallest rowid above <paramref name="failing"/> from which a seek reads again (doubling steps, then bisection), or null.</summary>
    private static async Task<long?> FindReadableAsync(SqliteConnection from, string table, long failing, CancellationToken cancellationToken)
    {
        long step = 1;
        long? good = null;
        while (long.MaxValue - failing >= step)
        {
            var at = failing + step;
            if ((await ProbeAsync(from, table, at, cancellationToken).ConfigureAwait(false)).Readable)
            {
                good = at;
                break;
            }

            failing = at;
            step = step > long.MaxValue / 2 ? long.MaxValue : step * 2;
        }

        if (good is not { } ok)
        {
            return null;
        }

        while (ok - failing > 1)
        {
            var mid = failing + ((ok - failing) / 2);
            if ((await ProbeAsync(from, table, mid, cancellationToken).ConfigureAwait(false)).Readable)
            {
                ok = mid;
            }
            else
            {
                failing = mid;
            }
        }

        return ok;
    }

    private static object[] ReadValues(SqliteDataReader reader)
    {
        var values = new object[reader.FieldCount - 1];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = reader.GetValue(i + 1);
        }

        return values;
    }

    /// <summary>
    /// A WITHOUT ROWID table (small key-value tables): forward in key order until a read fails, then backward from
    /// the end down to where the forward pass stopped. Whatever lies between is lost.
    /// </summary>
    private static async Task CopyByKeyAsync(SqliteConnection from, string table, string columns, string? key, Func<object[], Task<bool>> insert,
        TableCopy copy, CancellationToken cancellationToken)
    {
        object? last = null;
        try
        {
            var order = key is null ? string.Empty : $" ORDER BY {Quote(key)}";
            var command = from.Command(null, $"SELECT {(key is null ? "NULL" : Quote(key))}, {columns} FROM {Quote(table)}{order}");
            await using (command.ConfigureAwait(false))
            {
                var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        await insert(ReadValues(reader)).ConfigureAwait(false);
                        last = reader.GetValue(0);
                    }
                }
            }

            return;
        }
        catch (SqliteException ex) when (DatabaseCorruptException.IsDamage(ex))
        {
            copy.SkippedRanges++;
        }

        if (key is null)
        {
            return;
        }

        try
        {
            var where = last is null ? string.Empty : $" WHERE {Quote(key)} > $last";
            var command = from.Command(null, $"SELECT {Quote(key)}, {columns} FROM {Quote(table)}{where} ORDER BY {Quote(key)} DESC", ("$last", last));
            await using (command.ConfigureAwait(false))
            {
                var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        await insert(ReadValues(reader)).ConfigureAwait(false);
                    }
                }
            }
        }
        catch (SqliteException ex) when (DatabaseCorruptException.IsDamage(ex))
        {
            // The rest of the table is lost.
        }
    }

    /// <summary>
    /// Rows that point at rows that were lost: a reference declared ON DELETE SET NULL is cleared, any other row is
    /// dropped (as a delete would have done). Returns the rows dropped per table.
    /// </summary>
    private static async Task<Dictionary<string, long>> DropDanglingReferencesAsync(SqliteConnection to, CancellationToken cancellationToken)
    {
        var dropped = new Dictionary<string, long>(StringComparer.Ordinal);
        for (var pass = 0; pass < 10; pass++)
        {
            var violations = await to.QueryAsync(null, "PRAGMA foreign_key_check",
                r => (Table: r.GetString(0), RowId: r.IsDBNull(1) ? (long?)null : r.GetInt64(1), Fk: r.GetInt64(3)), cancellationToken).ConfigureAwait(false);
            if (violations.Count == 0)
            {
                return dropped;
            }

            var transaction = (SqliteTransaction)await to.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                foreach (var group in violations.Where(v => v.RowId is not null).GroupBy(v => v.Table))
                {
                    var keys = await to.QueryAsync(transaction, $"PRAGMA foreign_key_list({Quote(group.Key)})",
                        r => (Id: r.GetInt64(0), From: r.GetString(3), OnDelete: r.GetString(6)), cancellationToken).ConfigureAwait(false);
                    foreach (var v in group)
                    {
                        var fk = keys.Where(k => k.Id == v.Fk).ToList();
                        if (fk.Count == 1 && string.Equals(fk[0].OnDelete, "SET NULL", StringComparison.OrdinalIgnoreCase))
                        {
                            await to.ExecuteAsync(transaction, $"UPDATE {Quote(group.Key)} SET {Quote(fk[0].From)} = NULL WHERE rowid = $id", cancellationToken, ("$id", v.RowId)).ConfigureAwait(false);
                        }
                        else if (await to.ExecuteAsync(transaction, $"DELETE FROM {Quote(group.Key)} WHERE rowid = $id", cancellationToken, ("$id", v.RowId)).ConfigureAwait(false) > 0)
                        {
                            dropped[group.Key] = dropped.GetValueOrDefault(group.Key) + 1;
                        }
                    }
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        return dropped;
    }

    /// <summary>Keeps AUTOINCREMENT counters at least as high as in the damaged file, so a lost id is never reused.</summary>
    private static async Task CarrySequencesAsync(SqliteConnection from, SqliteConnection to, CancellationToken cancellationToken)
    {
        List<(string Name, long Seq)> sequences;
        try
        {
            sequences = await from.QueryAsync(null, "SELECT name, seq FROM sqlite_sequence", r => (r.GetString(0), r.GetInt64(1)), cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException ex) when (DatabaseCorruptException.IsDamage(ex))
        {
            return;
        }

        foreach (var (name, seq) in sequences)
        {
            if (await to.ExecuteAsync(null, "UPDATE sqlite_sequence SET seq = max(seq, $seq) WHERE name = $name", cancellationToken, ("$seq", seq), ("$name", name)).ConfigureAwait(false) == 0 &&
                await to.ScalarAsync<long>(null, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = $name", cancellationToken, ("$name", name)).ConfigureAwait(false) > 0)
            {
                await to.ExecuteAsync(null, "INSERT INTO sqlite_sequence (name, seq) VALUES ($name, $seq)", cancellationToken, ("$name", name), ("$seq", seq)).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Drops and re-creates the full-text tables (their pages may be garbage), then re-indexes every memory.</summary>
    private static async Task RebuildFullTextAsync(SqliteConnection to, CancellationToken cancellationToken)
    {
        var definitions = await to.QueryAsync(null,
            "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%' ORDER BY rootpage, rowid",
            r => (Name: r.GetString(0), Sql: r.GetString(1)), cancellationToken).ConfigureAwait(false);
        var transaction = (SqliteTransaction)await to.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            foreach (var (name, _) in Enumerable.Reverse(definitions))
            {
                await to.ExecuteAsync(transaction, $"DROP TABLE {Quote(name)}", cancellationToken).ConfigureAwait(false);
            }

            foreach (var (_, sql) in definitions)
            {
                await to.ExecuteAsync(transaction, sql, cancellationToken).ConfigureAwait(false);
            }

            await MemoryRepository.RebuildFullTextAsync(transaction, cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// How many rows the damaged table holds, if SQLite can still count them through any of its b-trees (the table
    /// itself or one of its full indexes); null when none reads.
    /// </summary>
    private static async Task<long?> CountAsync(SqliteConnection from, string table, CancellationToken cancellationToken)
    {
        var ways = new List<string> { $"SELECT count(*) FROM {Quote(table)}", $"SELECT count(*) FROM {Quote(table)} NOT INDEXED" };
        try
        {
            var indexes = await from.QueryAsync(null, $"PRAGMA index_list({Quote(table)})", r => (Name: r.GetString(1), Partial: r.GetInt64(4) != 0), cancellationToken).ConfigureAwait(false);
            ways.AddRange(indexes.Where(i => !i.Partial && !i.Name.StartsWith("sqlite_autoindex", StringComparison.Ordinal))
                .Select(i => $"SELECT count(*) FROM {Quote(table)} INDEXED BY {Quote(i.Name)}"));
        }
        catch (SqliteException ex) when (DatabaseCorruptException.IsDamage(ex) || ex.SqliteErrorCode == 1)
        {
            // Only the plain counts, then.
        }

        long? best = null;
        foreach (var sql in ways)
        {
            if (await TryScalarAsync(from, sql, cancellationToken).ConfigureAwait(false) is { } n)
            {
                best = Math.Max(best ?? 0, n);
            }
        }

        return best;
    }

    private static async Task<long?> TryScalarAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        try
        {
            var command = connection.Command(null, sql);
            await using (command.ConfigureAwait(false))
            {
                return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long n ? n : null;
            }
        }
        catch (SqliteException ex) when (DatabaseCorruptException.IsDamage(ex) || ex.SqliteErrorCode == 1)
        {
            return null; // unreadable, or no such table/index in an older schema
        }
    }

    private static async Task<List<(string Name, bool PrimaryKey)>> ColumnsAsync(SqliteConnection connection, string table, CancellationToken cancellationToken) =>
        await connection.QueryAsync(null, $"PRAGMA table_info({Quote(table)})", r => (r.GetString(1), r.GetInt64(5) > 0), cancellationToken).ConfigureAwait(false);

    private static async Task<bool> IsWithoutRowIdAsync(SqliteConnection connection, string table, CancellationToken cancellationToken)
    {
        var sql = await connection.ScalarAsync<string>(null, "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = $name", cancellationToken, ("$name", table)).ConfigureAwait(false);
        return sql?.Contains("WITHOUT ROWID", StringComparison.OrdinalIgnoreCase) == true;
    }

    /// <summary>A read-only connection to the damaged file that checks every cell it reads.</summary>
    private static async Task<SqliteConnection> OpenSourceAsync(string path, CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await connection.ExecuteAsync(null, "PRAGMA cell_size_check = ON;", cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The table names, or null when SQLite cannot read the schema at all.</summary>
    private static async Task<List<string>?> ReadSchemaAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            var connection = await OpenSourceAsync(path, cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                var tables = await connection.QueryAsync(null, "SELECT name FROM sqlite_master WHERE type = 'table'", r => r.GetString(0), cancellationToken).ConfigureAwait(false);
                return tables.Count == 0 ? null : tables;
            }
        }
        catch (SqliteException ex) when (DatabaseCorruptException.IsDamage(ex))
        {
            return null;
        }
    }

    /// <summary>
    /// When the 100-byte header is destroyed, writes a scratch copy of the file with a fresh header (page size taken
    /// from the old header when it is plausible, else the first that makes the schema readable). The WAL is copied
    /// with it. Returns the copy, or null when the header was not the problem or no page size works.
    /// </summary>
    private static string? RebuildHeader(string path, string copy, IProgress<string>? progress)
    {
        var header = new byte[100];
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
        {
            if (stream.Length < 512 || stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false) < header.Length)
            {
                return null;
            }
        }

        var raw = BinaryPrimitives.ReadUInt16BigEndian(header.AsSpan(16));
        var stated = raw == 1 ? 65536 : raw;
        var length = new FileInfo(path).Length;
        var sizes = new List<int>();
        if (stated >= 512 && stated <= 65536 && (stated & (stated - 1)) == 0)
        {
            sizes.Add(stated);
        }

        sizes.AddRange(new[] { 4096, 1024, 2048, 8192, 16384, 32768, 65536, 512 }.Where(s => !sizes.Contains(s) && length % s == 0));
        var hasWal = File.Exists(path + "-wal") && new FileInfo(path + "-wal").Length > 0;
        foreach (var size in sizes)
        {
            DeleteDatabaseFiles(copy);
            File.Copy(path, copy);
            if (hasWal)
            {
                File.Copy(path + "-wal", copy + "-wal");
            }

            using (var stream = new FileStream(copy, FileMode.Open, FileAccess.ReadWrite))
            {
                stream.Write(FreshHeader(size, hasWal));
            }

            SqliteConnection.ClearAllPools();
            if (SchemaReads(copy))
            {
                progress?.Report(string.Create(CultureInfo.InvariantCulture, $"the file header was unreadable: reading through a copy with a rebuilt header (page size {size})"));
                return copy;
            }
        }

        DeleteDatabaseFiles(copy);
        return null;
    }

    private static bool SchemaReads(string path)
    {
        try
        {
            using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT count(*) FROM sqlite_master";
            return command.ExecuteScalar() is long n && n > 0;
        }
        catch (SqliteException)
        {
            return false;
        }
    }

    /// <summary>A standard SQLite header: the database size is taken from the file, the free list is forgotten.</summary>
    private static byte[] FreshHeader(int pageSize, bool wal)
    {
        var header = new byte[100];
        Magic.CopyTo(header, 0);
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(16), pageSize == 65536 ? (ushort)1 : (ushort)pageSize);
        header[18] = header[19] = wal ? (byte)2 : (byte)1; // file format write/read version: 2 = WAL
        header[20] = 0; // reserved bytes per page
        header[21] = 64; // max embedded payload fraction
        header[22] = 32; // min embedded payload fraction
        header[23] = 32; // leaf payload fraction
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(24), 1); // change counter; != version-valid-for (92), so the size comes from the file
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(40), 1); // schema cookie
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(44), 4); // schema format
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(56), 1); // UTF-8
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(96), 3_046_000); // SQLite version that wrote it
        return header;
    }

    private static void DeleteDatabaseFiles(string path)
    {
        foreach (var suffix in (string[])["", "-wal", "-shm", "-journal"])
        {
            if (File.Exists(path + suffix))
            {
                File.Delete(path + suffix);
            }
        }
    }

    private static string Quote(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>Counters and progress of one table's copy.</summary>
    private sealed class TableCopy(string table, IProgress<string>? progress)
    {
        public long CopiedCount { get; private set; }

        public HashSet<long> UnreadableIds { get; } = [];

        public long Rejected { get; set; }

        public int SkippedRanges { get; set; }

        public bool MetDamage { get; set; }

        public void Seen(long id) => UnreadableIds.Remove(id);

        public void Copied()
        {
            if (++CopiedCount % ProgressEvery == 0)
            {
                progress?.Report(string.Create(CultureInfo.InvariantCulture, $"{table}: {CopiedCount} rows ..."));
            }
        }

        public void Done()
        {
            var text = new StringBuilder(string.Create(CultureInfo.InvariantCulture, $"{table}: {CopiedCount} rows copied"));
            if (UnreadableIds.Count + Rejected > 0)
            {
                text.Append(CultureInfo.InvariantCulture, $", {UnreadableIds.Count + Rejected} unreadable");
            }

            if (SkippedRanges > 0)
            {
                text.Append(CultureInfo.InvariantCulture, $", {SkippedRanges} unreadable range(s) of pages skipped");
            }

            progress?.Report(text.ToString());
        }
    }
}
