using Microsoft.Data.Sqlite;
using PeroCore.Memory.Embeddings;
using PeroCore.Memory.History;
using PeroCore.Memory.Storage;
using PeroCore.Memory.Tests.Storage;

namespace PeroCore.Memory.Tests.History;

/// <summary>A database written by the schema before memory history (version 4) upgrades and keeps its data.</summary>
public sealed class HistoryMigrationTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_version_4_database_upgrades_keeping_relation_ids_and_their_counter()
    {
        var path = _dir.File("perocore.db");
        var v4 = SchemaMigrations.All.First(m => m.Description.Contains("outbox", StringComparison.Ordinal)).Version;
        using (var c = new SqliteConnection($"Data Source={path};Pooling=False;Foreign Keys=True"))
        {
            c.Open();
            using var tx = c.BeginTransaction();
            Exec(c, tx, "CREATE TABLE schema_version (version INTEGER PRIMARY KEY NOT NULL, description TEXT NOT NULL, applied_at INTEGER NOT NULL)");
            foreach (var m in SchemaMigrations.All.Where(m => m.Version <= v4))
            {
                Exec(c, tx, m.Sql);
                if (m.Code is not null)
                {
                    await m.Code(tx, CancellationToken.None);
                }

                Exec(c, tx, $"INSERT INTO schema_version VALUES ({m.Version}, 'v', 0)");
            }

            Exec(c, tx, """
                INSERT INTO memory (id, content, tags, last_accessed, timestamp, updated_at) VALUES (1, 'first memory', 'a', 10, 10, 10), (2, 'second memory', 'b', 20, 20, 20), (3, 'third', '', 30, 30, 30);
                UPDATE memory SET next_id = 2 WHERE id = 1; UPDATE memory SET prev_id = 1, next_id = 3 WHERE id = 2; UPDATE memory SET prev_id = 2 WHERE id = 3;
                INSERT INTO memory_relation (source_id, target_id, relation_type, strength, description, created_at) VALUES
                    (1, 2, 'causal', 0.8, 'one', 5), (2, 3, 'thematic', 0.4, NULL, 6), (1, 3, 'associative', 0.2, 'gone', 7);
                DELETE FROM memory_relation WHERE id = 3;
                """);
            var bad = Assert.Throws<SqliteException>(() => Exec(c, tx, "INSERT INTO memory_relation (source_id, target_id, relation_type, created_at) VALUES (3, 1, 'derived_from', 8)"));
            Assert.Contains("CHECK", bad.Message, StringComparison.Ordinal);
            tx.Commit();
        }

        await using var store = await PeroStore.OpenAsync(path);
        Assert.Equal(SchemaMigrations.LatestVersion, store.Database.SchemaVersion);
        var relations = await store.Relations.ListAllAsync();
        Assert.Equal([(1L, 1L, 2L, "causal", 0.8, "one"), (2L, 2L, 3L, "thematic", 0.4, null)],
            relations.Select(r => (r.Id, r.SourceId, r.TargetId, r.RelationType, r.Strength, r.Description)).ToArray());
        Assert.Equal(3, await StoreDump.CountAsync(store, "SELECT seq FROM sqlite_sequence WHERE name = 'memory_relation'"));
        Assert.Equal(0, await StoreDump.CountAsync(store, "SELECT count(*) FROM sqlite_sequence WHERE name = 'memory_relation_v5'"));
        Assert.Equal(0, await StoreDump.CountAsync(store, "SELECT count(*) FROM memory WHERE archived_at IS NOT NULL"));

        await using var engine = await MemoryEngine.OpenAsync(store, new HashingEmbeddingGenerator());
        var derived = await engine.RelateAsync(3, 1, RelationTypes.DerivedFrom, 1.0, "merged", ChangeOrigin.Secretary(1));
        Assert.Equal(4, derived.Id); // the counter was kept: the deleted id 3 is not reused
        Assert.Equal(2, (await engine.GetRunChangesAsync(1)).Count);
        Assert.Null((await store.Memories.GetAsync(1))!.ArchivedAt);
        Assert.Equal("second memory", (await store.Memories.GetAsync(2))!.Content);
        await engine.ArchiveAsync(2, ChangeOrigin.Api);
        var listed = (await store.Memories.ListAsync(new MemoryListQuery())).Select(m => m.Id).Order().ToArray();
        Assert.Equal(new long[] { 1, 3 }, listed);
    }

    private static void Exec(SqliteConnection c, SqliteTransaction tx, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }
}
