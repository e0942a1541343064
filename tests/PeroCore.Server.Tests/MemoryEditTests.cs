using System.Net;
using System.Text.Json;
using PeroCore.Memory.Recall;
using PeroCore.Memory.Storage;

namespace PeroCore.Server.Tests;

/// <summary><c>GET</c> and <c>PATCH /api/memories/{id}</c>: one memory at a time.</summary>
public sealed class MemoryEditTests : ApiTestBase
{
    [Fact]
    public async Task Get_returns_one_memory_and_404_for_unknown_ids()
    {
        var (_, created) = await SendAsync(HttpMethod.Post, "/api/memories", """{"content":"主人喜欢猫","tags":"宠物,猫","importance":4}""");
        var id = created.GetProperty("id").GetInt64();

        var (status, memory) = await SendAsync(HttpMethod.Get, $"/api/memories/{id}");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("主人喜欢猫", memory.GetProperty("content").GetString());
        Assert.Equal("宠物,猫", memory.GetProperty("tags").GetString());
        Assert.Equal(4, memory.GetProperty("importance").GetInt32());
        Assert.True(memory.TryGetProperty("realTime", out _));

        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Get, "/api/memories/987654321")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Get, "/api/memories/abc")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Get, "/api/memories/99999999999999999999999")).Status);
    }

    [Fact]
    public async Task A_content_edit_is_found_by_its_new_words_and_not_by_its_old_ones()
    {
        var (_, edited) = await SendAsync(HttpMethod.Post, "/api/memories", """{"content":"The owner drinks oolong tea every morning","tags":["tea"]}""");
        var id = edited.GetProperty("id").GetInt64();
        await SendAsync(HttpMethod.Post, "/api/memories", """{"content":"The owner likes green tea in the morning","tags":["tea"]}""");
        await SendAsync(HttpMethod.Post, "/api/memories", """{"content":"The neighbour repairs old bicycles","tags":["street"]}""");
        Assert.Equal(id, (await TopAsync("oolong tea every morning", RecallMode.Dense))[0]);

        var (status, patched) = await SendAsync(HttpMethod.Patch, $"/api/memories/{id}", """{"content":"The owner practises the cello on weekends"}""");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("The owner practises the cello on weekends", patched.GetProperty("content").GetString());
        Assert.Equal("tea", patched.GetProperty("tags").GetString());
        Assert.Equal("The owner practises the cello on weekends", (await GetJsonAsync($"/api/memories/{id}")).GetProperty("content").GetString());
        // Full text.
        Assert.Contains(id, await TopAsync("cello", RecallMode.Lexical));
        Assert.DoesNotContain(id, await TopAsync("oolong", RecallMode.Lexical));
        Assert.Contains(id, (await Server.App.Engine.SearchFullTextAsync("cello", 5)).Select(h => h.Id));
        Assert.DoesNotContain(id, (await Server.App.Engine.SearchFullTextAsync("oolong", 5)).Select(h => h.Id));
        // Semantic: the vector is the new text's.
        Assert.Equal(id, (await TopAsync("practises the cello on weekends", RecallMode.Dense))[0]);
        Assert.NotEqual(id, (await TopAsync("oolong tea every morning", RecallMode.Dense))[0]);
        // And the API's own search.
        var found = await GetJsonAsync("/api/memories/search?q=cello");
        Assert.Equal(id, found[0].GetProperty("memory").GetProperty("id").GetInt64());
        Assert.DoesNotContain((await GetJsonAsync("/api/memories/search?q=oolong")).EnumerateArray(), h => h.GetProperty("memory").GetProperty("id").GetInt64() == id);
    }

    [Fact]
    public async Task Tags_importance_and_type_edits_are_kept_and_cheap_relations_follow_the_new_text()
    {
        var engine = Server.App.Engine;
        var garden = await engine.AddAsync(new NewMemory { Content = "Alice planted tulips in the garden", Tags = ["garden"] });
        var (_, roses) = await SendAsync(HttpMethod.Post, "/api/memories", """{"content":"Alice planted roses by the fence","tags":"garden"}""");
        var id = roses.GetProperty("id").GetInt64();
        await engine.WaitForLinkingAsync();
        var manual = await engine.RelateAsync(id, garden.Id, RelationTypes.Causal, 0.9, "set by hand");
        Assert.Contains(await engine.RelationsOfAsync(id), r => r.Description == "shared tag");

        var (status, patched) = await SendAsync(HttpMethod.Patch, $"/api/memories/{id}", """{"tags":"music, cello","importance":9,"type":"preference"}""");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("music,cello", patched.GetProperty("tags").GetString());
        Assert.Equal(9, patched.GetProperty("importance").GetInt32());
        Assert.Equal("preference", patched.GetProperty("type").GetString());
        Assert.Equal("Alice planted roses by the fence", patched.GetProperty("content").GetString());
        await engine.WaitForLinkingAsync();
        var relations = await engine.RelationsOfAsync(id);
        Assert.DoesNotContain(relations, r => r.Description == "shared tag");
        Assert.Contains(relations, r => r.Id == manual.Id);
        Assert.Contains(id, (await engine.SearchFullTextAsync("cello", 5)).Select(h => h.Id));
        Assert.Equal(1, (await GetJsonAsync("/api/memories/tags")).GetProperty("cello").GetInt32());

        var (_, arrayTags) = await SendAsync(HttpMethod.Patch, $"/api/memories/{id}", """{"tags":["a","b"]}""");
        Assert.Equal("a,b", arrayTags.GetProperty("tags").GetString());
        Assert.Equal(9, arrayTags.GetProperty("importance").GetInt32());
    }

    [Theory]
    [InlineData("{}", 422, "at least one")]
    [InlineData("""{"content":""}""", 422, "'content'")]
    [InlineData("""{"content":5}""", 422, "'content'")]
    [InlineData("""{"importance":11}""", 400, "between 0 and 10")]
    [InlineData("""{"importance":-1}""", 400, "between 0 and 10")]
    [InlineData("""{"importance":2.5}""", 422, "'importance'")]
    [InlineData("""{"importance":"7"}""", 422, "'importance'")]
    [InlineData("""{"tags":5}""", 422, "'tags'")]
    [InlineData("""{"tags":[1]}""", 422, "'tags[0]'")]
    [InlineData("""{"type":""}""", 422, "'type'")]
    [InlineData("""{"timestamp":1}""", 422, "Unknown field 'timestamp'")]
    [InlineData("""{"content":"x""", 422, "not valid JSON")]
    [InlineData("[]", 422, "JSON object")]
    public async Task Bad_edits_are_refused_naming_the_field_and_change_nothing(string body, int expected, string detail)
    {
        var (_, created) = await SendAsync(HttpMethod.Post, "/api/memories", """{"content":"kept as it is","importance":3}""");
        var id = created.GetProperty("id").GetInt64();

        var (status, problem) = await SendAsync(HttpMethod.Patch, $"/api/memories/{id}", body);

        Assert.Equal(expected, (int)status);
        Assert.Contains(detail, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var after = await GetJsonAsync($"/api/memories/{id}");
        Assert.Equal("kept as it is", after.GetProperty("content").GetString());
        Assert.Equal(3, after.GetProperty("importance").GetInt32());
    }

    [Fact]
    public async Task Edits_of_unknown_or_malformed_ids_are_404_and_oversized_content_is_422()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Patch, "/api/memories/987654321", """{"content":"x"}""")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Patch, "/api/memories/-x", """{"content":"x"}""")).Status);
        var (_, created) = await SendAsync(HttpMethod.Post, "/api/memories", """{"content":"short"}""");
        var (status, problem) = await SendAsync(HttpMethod.Patch, $"/api/memories/{created.GetProperty("id").GetInt64()}",
            JsonSerializer.Serialize(new { content = new string('x', 4001) }));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Contains("'content'", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    private async Task<List<long>> TopAsync(string query, RecallMode mode)
    {
        var engine = Server.App.Engine;
        var result = await engine.RecallAsync(new RecallRequest { Query = query, Options = engine.Options.Recall with { Mode = mode, Limit = 5 } });
        return result.Memories.Select(m => m.Memory.Id).ToList();
    }
}
