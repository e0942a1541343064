using System.Net;
using System.Text.Json;

namespace PeroCore.Server.Tests.Recall;

/// <summary>
/// A user searching their companion's memory for what they said finds it first, even among many near-duplicates:
/// the bounded spread can never lift a memory reached through the graph above the exact match that fed it. Uses the
/// real embedded model, as a user's server does (a hashing embedder would not make the memories alike).
/// </summary>
public sealed class ExactMatchRecallTests : IAsyncLifetime
{
    private const int Count = 200;
    private ServerFixture _server = null!;

    public async Task InitializeAsync() =>
        _server = await ServerFixture.StartAsync("--Agent:ScorerEnabled=false", "--Embedding:Provider=ArcticXs");

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Every_exact_content_query_ranks_its_memory_first_among_200_near_duplicates()
    {
        var ids = await StoreNearDuplicatesAsync();

        var misses = new List<string>();
        for (var i = 1; i <= Count; i++)
        {
            var hits = await SearchAsync(Content(i), limit: 5);
            var first = hits[0].GetProperty("memory").GetProperty("id").GetInt64();
            if (first != ids[i])
            {
                var rank = hits.FindIndex(h => h.GetProperty("memory").GetProperty("id").GetInt64() == ids[i]);
                misses.Add($"memory {i}: rank {(rank < 0 ? "> 5" : (rank + 1).ToString(System.Globalization.CultureInfo.InvariantCulture))}, first was #{first}");
            }
        }

        Assert.True(misses.Count == 0, $"{misses.Count} of {Count} exact-content queries did not rank their memory first:\n" + string.Join('\n', misses.Take(20)));
    }

    [Fact]
    public async Task A_short_query_naming_the_plot_finds_the_memory_about_that_plot()
    {
        var ids = await StoreNearDuplicatesAsync();

        // Plot 119 is memory 17's (7 × 17); memory 119 mentions 119 too, as a count of tulips.
        var hits = await SearchAsync("tulips in garden plot 119", limit: 3);

        Assert.Contains(hits, h => h.GetProperty("memory").GetProperty("id").GetInt64() == ids[17]);
    }

    private static string Content(int i) => $"Memory number {i}: the owner planted {i} tulips in garden plot {7 * i}.";

    private async Task<Dictionary<int, long>> StoreNearDuplicatesAsync()
    {
        var ids = new Dictionary<int, long>();
        for (var i = 1; i <= Count; i++)
        {
            using var content = new StringContent(JsonSerializer.Serialize(new { content = Content(i) }), System.Text.Encoding.UTF8, "application/json");
            using var response = await _server.Client.PostAsync("/api/memories", content);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            ids[i] = body.RootElement.GetProperty("id").GetInt64();
        }

        return ids;
    }

    private async Task<List<JsonElement>> SearchAsync(string query, int limit)
    {
        var json = await _server.Client.GetStringAsync($"/api/memories/search?q={Uri.EscapeDataString(query)}&limit={limit}");
        using var document = JsonDocument.Parse(json);
        return [.. document.RootElement.EnumerateArray().Select(e => e.Clone())];
    }
}
