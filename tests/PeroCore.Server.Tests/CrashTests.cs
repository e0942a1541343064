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
        const int total = 40_000;
        var sb = new StringBuilder();
        for (var i = 0; i < total; i++)
        {
            sb.Append("{\"content\":\"memory ").Append(i).Append(" about topic ").Append(i % 97).Append(" and detail ").Append(i * 7919 % 10007).AppendLine("\"}");
        }

        await File.WriteAllTextAsync(file, sb.ToString());
        // The hashing embedder's sparse vectors need HNSW connectivity 32 for every node to stay reachable
        // (with 16, about 0.6% of them cannot be found even by their own vector); the dense default model is fine at 16.
        using (var child = ChildProcess.Start(["import", file, "--data", data, "--Embedding:Provider=Hashing", "--Memory:Index:Connectivity=32"], dir.Path))
        {
            var deadline = DateTime.UtcNow.AddSeconds(120);
            while (!child.StandardError.Contains("imported 3000/", StringComparison.Ordinal))
            {
                Assert.True(DateTime.UtcNow < deadline, $"the import never reached 3000 memories: {child.StandardError}");
                await Task.Delay(20);
            }

            child.Signal(9);
            await child.WaitAsync(TimeSpan.FromSeconds(30));
            Assert.DoesNotContain($"imported {total}/{total}", child.StandardError, StringComparison.Ordinal);
        }

        await using var store = await PeroStore.OpenAsync(Path.Combine(data, "perocore.db"));
        using var embedder = new HashingEmbeddingGenerator();
        await using var engine = await MemoryEngine.OpenAsync(store, embedder, new MemoryEngineOptions { IndexDirectory = data, Index = new PeroCore.Memory.Indexing.VectorIndexSettings { Connectivity = 32 } });
        var count = await store.Memories.CountAsync();
        Assert.True(count >= 3000, $"only {count} memories survived");
        Assert.True(count < total, "the kill came too late to test anything");
        Assert.Equal(0, count % 1000); // batches commit whole or not at all
        Assert.Equal(count, engine.Index.Count);

        var missed = 0;
        var details = new List<string>();
        for (var offset = 0; offset < count; offset += 1000)
        {
            foreach (var row in await store.Memories.ListAsync(new MemoryListQuery { Limit = 1000, Offset = offset }))
            {
                // HNSW is approximate: a memory counts as found when it is among the 10 nearest to its own vector.
                var found = engine.Index.Contains(row.Id) && engine.Index.Search(row.Embedding!, 10).Any(h => h.Key == row.Id);
                if (!found)
                {
                    var top = engine.Index.Search(row.Embedding!, 3);
                    details.Add($"{row.Id} contains={engine.Index.Contains(row.Id)} '{row.Content}' top={string.Join(",", top.Select(t => $"{t.Key}:{t.Similarity:F4}"))} pending={engine.Index.PendingCount}");
                }

                missed += found ? 0 : 1;
            }
        }

        Assert.True(missed == 0, string.Join("\n", details));
    }
}
