using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using PeroCore.Memory.Storage;

namespace PeroCore.Memory.Tests.Storage;

/// <summary>Real database files, really damaged: refused at open, salvaged by <see cref="DatabaseRepair"/>, reported at run time.</summary>
public sealed class DamagedDatabaseTests : IDisposable
{
    private const int Memories = 600;
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    private string DbPath => _dir.File("perocore.db");

    [Fact]
    public async Task A_destroyed_header_is_refused_at_open_and_the_file_is_not_written()
    {
        await DatabaseDamage.CreateAsync(DbPath, Memories);
        DatabaseDamage.TrashHeader(DbPath);
        var before = Hash(DbPath);

        var ex = await Assert.ThrowsAsync<DatabaseCorruptException>(() => PeroDatabase.OpenAsync(DbPath));
        Assert.Equal(DbPath, ex.DatabasePath);
        Assert.Contains("not a database", ex.Findings[0], StringComparison.Ordinal);
        Assert.Contains("perocore repair", ex.Message, StringComparison.Ordinal);
        Assert.Contains("did not write to it", ex.Message, StringComparison.Ordinal);
        Assert.Equal(before, Hash(DbPath));
        Assert.False(File.Exists(DbPath + "-wal"));
    }

    [Theory]
    [InlineData("memory")]
    [InlineData("ix_memory_timestamp")]
    public async Task One_garbage_page_in_a_btree_is_found_by_quick_check_at_open(string btree)
    {
        await DatabaseDamage.CreateAsync(DbPath, Memories);
        var leaves = DatabaseDamage.LeafPages(DbPath, DatabaseDamage.RootPage(DbPath, btree));
        DatabaseDamage.TrashPage(DbPath, leaves[leaves.Count / 2]);
        var before = Hash(DbPath);

        var ex = await Assert.ThrowsAsync<DatabaseCorruptException>(() => PeroStore.OpenAsync(DbPath));
        Assert.NotEmpty(ex.Findings);
        Assert.Contains(DbPath, ex.Message, StringComparison.Ordinal);
        Assert.Equal(before, Hash(DbPath));
    }

    [Fact]
    public async Task A_sound_database_opens_and_repair_leaves_it_alone()
    {
        await DatabaseDamage.CreateAsync(DbPath, 20);
        Assert.Empty(await PeroDatabase.QuickCheckAsync(DbPath));
        var before = Hash(DbPath);
        var report = await DatabaseRepair.RepairAsync(DbPath);
        Assert.Equal(DatabaseRepairOutcome.Healthy, report.Outcome);
        Assert.Equal(before, Hash(DbPath));
        Assert.Equal([DbPath], Directory.GetFiles(_dir.Path, "perocore.db*").Where(f => !f.EndsWith("-wal", StringComparison.Ordinal) && !f.EndsWith("-shm", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Repair_of_a_damaged_index_salvages_every_row_and_keeps_the_original()
    {
        await DatabaseDamage.CreateAsync(DbPath, Memories);
        var leaves = DatabaseDamage.LeafPages(DbPath, DatabaseDamage.RootPage(DbPath, "ix_memory_timestamp"));
        DatabaseDamage.TrashPage(DbPath, leaves[leaves.Count / 2]);
        var damagedHash = Hash(DbPath);

        var lines = new List<string>();
        var report = await DatabaseRepair.RepairAsync(DbPath, new SyncProgress(lines.Add));

        Assert.Equal(DatabaseRepairOutcome.Repaired, report.Outcome);
        Assert.Equal("row by row", report.Method);
        Assert.Equal(Memories, report.Tables.Single(t => t.Table == "memory").Salvaged);
        Assert.Equal(0, report.TotalLost);
        Assert.Equal(damagedHash, Hash(report.DamagedCopyPath!));
        Assert.Contains(lines, l => l.StartsWith("memory: 600 rows copied", StringComparison.Ordinal));
        await AssertSoundAsync(DbPath, Memories);
    }

    [Fact]
    public async Task Repair_of_a_damaged_table_page_salvages_the_rest_and_counts_the_lost_rows()
    {
        await DatabaseDamage.CreateAsync(DbPath, Memories);
        var leaves = DatabaseDamage.LeafPages(DbPath, DatabaseDamage.RootPage(DbPath, "memory"));
        Assert.True(leaves.Count > 10);
        DatabaseDamage.TrashPage(DbPath, leaves[1]); // early, so relations point at lost memories
        DatabaseDamage.TrashPage(DbPath, leaves[leaves.Count / 2], seed: 8);

        var report = await DatabaseRepair.RepairAsync(DbPath);

        Assert.Equal(DatabaseRepairOutcome.Repaired, report.Outcome);
        var memory = report.Tables.Single(t => t.Table == "memory");
        Assert.InRange(memory.Lost, 2, 40);
        Assert.True(memory.LostIsExact); // the timestamp index still counts the table
        Assert.Equal(Memories, memory.Salvaged + memory.Lost);
        Assert.Equal(1, DatabaseDamage.Count(DbPath, "config"));
        await AssertSoundAsync(DbPath, memory.Salvaged);

        using var c = Open(DbPath);
        Assert.Equal(1L, Scalar(c, $"SELECT count(*) FROM memory WHERE id = {Memories}")); // rows after the damage are there
        Assert.Equal(0L, Scalar(c, "SELECT count(*) FROM memory WHERE prev_id IS NOT NULL AND prev_id NOT IN (SELECT id FROM memory)"));
        Assert.True(Scalar(c, "SELECT count(*) FROM memory_relation") < 49); // relations to lost memories are gone
        Assert.True(Scalar(c, "SELECT seq FROM sqlite_sequence WHERE name = 'memory'") >= Memories);
    }

    [Fact]
    public async Task Damage_outside_every_table_is_repaired_by_VACUUM_INTO_without_loss()
    {
        await DatabaseDamage.CreateAsync(DbPath, Memories);
        await using (var store = await PeroStore.OpenAsync(DbPath))
        {
            await store.Database.WriteAsync((tx, ct) => tx.Connection!.ExecuteAsync(tx, "DELETE FROM memory WHERE id > 300", ct));
        }

        var trunk = DatabaseDamage.FreelistTrunkPage(DbPath);
        Assert.True(trunk > 0);
        DatabaseDamage.TrashPage(DbPath, trunk);
        Assert.NotEmpty(await PeroDatabase.QuickCheckAsync(DbPath));

        var report = await DatabaseRepair.RepairAsync(DbPath);

        Assert.Equal(DatabaseRepairOutcome.Repaired, report.Outcome);
        Assert.Equal("VACUUM INTO", report.Method);
        Assert.Equal(0, report.TotalLost);
        await AssertSoundAsync(DbPath, 300);
    }

    [Fact]
    public async Task Repair_reads_through_a_destroyed_header()
    {
        await DatabaseDamage.CreateAsync(DbPath, Memories);
        DatabaseDamage.TrashHeader(DbPath);

        var report = await DatabaseRepair.RepairAsync(DbPath);

        Assert.Equal(DatabaseRepairOutcome.Repaired, report.Outcome);
        Assert.True(report.HeaderRebuilt);
        Assert.Equal(0, report.TotalLost);
        await AssertSoundAsync(DbPath, Memories);
        Assert.Empty(Directory.GetFiles(_dir.Path, "*.header-rebuilt*"));
        Assert.Empty(Directory.GetFiles(_dir.Path, "*.repairing*"));
    }

    [Fact]
    public async Task When_nothing_can_be_read_repair_says_so_and_changes_nothing()
    {
        await DatabaseDamage.CreateAsync(DbPath, 50);
        var length = new FileInfo(DbPath).Length;
        DatabaseDamage.Overwrite(DbPath, 0, DatabaseDamage.RandomBytes((int)length, 5));
        var before = Hash(DbPath);

        var report = await DatabaseRepair.RepairAsync(DbPath);

        Assert.Equal(DatabaseRepairOutcome.Unrecoverable, report.Outcome);
        Assert.NotNull(report.Problem);
        Assert.Equal(before, Hash(DbPath));
        Assert.Equal([DbPath], Directory.GetFiles(_dir.Path, "perocore.db*"));
    }

    [Fact]
    public async Task Damage_met_at_run_time_by_reads_and_writes_is_thrown_as_DatabaseCorruptException_and_reported_once()
    {
        await DatabaseDamage.CreateAsync(DbPath, Memories);
        await using var store = await PeroStore.OpenAsync(DbPath);
        var reported = new List<DatabaseCorruptException>();
        store.Database.DamageDetected += (_, e) => reported.Add(e);
        Assert.Equal(Memories, await store.Memories.CountAsync());

        var leaves = DatabaseDamage.LeafPages(DbPath, DatabaseDamage.RootPage(DbPath, "memory"));
        foreach (var leaf in leaves)
        {
            DatabaseDamage.TrashPage(DbPath, leaf, seed: (int)leaf);
        }

        SqliteConnection.ClearAllPools(); // readers open afresh and read the file
        var ex = await Assert.ThrowsAsync<DatabaseCorruptException>(() => store.Memories.ListAsync(new MemoryListQuery { Limit = 1000 }));
        Assert.IsType<SqliteException>(ex.InnerException);
        await Assert.ThrowsAsync<DatabaseCorruptException>(() => store.Memories.ListAsync(new MemoryListQuery { Limit = 1000 }));
        await Assert.ThrowsAsync<DatabaseCorruptException>(() => store.Database.WriteAsync((tx, ct) =>
            tx.Connection!.ExecuteAsync(tx, $"UPDATE memory SET importance = 2 WHERE id = {Memories / 2}", ct)));
        Assert.Single(reported);
        Assert.Same(reported[0], store.Database.Damage);
    }

    private static async Task AssertSoundAsync(string path, long memories)
    {
        Assert.Empty(await PeroDatabase.QuickCheckAsync(path));
        await using (var store = await PeroStore.OpenAsync(path))
        {
            Assert.Equal(memories, await store.Memories.CountAsync());
            Assert.Equal("Alice", await store.Config.GetAsync("owner_name"));
        }

        using var c = Open(path);
        Assert.Equal("ok", Query(c, "PRAGMA integrity_check")[0]);
        Assert.Empty(Query(c, "PRAGMA foreign_key_check"));
        Assert.Equal(memories, Scalar(c, "SELECT count(*) FROM memory_fts"));
        var last = Scalar(c, "SELECT max(id) FROM memory");
        Assert.Equal(1L, Scalar(c, $"SELECT count(*) FROM memory_fts WHERE memory_fts MATCH '{DatabaseDamage.Topic((int)last)}'"));
    }

    private static string Hash(string path) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));

    private static SqliteConnection Open(string path)
    {
        var c = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        c.Open();
        return c;
    }

    private static long Scalar(SqliteConnection c, string sql)
    {
        using var command = c.CreateCommand();
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    }

    private static List<string> Query(SqliteConnection c, string sql)
    {
        using var command = c.CreateCommand();
        command.CommandText = sql;
        using var r = command.ExecuteReader();
        var list = new List<string>();
        while (r.Read())
        {
            list.Add(r.GetValue(0).ToString()!);
        }

        return list;
    }

    private sealed class SyncProgress(Action<string> report) : IProgress<string>
    {
        public void Report(string value) => report(value);
    }
}
