using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using PeroCore.Memory.Storage;
using PeroCore.Memory.Tests.Storage;
using PeroCore.Server.Cli;
using PeroCore.Server.Hosting;

namespace PeroCore.Server.Tests;

/// <summary>
/// A damaged <c>perocore.db</c>, as a user meets it: the real executable refuses it with exit code 6 and a message
/// saying what to do, <c>perocore repair</c> salvages it, and damage met by a running server turns /health to 503.
/// </summary>
public sealed class DamagedDatabaseTests
{
    private const int Memories = 400;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    public enum Damage
    {
        Header,
        RandomBytesInTheMiddle,
        TablePage,
        IndexPage,
    }

    [Theory]
    [InlineData(Damage.Header)]
    [InlineData(Damage.RandomBytesInTheMiddle)]
    [InlineData(Damage.TablePage)]
    [InlineData(Damage.IndexPage)]
    public async Task The_server_refuses_a_damaged_database_with_exit_code_6_and_says_what_to_do(Damage damage)
    {
        using var dir = new TempFolder();
        var data = Path.Combine(dir.Path, "data");
        var db = Path.Combine(data, "perocore.db");
        Directory.CreateDirectory(data);
        await DatabaseDamage.CreateAsync(db, Memories);
        Inflict(db, damage);
        var before = Hash(db);

        using var child = ChildProcess.Start(["--port", "0", "--data", data], dir.Path);
        Assert.Equal(PeroCoreCli.ExitDatabaseDamaged, await child.WaitAsync(Timeout));

        var stderr = child.StandardError;
        Assert.Contains($"The database '{db}' is damaged", stderr, StringComparison.Ordinal);
        Assert.Contains($"perocore repair --data \"{data}\"", stderr, StringComparison.Ordinal);
        Assert.Contains("backup", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
        Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.Equal(before, Hash(db));
        using var again = DataFolderLock.Acquire(data, "test"); // the lock was released
    }

    [Fact]
    public async Task Without_the_start_check_a_destroyed_header_is_still_refused_with_exit_code_6()
    {
        using var dir = new TempFolder();
        var data = Path.Combine(dir.Path, "data");
        Directory.CreateDirectory(data);
        var db = Path.Combine(data, "perocore.db");
        await DatabaseDamage.CreateAsync(db, 50);
        DatabaseDamage.TrashHeader(db);
        var before = Hash(db);

        var error = new StringWriter();
        Assert.Equal(PeroCoreCli.ExitDatabaseDamaged,
            await PeroCoreCli.RunAsync(["--port", "0", "--data", data, "--Server:CheckDatabase=false", "--Embedding:Provider=Hashing"], TextWriter.Null, error));
        Assert.Contains("file is not a database", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("perocore repair", error.ToString(), StringComparison.Ordinal);
        Assert.Equal(before, Hash(db));
        using var again = DataFolderLock.Acquire(data, "test");
    }

    [Fact]
    public async Task Import_refuses_a_damaged_database_too()
    {
        using var dir = new TempFolder();
        var data = Path.Combine(dir.Path, "data");
        Directory.CreateDirectory(data);
        var db = Path.Combine(data, "perocore.db");
        await DatabaseDamage.CreateAsync(db, Memories);
        Inflict(db, Damage.TablePage);
        var jsonl = Path.Combine(dir.Path, "in.jsonl");
        await File.WriteAllTextAsync(jsonl, """{"content":"one more"}""" + "\n");

        using var child = ChildProcess.Start(["import", jsonl, "--data", data, "--Embedding:Provider=Hashing"], dir.Path);
        Assert.Equal(PeroCoreCli.ExitDatabaseDamaged, await child.WaitAsync(Timeout));
        Assert.Contains("perocore repair", child.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", child.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Repair_salvages_the_readable_rows_keeps_the_original_and_the_server_then_serves_them()
    {
        using var dir = new TempFolder();
        var data = Path.Combine(dir.Path, "data");
        var db = Path.Combine(data, "perocore.db");
        var jsonl = Path.Combine(dir.Path, "memories.jsonl");
        await File.WriteAllLinesAsync(jsonl, Enumerable.Range(1, Memories).Select(i => JsonSerializer.Serialize(new
        {
            content = $"memory number {i}: the owner likes {DatabaseDamage.Topic(i)} and long walks by the river",
            tags = new[] { $"topic{i % 7}" },
            timestamp = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000 + (i * 60)).ToString("O", CultureInfo.InvariantCulture),
        })));
        using (var import = ChildProcess.Start(["import", jsonl, "--data", data, "--Embedding:Provider=Hashing"], dir.Path))
        {
            Assert.Equal(0, await import.WaitAsync(Timeout));
        }

        Assert.NotEmpty(Directory.GetFiles(data, "*.usearch"));
        var leaves = DatabaseDamage.LeafPages(db, DatabaseDamage.RootPage(db, "memory"));
        DatabaseDamage.TrashPage(db, leaves[leaves.Count / 2]);
        var damagedHash = Hash(db);

        using (var refused = ChildProcess.Start(["--port", "0", "--data", data], dir.Path))
        {
            Assert.Equal(PeroCoreCli.ExitDatabaseDamaged, await refused.WaitAsync(Timeout));
        }

        using (var repair = ChildProcess.Start(["repair", "--data", data], dir.Path))
        {
            Assert.Equal(0, await repair.WaitAsync(Timeout));
            Assert.Contains("memory: ", repair.StandardError, StringComparison.Ordinal); // progress
            Assert.Contains("rows salvaged", repair.StandardOutput, StringComparison.Ordinal);
            Assert.Contains("perocore.db.damaged-", repair.StandardOutput, StringComparison.Ordinal);
        }

        var kept = Assert.Single(Directory.GetFiles(data, "perocore.db.damaged-*"), f => !f.EndsWith("-wal", StringComparison.Ordinal) && !f.EndsWith("-shm", StringComparison.Ordinal));
        Assert.Equal(damagedHash, Hash(kept));
        Assert.Empty(Directory.GetFiles(data, "*.usearch*"));
        var salvaged = DatabaseDamage.Count(db, "memory");
        Assert.InRange(salvaged, Memories - 30, Memories - 1);

        await using var app = await StartAsync(data);
        using var client = new HttpClient { BaseAddress = app.Addresses[0] };
        var health = await client.GetAsync(new Uri("/health", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("""{"status":"healthy"}""", await health.Content.ReadAsStringAsync());
        var list = await client.GetFromJsonAsync<JsonElement>($"/api/memories?limit={Memories}");
        Assert.Equal(salvaged, list.GetArrayLength());

        var survivor = list.EnumerateArray().Select(m => m.GetProperty("content").GetString()!).First(c => c.StartsWith("memory number 3:", StringComparison.Ordinal));
        var found = await client.GetFromJsonAsync<JsonElement>("/api/memories/search?q=" + Uri.EscapeDataString(DatabaseDamage.Topic(3)));
        Assert.Equal(survivor, found[0].GetProperty("memory").GetProperty("content").GetString());
        Assert.Equal(salvaged, app.Engine.Index.Count);
    }

    [Fact]
    public async Task Repair_of_a_database_nothing_can_be_read_from_fails_clearly_and_changes_nothing()
    {
        using var dir = new TempFolder();
        var data = Path.Combine(dir.Path, "data");
        Directory.CreateDirectory(data);
        var db = Path.Combine(data, "perocore.db");
        await File.WriteAllBytesAsync(db, DatabaseDamage.RandomBytes(64 * 1024, 11));

        using var repair = ChildProcess.Start(["repair", "--data", data], dir.Path);
        Assert.Equal(PeroCoreCli.ExitDatabaseDamaged, await repair.WaitAsync(Timeout));
        Assert.Contains("Nothing could be salvaged", repair.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", repair.StandardError, StringComparison.Ordinal);
        Assert.Equal([db], Directory.GetFiles(data, "perocore.db*"));
    }

    [Fact]
    public async Task Damage_met_by_a_running_server_turns_health_to_503_and_the_request_gets_a_503_problem()
    {
        using var dir = new TempFolder();
        var data = Path.Combine(dir.Path, "data");
        Directory.CreateDirectory(data);
        var db = Path.Combine(data, "perocore.db");
        await DatabaseDamage.CreateAsync(db, Memories, $"{PeroCore.Memory.Embeddings.HashingEmbeddingGenerator.ModelName}:384", 384);

        await using var app = await StartAsync(data);
        using var client = new HttpClient { BaseAddress = app.Addresses[0] };
        Assert.Equal("""{"status":"healthy"}""", await client.GetStringAsync(new Uri("/health", UriKind.Relative)));
        Assert.Equal(50, (await client.GetFromJsonAsync<JsonElement>("/api/memories?limit=50")).GetArrayLength());

        // Let background work settle, put every committed page in the file, then damage the memory table on disk.
        await app.Engine.WaitForIndexingAsync();
        await app.Engine.SaveIndexesAsync();
        await app.Store.Database.CheckpointAsync();
        foreach (var leaf in DatabaseDamage.LeafPages(db, DatabaseDamage.RootPage(db, "memory")))
        {
            DatabaseDamage.TrashPage(db, leaf, seed: (int)leaf);
        }

        SqliteConnection.ClearAllPools(); // the next read opens a connection that reads the file, not a warm cache
        using (var write = await client.PostAsync(new Uri("/api/memories", UriKind.Relative),
            new StringContent("""{"content":"written after the damage"}""", Encoding.UTF8, "application/json")))
        {
            await AssertDamageProblemAsync(write);
        }

        using (var read = await client.GetAsync(new Uri($"/api/memories?limit={Memories}", UriKind.Relative)))
        {
            await AssertDamageProblemAsync(read);
        }

        using var health = await client.GetAsync(new Uri("/health", UriKind.Relative));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        var body = JsonDocument.Parse(await health.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("unhealthy", body.GetProperty("status").GetString());
        Assert.Contains(db, body.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("perocore repair", body.GetProperty("detail").GetString(), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/api/ping", UriKind.Relative))).StatusCode); // still serving
    }

    private static async Task AssertDamageProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(503, problem.GetProperty("status").GetInt32());
        Assert.Contains("is damaged", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("perocore repair", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    private static async Task<PeroCoreApplication> StartAsync(string data)
    {
        var app = await PeroCoreApplication.CreateAsync(["--port", "0", "--data", data, "--Embedding:Provider=Hashing", "--Agent:ScorerEnabled=false"]);
        await app.StartAsync();
        return app;
    }

    private static void Inflict(string db, Damage damage)
    {
        switch (damage)
        {
            case Damage.Header:
                DatabaseDamage.TrashHeader(db);
                break;
            case Damage.RandomBytesInTheMiddle:
                DatabaseDamage.Overwrite(db, new FileInfo(db).Length / 2, DatabaseDamage.RandomBytes(16 * 1024, 9));
                break;
            case Damage.TablePage:
                var leaves = DatabaseDamage.LeafPages(db, DatabaseDamage.RootPage(db, "memory"));
                DatabaseDamage.TrashPage(db, leaves[leaves.Count / 2]);
                break;
            case Damage.IndexPage:
                var index = DatabaseDamage.LeafPages(db, DatabaseDamage.RootPage(db, "ix_memory_timestamp"));
                DatabaseDamage.TrashPage(db, index[index.Count / 2]);
                break;
        }
    }

    private static string Hash(string path) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));
}
