using System.Net;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using PeroCore.Memory.Embeddings;

namespace PeroCore.Server.Tests.Embedding;

/// <summary>
/// Searches that arrive together share embedding batches (the micro-batcher sits behind every embedding request), and
/// each still gets the answer it would get alone.
/// </summary>
public sealed class ConcurrentSearchTests : IAsyncLifetime
{
    private const int Count = 24;
    private ServerFixture _server = null!;

    // No cache: the sequential round must embed every query again rather than reuse the concurrent round's vectors.
    public async Task InitializeAsync() => _server = await ServerFixture.StartAsync("--Agent:ScorerEnabled=false", "--Embedding:CacheSize=0");

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static string Content(int i) => $"Note {i}: the {Animals[i % Animals.Length]} named {Names[i]} likes {Foods[i % Foods.Length]} on day {i}.";

    private static readonly string[] Animals = ["cat", "dog", "owl", "fox", "eel", "yak"];
    private static readonly string[] Foods = ["plums", "rice", "tofu", "kelp", "figs"];
    private static readonly string[] Names = [.. Enumerable.Range(0, Count).Select(i => $"Zorb{(char)('a' + i)}{(char)('z' - i)}")];

    [Fact]
    public async Task Concurrent_searches_all_answer_as_they_would_one_at_a_time()
    {
        var ids = new long[Count];
        for (var i = 0; i < Count; i++)
        {
            using var content = new StringContent(JsonSerializer.Serialize(new { content = Content(i) }), System.Text.Encoding.UTF8, "application/json");
            using var response = await _server.Client.PostAsync("/api/memories", content);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            ids[i] = body.RootElement.GetProperty("id").GetInt64();
        }

        var batcher = _server.App.Services.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>().GetService<MicroBatchingEmbeddingGenerator>();
        Assert.NotNull(batcher);
        var before = batcher.CoalescedRequests;

        // Every query at once, twice over, then each alone.
        using var start = new SemaphoreSlim(0);
        var concurrent = Enumerable.Range(0, 2 * Count).Select(k => Task.Run(async () =>
        {
            await start.WaitAsync();
            return await SearchIdsAsync(Content(k % Count));
        })).ToArray();
        start.Release(concurrent.Length);
        var together = await Task.WhenAll(concurrent);

        for (var i = 0; i < Count; i++)
        {
            var alone = await SearchIdsAsync(Content(i));
            Assert.Equal(ids[i], alone[0]);
            Assert.Equal(alone, together[i]);
            Assert.Equal(alone, together[i + Count]);
        }

        Assert.True(batcher.CoalescedRequests - before >= 3 * Count, $"only {batcher.CoalescedRequests - before} searches were embedded through the batcher");
    }

    [Fact]
    public async Task A_search_cancelled_by_its_client_leaves_the_others_answering()
    {
        using var content = new StringContent(JsonSerializer.Serialize(new { content = Content(1) }), System.Text.Encoding.UTF8, "application/json");
        using (var created = await _server.Client.PostAsync("/api/memories", content))
        {
            Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        }

        using var cts = new CancellationTokenSource();
        var searches = Enumerable.Range(0, 12).Select(k => Task.Run(() => SearchIdsAsync(Content(1) + $" {k}"))).ToList();
        var cancelled = _server.Client.GetAsync("/api/memories/search?q=" + Uri.EscapeDataString("abandoned search"), cts.Token);
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        foreach (var hits in await Task.WhenAll(searches))
        {
            Assert.NotEmpty(hits);
        }

        Assert.NotEmpty(await SearchIdsAsync("abandoned search " + Content(1)));
    }

    private async Task<long[]> SearchIdsAsync(string query)
    {
        var json = await _server.Client.GetStringAsync($"/api/memories/search?q={Uri.EscapeDataString(query)}&limit=5");
        using var document = JsonDocument.Parse(json);
        return [.. document.RootElement.EnumerateArray().Select(e => e.GetProperty("memory").GetProperty("id").GetInt64())];
    }
}
