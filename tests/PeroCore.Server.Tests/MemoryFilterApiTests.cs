using System.Net;
using System.Text.Json;
using PeroCore.Memory.History;
using PeroCore.Memory.Storage;

namespace PeroCore.Server.Tests;

/// <summary>The dashboard's memory filters, keyset paging, recall activation and queue status over HTTP.</summary>
public sealed class MemoryFilterApiTests : ApiTestBase
{
    private async Task<long> AddAsync(string content, string type, string[] tags, DateTimeOffset? at = null) =>
        (await Server.App.Engine.AddAsync(new NewMemory { Content = content, Type = type, Tags = tags, Timestamp = at ?? DateTimeOffset.UtcNow })).Id;

    private static List<string> Contents(JsonElement rows) => [.. rows.EnumerateArray().Select(r => r.GetProperty("content").GetString()!)];

    [Fact]
    public async Task List_filters_by_type_tags_and_archived_and_keeps_the_original_parameters()
    {
        await AddAsync("Tea with lemon every morning", "preference", ["tea", "morning"]);
        await AddAsync("Coffee on Mondays", "event", ["coffee"]);
        var old = await AddAsync("An old note about green tea", "event", ["tea"]);
        await Server.App.Engine.ArchiveAsync(old, ChangeOrigin.Api);

        Assert.Equal(new[] { "Tea with lemon every morning" }, Contents(await GetJsonAsync("/api/memories/list?tags=tea")));
        Assert.Equal(new[] { "Tea with lemon every morning" }, Contents(await GetJsonAsync("/api/memories/list?tags=tea,morning")));
        Assert.Equal(new[] { "An old note about green tea" }, Contents(await GetJsonAsync("/api/memories/list?archived=only")));
        Assert.Equal(2, (await GetJsonAsync("/api/memories/list?tags=tea&archived=include")).GetArrayLength());
        Assert.Equal(2, (await GetJsonAsync("/api/memories/list?tags=tea&include_archived=true")).GetArrayLength());
        Assert.Equal(new[] { "Coffee on Mondays" }, Contents(await GetJsonAsync("/api/memories/list?type=event")));
        Assert.Equal(2, (await GetJsonAsync("/api/memories/list?type=event,preference")).GetArrayLength());
        var today = DateTime.Now.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(2, (await GetJsonAsync($"/api/memories/list?date_start={today}&date_end={today}")).GetArrayLength());
        Assert.Equal(0, (await GetJsonAsync("/api/memories/list?date_end=2000-01-01")).GetArrayLength());
        Assert.True((await GetJsonAsync("/api/memories/list?archived=only"))[0].GetProperty("archived").GetBoolean());

        // The original's bare list applies the same filters beside its own 'query' (a content substring).
        Assert.Equal(new[] { "Coffee on Mondays" }, Contents(await GetJsonAsync("/api/memories?type=event")));
        Assert.Empty(Contents(await GetJsonAsync("/api/memories?type=no-such-type")));
        Assert.Equal(new[] { "An old note about green tea" }, Contents(await GetJsonAsync("/api/memories?query=green&include_archived=true")));
        Assert.Empty(Contents(await GetJsonAsync("/api/memories?query=green")));
    }

    [Theory]
    [InlineData("/api/memories/list?archived=maybe", "'archived'")]
    [InlineData("/api/memories/list?archived=only&include_archived=true", "'include_archived=true'")]
    [InlineData("/api/memories/list?date_start=2026-02-30", "'date_start'")]
    [InlineData("/api/memories/list?date_start=2026-03-02&date_end=2026-03-01", "'date_end'")]
    [InlineData("/api/memories/list?before=12", "'before'")]
    [InlineData("/api/memories/list?before=12:x", "'before'")]
    [InlineData("/api/memories?before=garbage", "'before'")]
    [InlineData("/api/memories?archived=maybe", "'archived'")]
    [InlineData("/api/memories/list?before=12:3&offset=5", "'before'")]
    [InlineData("/api/memories/list?type=a,b,c,d,e,f,g,h,i,j,k,l,m,n,o,p,q,r,s,t,u", "'type'")]
    [InlineData("/api/memories/search?q=tea&archived=everything", "'archived'")]
    [InlineData("/api/memories/search?q=tea&date_end=yesterday", "'date_end'")]
    [InlineData("/api/memories/activation?q=", "'q'")]
    [InlineData("/api/memories/activation?q=tea&limit=0", "'limit'")]
    public async Task Bad_filters_are_400_naming_the_parameter(string path, string named)
    {
        var (status, body) = await SendAsync(HttpMethod.Get, path);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(named, body.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Keyset_pages_walk_the_same_rows_as_offset_pages_without_gaps_or_repeats()
    {
        var start = DateTimeOffset.UtcNow.AddHours(-1);
        var batch = Enumerable.Range(0, 23).Select(i => new NewMemory
        {
            Content = $"Memory number {i}",
            // Pairs share a timestamp, so the id must break ties.
            Timestamp = start.AddSeconds(i / 2),
        }).ToList();
        await Server.App.Engine.ImportAsync(batch);

        var byOffset = Contents(await GetJsonAsync("/api/memories/list?limit=100"));
        var byCursor = new List<string>();
        string? before = null;
        for (var pages = 0; pages < 10; pages++)
        {
            var page = await GetJsonAsync("/api/memories/list?limit=5" + (before is null ? "" : "&before=" + before));
            byCursor.AddRange(Contents(page));
            if (page.GetArrayLength() < 5)
            {
                break;
            }

            var last = page[page.GetArrayLength() - 1];
            before = $"{last.GetProperty("timestamp").GetInt64()}:{last.GetProperty("id").GetInt64()}";
        }

        Assert.Equal(23, byOffset.Count);
        Assert.Equal(byOffset, byCursor);
    }

    [Fact]
    public async Task Search_and_activation_apply_the_filters_and_say_how_each_memory_was_reached()
    {
        var tea = await AddAsync("The owner drinks jasmine tea every morning", "preference", ["tea"]);
        var archived = await AddAsync("The owner once drank jasmine tea in Hangzhou", "event", ["tea", "travel"]);
        await Server.App.Engine.ArchiveAsync(archived, ChangeOrigin.Api);

        var active = await GetJsonAsync("/api/memories/search?q=jasmine%20tea&limit=5");
        Assert.Contains(active.EnumerateArray(), h => h.GetProperty("memory").GetProperty("id").GetInt64() == tea);
        Assert.DoesNotContain(active.EnumerateArray(), h => h.GetProperty("memory").GetProperty("id").GetInt64() == archived);
        var only = await GetJsonAsync("/api/memories/search?q=jasmine%20tea&limit=5&archived=only");
        Assert.Equal(new[] { archived }, only.EnumerateArray().Select(h => h.GetProperty("memory").GetProperty("id").GetInt64()));
        var both = await GetJsonAsync("/api/memories/search?q=jasmine%20tea&limit=5&archived=include&tags=tea,travel");
        Assert.Equal(new[] { archived }, both.EnumerateArray().Select(h => h.GetProperty("memory").GetProperty("id").GetInt64()));
        Assert.Equal(0, (await GetJsonAsync("/api/memories/search?q=jasmine%20tea&type=fact")).GetArrayLength());

        var activation = await GetJsonAsync("/api/memories/activation?q=jasmine%20tea&limit=5");
        Assert.Equal("jasmine tea", activation.GetProperty("query").GetString());
        var first = activation.GetProperty("memories")[0];
        Assert.Equal(tea, first.GetProperty("id").GetInt64());
        Assert.True(first.GetProperty("is_candidate").GetBoolean());
        Assert.True(first.GetProperty("activation").GetDouble() > 0);
        Assert.Contains(activation.GetProperty("nodes").EnumerateArray(), n => n.GetProperty("id").GetString() == tea.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Activation_marks_memories_reached_only_by_spreading_and_returns_their_edges()
    {
        var anchor = await AddAsync("Miso the cat sleeps on the windowsill", "event", []);
        var linked = await AddAsync("Vet appointment booked for Friday afternoon", "event", []);
        await Server.App.Engine.RelateAsync(anchor, linked, "associative", 1.0, "same pet", ChangeOrigin.Api);

        var activation = await GetJsonAsync("/api/memories/activation?q=Miso%20the%20cat%20sleeps&limit=10");
        var memories = activation.GetProperty("memories").EnumerateArray().ToList();
        Assert.True(memories.Single(m => m.GetProperty("id").GetInt64() == anchor).GetProperty("is_candidate").GetBoolean());
        // The vet memory shares no word with the query: when it is recalled, it was reached through the relation.
        if (memories.FirstOrDefault(m => m.GetProperty("id").GetInt64() == linked) is { ValueKind: JsonValueKind.Object } reached)
        {
            Assert.True(reached.GetProperty("activation").GetDouble() > 0);
            Assert.Contains(activation.GetProperty("edges").EnumerateArray(), e => e.GetProperty("relation_type").GetString() == "associative");
        }

        Assert.True(activation.GetProperty("activated").GetInt32() >= 1);
    }

    [Fact]
    public async Task Queues_report_the_scorer_the_link_queue_the_indexes_and_the_outbox()
    {
        await AddAsync("A memory for the index", "event", ["x"]);
        await Server.App.Store.Logs.AddAsync(
        [
            new ConversationLogEntry { SessionId = "s", Source = "desktop", Role = "user", Content = "hi", PairId = "p1", AnalysisStatus = "pending" },
            new ConversationLogEntry { SessionId = "s", Source = "desktop", Role = "assistant", Content = "hello", PairId = "p1", AnalysisStatus = "pending" },
            new ConversationLogEntry { SessionId = "s", Source = "desktop", Role = "user", Content = "bye", PairId = "p2", AnalysisStatus = "failed" },
            new ConversationLogEntry { SessionId = "s", Source = "desktop", Role = "assistant", Content = "see you", PairId = "p2", AnalysisStatus = "failed" },
        ]);

        var queues = await GetJsonAsync("/api/queues");
        Assert.Equal(1, queues.GetProperty("scorer").GetProperty("pending").GetInt64());
        Assert.Equal(1, queues.GetProperty("scorer").GetProperty("failed").GetInt64());
        Assert.False(queues.GetProperty("idle").GetBoolean());
        Assert.Equal(1, queues.GetProperty("index").GetProperty("memory").GetProperty("count").GetInt64());
        Assert.Equal(1, queues.GetProperty("index").GetProperty("graph_nodes").GetInt32());
        Assert.True(queues.GetProperty("linking").GetProperty("pending").GetInt64() >= 0);
        Assert.Equal(0, queues.GetProperty("reembed").GetProperty("pending").GetInt64());
        Assert.True(queues.GetProperty("events").GetProperty("total").GetInt64() >= 0);

        await Server.App.Store.Logs.SetAnalysisAsync("p1", "completed");
        queues = await GetJsonAsync("/api/queues");
        Assert.Equal(0, queues.GetProperty("scorer").GetProperty("pending").GetInt64());
    }

    [Fact]
    public async Task The_new_query_parameters_are_in_the_openapi_document()
    {
        var document = await GetJsonAsync("/openapi/v1.json");
        var paths = document.GetProperty("paths");
        foreach (var (path, names) in new[]
                 {
                     ("/api/memories/list", new[] { "type", "archived", "before", "tags", "date_start" }),
                     ("/api/memories/search", new[] { "type", "archived", "tags" }),
                     ("/api/memories/activation", new[] { "archived" }),
                 })
        {
            var parameters = paths.GetProperty(path).GetProperty("get").GetProperty("parameters").EnumerateArray()
                .Select(p => p.GetProperty("name").GetString()).ToList();
            Assert.All(names, n => Assert.Contains(n, parameters));
        }

        Assert.True(paths.TryGetProperty("/api/queues", out _));
    }
}
