using System.Text;
using PeroCore.Memory;
using PeroCore.Memory.Embeddings;
using PeroCore.Memory.Storage;

namespace PeroCore.Server.Tests;

public sealed class CrashTests
{
    [Fact]
    public async Task Sigkill_during_a_bulk_import_loses_no_committed_memory()
    {
        using var dir = new TempFolder();
        var data = Path.Combine(dir.Path, "data");
        var file = Path.Combine(dir.Path, "memories.jsonl");
        const int total = 30_000;
        const int dims = 48;
        var random = new Random(42);
        double[] Unit()
        {
            var v = Enumerable.Range(0, dims).Select(_ => random.NextDouble() - 0.5).ToArray();
            var n = Math.Sqrt(v.Sum(x => x * x));
            return [.. v.Select(x => x / n)];
        }

        // Precomputed vectors (the bulk path with vectors given), clustered like real embeddings.
        var centres = Enumerable.Range(0, 64).Select(_ => Unit()).ToArray();
        var sb = new StringBuilder();
        for (var i = 0; i < total; i++)
        {
            var noise = Unit();
            var v = centres[i % centres.Length].Zip(noise, (c, e) => c + (0.35 * e)).ToArray();
            var norm = Math.Sqrt(v.Sum(x => x * x));
            sb.Append("{\"content\":\"memory ").Append(i).Append("\",\"embedding\":[")
              .AppendJoin(',', v.Select(x => (x / norm).ToString("R", System.Globalization.CultureInfo.InvariantCulture))).AppendLine("]}");
        }

        await File.WriteAllTextAsync(file, sb.ToString());
        using (var child = ChildProcess.Start(["import", file, "--data", data, "--Embedding:Provider=Hashing", $"--Embedding:Dimensions={dims}"], dir.Path))
        {
            // The import draws no progress when its output is not a terminal: watch the committed rows instead (a
            // reader does not disturb the writer in WAL mode).
            var deadline = DateTime.UtcNow.AddSeconds(120);
            while (await CommittedAsync(Path.Combine(data, "perocore.db")) < 3000)
            {
                Assert.True(DateTime.UtcNow < deadline, $"the import never reached 3000 memories: {child.StandardError}");
                await Task.Delay(20);
            }

            child.Signal(9);
            await child.WaitAsync(TimeSpan.FromSeconds(30));
            Assert.DoesNotContain("Imported", child.StandardOutput, StringComparison.Ordinal);
        }

        await using var store = await PeroStore.OpenAsync(Path.Combine(data, "perocore.db"));
        using var embedder = new HashingEmbeddingGenerator(dims);
        await using var engine = await MemoryEngine.OpenAsync(store, embedder, new MemoryEngineOptions { IndexDirectory = data });
        var count = await store.Memories.CountAsync();
        Assert.True(count >= 3000, $"only {count} memories survived");
        Assert.True(count < total, "the kill came too late to test anything");
        Assert.Equal(0, count % 1000); // batches commit whole or not at all
        Assert.Equal(count, engine.Index.Count);

        await engine.WaitForAuditAsync();
        var missed = 0;
        var details = new List<string>();
        for (var offset = 0; offset < count; offset += 1000)
        {
            foreach (var row in await store.Memories.ListAsync(new MemoryListQuery { Limit = 1000, Offset = offset }))
            {
                var found = engine.Index.Contains(row.Id) && engine.SearchVectors(row.Embedding!, 1) is [var first] && first.Key == row.Id;
                if (!found)
                {
                    var top = engine.SearchVectors(row.Embedding!, 3);
                    details.Add($"{row.Id} contains={engine.Index.Contains(row.Id)} '{row.Content}' top={string.Join(",", top.Select(t => $"{t.Key}:{t.Similarity:F4}"))} pending={engine.Index.PendingCount}");
                }

                missed += found ? 0 : 1;
            }
        }

        Assert.True(missed == 0, string.Join("\n", details));
    }

    private static async Task<long> CommittedAsync(string database)
    {
        if (!File.Exists(database))
        {
            return 0;
        }

        try
        {
            await using var connection = new Microsoft.Data.Sqlite.SqliteConnection(
                new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder { DataSource = database, Mode = Microsoft.Data.Sqlite.SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT count(*) FROM memory";
            return (long)(await command.ExecuteScalarAsync() ?? 0L);
        }
        catch (Microsoft.Data.Sqlite.SqliteException)
        {
            return 0; // not created or migrated yet
        }
    }
}
