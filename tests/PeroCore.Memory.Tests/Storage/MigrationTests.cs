using Microsoft.Data.Sqlite;
using PeroCore.Memory.Storage;

namespace PeroCore.Memory.Tests.Storage;

public sealed class MigrationTests : IDisposable
{
    private static readonly string[] Tables =
    [
        "memory", "memory_change", "memory_relation", "conversation_log", "pet_state", "maintenance_record", "config",
        "scheduled_task", "model_config", "voice_config", "mcp_config", "engine_state", "schema_version", "event_outbox",
    ];

    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Empty_database_gets_every_table_and_the_latest_version()
    {
        var path = _dir.File("perocore.db");
        await using (var db = await PeroDatabase.OpenAsync(path))
        {
            Assert.Equal(SchemaMigrations.LatestVersion, db.SchemaVersion);
        }

        using var c = Open(path);
        var names = Query(c, "SELECT name FROM sqlite_master WHERE type = 'table'");
        foreach (var table in Tables)
        {
            Assert.Contains(table, names);
        }

        Assert.Equal("wal", Query(c, "PRAGMA journal_mode")[0]);
        Assert.Equal(SchemaMigrations.LatestVersion.ToString(System.Globalization.CultureInfo.InvariantCulture), Query(c, "SELECT max(version) FROM schema_version")[0]);
        Assert.Contains("ix_memory_timestamp", Query(c, "SELECT name FROM sqlite_master WHERE type = 'index'"));
    }

    [Fact]
    public async Task Reopening_a_migrated_database_applies_nothing_and_keeps_data()
    {
        var path = _dir.File("perocore.db");
        await using (var store = await PeroStore.OpenAsync(path))
        {
            await store.Config.SetAsync("owner_name", "Alice");
        }

        await using (var store = await PeroStore.OpenAsync(path))
        {
            Assert.Equal("Alice", await store.Config.GetAsync("owner_name"));
        }

        using var c = Open(path);
        Assert.Equal(SchemaMigrations.All.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), Query(c, "SELECT count(*) FROM schema_version")[0]);
    }

    [Fact]
    public async Task A_database_from_a_newer_version_is_refused_and_left_untouched()
    {
        var path = _dir.File("perocore.db");
        await (await PeroDatabase.OpenAsync(path)).DisposeAsync();
        var future = SchemaMigrations.LatestVersion + 5;
        using (var c = Open(path))
        {
            using var cmd = c.CreateCommand();
            cmd.CommandText = $"INSERT INTO schema_version (version, description, applied_at) VALUES ({future}, 'from the future', 0)";
            cmd.ExecuteNonQuery();
        }

        SqliteConnection.ClearAllPools();
        var before = await File.ReadAllBytesAsync(path);
        var ex = await Assert.ThrowsAsync<SchemaVersionException>(() => PeroDatabase.OpenAsync(path));
        Assert.Contains($"schema version {future}", ex.Message, StringComparison.Ordinal);
        Assert.Contains("newer PeroCore", ex.Message, StringComparison.Ordinal);
        Assert.Equal(future, ex.DatabaseVersion);
        SqliteConnection.ClearAllPools();
        using (var c = Open(path))
        {
            Assert.Equal(future.ToString(System.Globalization.CultureInfo.InvariantCulture), Query(c, "SELECT max(version) FROM schema_version")[0]);
        }

        Assert.True(before.Length > 0);
    }

    [Fact]
    public async Task Foreign_keys_are_enforced_on_the_writer()
    {
        await using var store = await PeroStore.OpenAsync(_dir.File("perocore.db"));
        var ex = await Assert.ThrowsAsync<SqliteException>(() => store.Database.WriteAsync((tx, ct) =>
            tx.Connection!.ExecuteAsync(tx, "INSERT INTO memory_relation (source_id, target_id, created_at) VALUES (998, 999, 0)", ct)));
        Assert.Contains("FOREIGN KEY", ex.Message, StringComparison.OrdinalIgnoreCase);
    }

    private static SqliteConnection Open(string path)
    {
        var c = new SqliteConnection($"Data Source={path};Pooling=False");
        c.Open();
        return c;
    }

    private static List<string> Query(SqliteConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        using var r = cmd.ExecuteReader();
        var list = new List<string>();
        while (r.Read())
        {
            list.Add(Convert.ToString(r.GetValue(0), System.Globalization.CultureInfo.InvariantCulture)!);
        }

        return list;
    }
}
