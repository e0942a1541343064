using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using PeroCore.Memory;
using PeroCore.Memory.Embeddings;
using PeroCore.Memory.History;
using PeroCore.Memory.Ingestion;
using PeroCore.Memory.Storage;

namespace PeroCore.Server.Tests;

/// <summary>
/// A server killed with SIGKILL between history writes (each change is one transaction with its history row) leaves a
/// store whose history matches its rows, with no acknowledged change lost, and an earlier batch run still undoable exactly.
/// </summary>
public sealed class HistoryCrashTests
{
    private const int Dims = 48;

    [Fact]
    public async Task Sigkill_between_changes_leaves_history_and_rows_consistent_and_a_run_undoable()
    {
        using var dir = new TempFolder();
        var data = Path.Combine(dir.Path, "data");
        Directory.CreateDirectory(data);
        var db = Path.Combine(data, "perocore.db");
        var ids = new List<long>();
        string beforeRun;

        // A store with a batch run (maintenance run 1) applied, written in this process.
        await using (var store = await PeroStore.OpenAsync(db))
        {
            using var embedder = new HashingEmbeddingGenerator(Dims);
            await using var engine = await MemoryEngine.OpenAsync(store, embedder, new MemoryEngineOptions { IndexDirectory = data });
            for (var i = 0; i < 12; i++)
            {
                ids.Add((await engine.AddAsync(new NewMemory { Content = $"memory number {i} about topic {i % 4}", Tags = [$"t{i % 3}"] })).Id);
            }

            await engine.WaitForLinkingAsync();
            beforeRun = await DumpAsync(store, ids.Take(4));
            await engine.ApplyBatchAsync(
            [
                MemoryOperation.Add(new NewMemory { Content = "a summary of memories 0 and 1" }, [new BatchRelation(0, ids[0], RelationTypes.DerivedFrom, 1), new BatchRelation(0, ids[1], RelationTypes.DerivedFrom, 1)], MemoryHistoryOps.Merge),
                MemoryOperation.Archive(ids[0]),
                MemoryOperation.Archive(ids[1]),
                MemoryOperation.Update(ids[2], new MemoryEdit { Content = "memory number 2, rewritten by the secretary", Importance = 8 }),
                MemoryOperation.Relate(ids[2], ids[3], RelationTypes.Causal, 0.6, "because"),
            ], ChangeOrigin.Secretary(1));
            await engine.WaitForLinkingAsync();
        }

        // The real server changes other memories over HTTP, one history write per request, and is killed mid-stream.
        var port = FreePort();
        var acknowledged = 0;
        var killed = false;
        using (var child = ChildProcess.Start(["--port", port.ToString(CultureInfo.InvariantCulture), "--data", data, "--Embedding:Provider=Hashing",
                   $"--Embedding:Dimensions={Dims}", "--Agent:ScorerEnabled=false"], dir.Path))
        {
            await child.WaitForOutputAsync("Now listening", TimeSpan.FromSeconds(60));
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            using var stop = new CancellationTokenSource();
            var writer = Task.Run(async () =>
            {
                for (var i = 0; !stop.IsCancellationRequested; i++)
                {
                    var id = ids[4 + (i % 8)];
                    using var request = (i % 3) switch
                    {
                        0 => new HttpRequestMessage(HttpMethod.Post, $"/api/memories/{id}/archive"),
                        1 => new HttpRequestMessage(HttpMethod.Post, $"/api/memories/{id}/unarchive"),
                        _ => new HttpRequestMessage(HttpMethod.Patch, $"/api/memories/{id}") { Content = new StringContent($"{{\"importance\":{i % 10}}}", Encoding.UTF8, "application/json") },
                    };
                    try
                    {
                        using var response = await http.SendAsync(request);
                        if (response.StatusCode == HttpStatusCode.OK)
                        {
                            Interlocked.Increment(ref acknowledged);
                        }
                    }
                    catch (HttpRequestException) when (Volatile.Read(ref killed))
                    {
                        return; // the server is gone
                    }
                    catch (HttpRequestException)
                    {
                        // A connection dropped while the machine is loaded, before the kill: the change was not
                        // acknowledged, so it does not count; try the next one.
                        await Task.Delay(20);
                    }
                }
            });

            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (Volatile.Read(ref acknowledged) < 60)
            {
                Assert.True(DateTime.UtcNow < deadline, $"only {acknowledged} changes in a minute: {child.StandardError}");
                await Task.Delay(5);
            }

            Volatile.Write(ref killed, true);
            child.Signal(9);
            await child.WaitAsync(TimeSpan.FromSeconds(30));
            await stop.CancelAsync();
            await writer;
        }

        await using (var store = await PeroStore.OpenAsync(db))
        {
            using var embedder = new HashingEmbeddingGenerator(Dims);
            await using var engine = await MemoryEngine.OpenAsync(store, embedder, new MemoryEngineOptions { IndexDirectory = data });

            // No acknowledged change is missing from history, and each memory's newest history image is its row.
            var apiRows = await store.Database.ReadAsync((c, ct) => c.ScalarAsync<long>(null, "SELECT count(*) FROM memory_history WHERE actor = 'api'", ct));
            Assert.True(apiRows >= acknowledged, $"{apiRows} history rows for {acknowledged} acknowledged changes");
            foreach (var id in ids.Skip(4))
            {
                var row = (await store.Memories.GetAsync(id))!;
                var latest = (await engine.GetHistoryAsync(id))[0].After!["memory"]!;
                Assert.Equal(row.Importance, latest["importance"]!.GetValue<long>());
                Assert.Equal(row.ArchivedAt?.ToUnixTimeMilliseconds(), latest["archived_at"]?.GetValue<long>());
                Assert.Equal(row.UpdatedAt.ToUnixTimeMilliseconds(), latest["updated_at"]!.GetValue<long>());
            }

            Assert.Equal(await store.Memories.CountAsync(), engine.Index.Count);

            // The run before the crash is undone exactly: its memories and their relations are as before it.
            var reverted = await engine.UndoRunAsync(1, ChangeOrigin.Api);
            Assert.NotEmpty(reverted);
            Assert.Equal(beforeRun, await DumpAsync(store, ids.Take(4)));
            Assert.Equal(12, await store.Memories.CountAsync());
            Assert.Equal(12, engine.Index.Count);
        }
    }

    private static async Task<string> DumpAsync(PeroStore store, IEnumerable<long> ids)
    {
        var json = System.Text.Json.JsonSerializer.Serialize(ids);
        var rows = await store.Database.ReadAsync((c, ct) => c.QueryAsync(null, """
            SELECT 'm' || id || ':' || content || '|' || tags || '|' || importance || '|' || base_importance || '|' || coalesce(archived_at, '-') || '|' ||
                   updated_at || '|' || coalesce(prev_id, '-') || '|' || coalesce(next_id, '-') || '|' || hex(embedding)
            FROM memory WHERE id IN (SELECT value FROM json_each($ids))
            UNION ALL
            SELECT 'r' || id || ':' || source_id || '>' || target_id || '|' || relation_type || '|' || strength || '|' || coalesce(description, '-') || '|' || created_at
            FROM memory_relation WHERE source_id IN (SELECT value FROM json_each($ids)) OR target_id IN (SELECT value FROM json_each($ids))
            ORDER BY 1
            """, r => r.GetString(0), ct, ("$ids", json)));
        return string.Join("\n", rows);
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
