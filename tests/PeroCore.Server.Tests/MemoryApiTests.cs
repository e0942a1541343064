using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace PeroCore.Server.Tests;

public sealed class MemoryApiTests : ApiTestBase
{
    [Fact]
    public async Task Add_list_search_and_delete_memories()
    {
        var (status, cat) = await SendAsync(HttpMethod.Post, "/api/memories", """{"content":"主人喜欢猫，家里的猫叫小白","tags":"宠物,猫","importance":6,"msgTimestamp":"m-1"}""");
        Assert.Equal(HttpStatusCode.OK, status);
        var catId = cat.GetProperty("id").GetInt64();
        Assert.Equal("宠物,猫", cat.GetProperty("tags").GetString());
        Assert.Matches(@"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$", cat.GetProperty("realTime").GetString()!);
        var (_, tea) = await SendAsync(HttpMethod.Post, "/api/memories", """{"content":"The owner drinks oolong tea every morning","tags":["tea"]}""");
        var teaId = tea.GetProperty("id").GetInt64();

        var list = await GetJsonAsync("/api/memories?limit=10");
        Assert.Equal([teaId, catId], list.EnumerateArray().Select(m => m.GetProperty("id").GetInt64()));
        Assert.Single((await GetJsonAsync("/api/memories?query=oolong")).EnumerateArray());
        Assert.Single((await GetJsonAsync("/api/memories/list?tags=tea")).EnumerateArray());

        var found = await GetJsonAsync("/api/memories/search?q=" + Uri.EscapeDataString("猫"));
        Assert.Equal(catId, found[0].GetProperty("memory").GetProperty("id").GetInt64());
        Assert.True(found[0].GetProperty("score").GetProperty("final").GetDouble() > 0);

        var tags = await GetJsonAsync("/api/memories/tags");
        Assert.Equal(1, tags.GetProperty("tea").GetInt32());

        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Delete, $"/api/memories/{teaId}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Delete, $"/api/memories/{teaId}")).Status);
        var (_, byTs) = await SendAsync(HttpMethod.Delete, "/api/memories/by_timestamp/m-1");
        Assert.Equal(1, byTs.GetProperty("deleted").GetInt32());
        Assert.Empty((await GetJsonAsync("/api/memories")).EnumerateArray());
        Assert.Empty((await GetJsonAsync("/api/memories/search?q=oolong")).EnumerateArray());
    }

    [Fact]
    public async Task A_search_says_in_Server_Timing_how_long_embedding_and_recall_took()
    {
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Post, "/api/memories", """{"content":"The owner keeps bees on the roof"}""")).Status);

        using var response = await Server.Client.GetAsync("/api/memories/search?q=" + Uri.EscapeDataString("bees on the roof"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var header = Assert.Single(response.Headers.GetValues("Server-Timing"));
        var entries = header.Split(", ").Select(e => e.Split(";dur=")).ToDictionary(p => p[0], p => double.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(["embed", "recall"], entries.Keys.Order());
        Assert.True(entries["embed"] > 0, header);
        Assert.True(entries["recall"] > 0, header);
        Assert.Single((await response.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray());
    }

    [Fact]
    public async Task Relations_and_graph()
    {
        var (_, a) = await SendAsync(HttpMethod.Post, "/api/memories", """{"content":"went hiking in the alps"}""");
        var (_, b) = await SendAsync(HttpMethod.Post, "/api/memories", """{"content":"bought new hiking boots"}""");
        var (ida, idb) = (a.GetProperty("id").GetInt64(), b.GetProperty("id").GetInt64());
        var (status, rel) = await SendAsync(HttpMethod.Post, "/api/memories/relations", $$"""{"source_id":{{idb}},"target_id":{{ida}},"relation_type":"causal","strength":0.8}""");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Single((await GetJsonAsync($"/api/memories/{ida}/relations")).EnumerateArray(), r => r.GetProperty("relation_type").GetString() == "causal");

        var graph = await GetJsonAsync("/api/memories/graph");
        Assert.Equal(2, graph.GetProperty("nodes").GetArrayLength());
        var edges = graph.GetProperty("edges").EnumerateArray().ToList();
        Assert.Contains(edges, e => e.GetProperty("relation_type").GetString() == "causal");
        Assert.Contains(edges, e => e.GetProperty("relation_type").GetString() == "temporal");

        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Delete, $"/api/memories/relations/{rel.GetProperty("id").GetInt64()}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Delete, $"/api/memories/relations/{rel.GetProperty("id").GetInt64()}")).Status);
    }

    [Theory]
    [InlineData("/api/memories", """{"tags":"x"}""", 422, "'content' is required")]
    [InlineData("/api/memories", """{"content":"   "}""", 422, "'content' is required")]
    [InlineData("/api/memories", """{"content":"x","importance":42}""", 400, "between 0 and 10")]
    [InlineData("/api/memories", """{"content":"x","mood":"?"}""", 422, "Unknown field 'mood'")]
    [InlineData("/api/memories/relations", """{"source_id":1,"target_id":2,"strength":2}""", 400, "between 0 and 1")]
    [InlineData("/api/memories/relations", """{"source_id":1,"target_id":99999,"strength":0.5}""", 404, "does not exist")]
    [InlineData("/api/memories/relations", """{"source_id":1,"target_id":2,"relation_type":"friendship"}""", 400, "Unknown relation type")]
    public async Task Bad_requests_name_the_problem_and_change_nothing(string path, string json, int expected, string text)
    {
        await SendAsync(HttpMethod.Post, "/api/memories", """{"content":"one"}""");
        await SendAsync(HttpMethod.Post, "/api/memories", """{"content":"two"}""");
        var (status, body) = await SendAsync(HttpMethod.Post, path, json);
        Assert.Equal(expected, (int)status);
        Assert.Contains(text, body.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(2, (await GetJsonAsync("/api/memories")).GetArrayLength());
        Assert.Empty(await Server.App.Store.Relations.ListAllAsync());
        Assert.Equal(HttpStatusCode.BadRequest, (await SendAsync(HttpMethod.Get, "/api/memories/search")).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await SendAsync(HttpMethod.Get, "/api/memories/list?date_start=yesterday")).Status);
    }
}
