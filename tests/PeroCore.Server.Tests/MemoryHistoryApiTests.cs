using System.Net;
using System.Text.Json;
using PeroCore.Agent.Chat;
using PeroCore.Agent.Tools;
using PeroCore.Memory.History;
using PeroCore.Memory.Ingestion;
using PeroCore.Memory.Storage;

namespace PeroCore.Server.Tests;

/// <summary>
/// <c>/api/memories/{id}/history</c>, <c>/revert/{history_id}</c>, <c>/archive</c>, <c>/unarchive</c> and
/// <c>DELETE ?purge=true</c>, driven over HTTP as a client would.
/// </summary>
public sealed class MemoryHistoryApiTests : ApiTestBase
{
    private async Task<long> AddAsync(string content, string tags = "notes")
    {
        var (status, created) = await SendAsync(HttpMethod.Post, "/api/memories", JsonSerializer.Serialize(new { content, tags }));
        Assert.Equal(HttpStatusCode.OK, status);
        return created.GetProperty("id").GetInt64();
    }

    [Fact]
    public async Task An_edit_is_listed_in_history_and_reverted_over_http()
    {
        var id = await AddAsync("The owner drinks oolong tea every morning");
        await AddAsync("The neighbour repairs old bicycles");
        await SendAsync(HttpMethod.Patch, $"/api/memories/{id}", """{"content":"The owner practises the cello on weekends","importance":8}""");

        var history = await GetJsonAsync($"/api/memories/{id}/history");
        Assert.Equal(2, history.GetArrayLength());
        var update = history[0];
        Assert.Equal("update", update.GetProperty("op").GetString());
        Assert.Equal("api", update.GetProperty("actor").GetString());
        Assert.Equal(JsonValueKind.Null, update.GetProperty("run_id").ValueKind);
        Assert.Equal("The owner drinks oolong tea every morning", update.GetProperty("before").GetProperty("memory").GetProperty("content").GetString());
        Assert.Equal(JsonValueKind.String, update.GetProperty("before").GetProperty("memory").GetProperty("embedding").ValueKind); // left out by default
        var withVectors = await GetJsonAsync($"/api/memories/{id}/history?vectors=true");
        Assert.True(withVectors[0].GetProperty("before").GetProperty("memory").GetProperty("embedding").TryGetProperty("base64", out _));
        Assert.Equal("create", history[1].GetProperty("op").GetString());

        var (status, reverted) = await SendAsync(HttpMethod.Post, $"/api/memories/{id}/revert/{update.GetProperty("id").GetInt64()}");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("The owner drinks oolong tea every morning", reverted.GetProperty("memory").GetProperty("content").GetString());
        Assert.Equal("revert", reverted.GetProperty("history").GetProperty("op").GetString());
        Assert.Equal("The owner drinks oolong tea every morning", (await GetJsonAsync($"/api/memories/{id}")).GetProperty("content").GetString());
        Assert.Contains(id, (await Server.App.Engine.SearchFullTextAsync("oolong", 5)).Select(h => h.Id));
        Assert.DoesNotContain(id, (await Server.App.Engine.SearchFullTextAsync("cello", 5)).Select(h => h.Id));
        Assert.Equal(3, (await GetJsonAsync($"/api/memories/{id}/history")).GetArrayLength());
    }

    [Fact]
    public async Task Unknown_ids_are_404_and_a_conflict_is_a_409_that_says_why()
    {
        var id = await AddAsync("A memory that will be deleted");
        var other = await AddAsync("Another memory");
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Get, "/api/memories/987654/history")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Post, $"/api/memories/{id}/revert/987654")).Status);
        var createOfOther = (await GetJsonAsync($"/api/memories/{other}/history"))[0].GetProperty("id").GetInt64();
        var (wrong, problem) = await SendAsync(HttpMethod.Post, $"/api/memories/{id}/revert/{createOfOther}");
        Assert.Equal(HttpStatusCode.NotFound, wrong);
        Assert.Contains($"memory {id}", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        var create = (await GetJsonAsync($"/api/memories/{id}/history"))[0].GetProperty("id").GetInt64();
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Delete, $"/api/memories/{id}")).Status);
        var (status, conflict) = await SendAsync(HttpMethod.Post, $"/api/memories/{id}/revert/{create}");
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Contains("does not exist any more", conflict.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(id, conflict.GetProperty("memory_id").GetInt64());

        // The delete itself can be reverted: the memory is back under its id.
        var delete = (await GetJsonAsync($"/api/memories/{id}/history"))[0];
        Assert.Equal("delete", delete.GetProperty("op").GetString());
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Post, $"/api/memories/{id}/revert/{delete.GetProperty("id").GetInt64()}")).Status);
        Assert.Equal("A memory that will be deleted", (await GetJsonAsync($"/api/memories/{id}")).GetProperty("content").GetString());
    }

    [Fact]
    public async Task An_undo_refused_by_a_later_change_names_the_run_and_actor_in_a_409()
    {
        var id = await AddAsync("The owner prefers green tea over coffee");
        await Server.App.Engine.ApplyBatchAsync([MemoryOperation.Update(id, new MemoryEdit { Importance = 9 })], ChangeOrigin.Secretary(41));
        await SendAsync(HttpMethod.Patch, $"/api/memories/{id}", """{"importance":2}""");
        var ex = await Assert.ThrowsAsync<HistoryConflictException>(() => Server.App.Engine.UndoRunAsync(41, ChangeOrigin.Api));
        Assert.Equal("api", ex.ConflictingActor);
        Assert.Contains("by api", ex.Message, StringComparison.Ordinal);
        Assert.Equal(2, (await GetJsonAsync($"/api/memories/{id}")).GetProperty("importance").GetInt32());
    }

    [Fact]
    public async Task Archive_hides_a_memory_from_lists_and_search_unless_asked()
    {
        var id = await AddAsync("The owner's cat Mochi went to the vet for a vaccine", "pets");
        await AddAsync("The owner repaired an old bicycle", "garage");

        var (status, archived) = await SendAsync(HttpMethod.Post, $"/api/memories/{id}/archive");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(archived.GetProperty("archived").GetBoolean());
        Assert.Equal(JsonValueKind.String, archived.GetProperty("archived_at").ValueKind);
        Assert.DoesNotContain((await GetJsonAsync("/api/memories")).EnumerateArray(), m => m.GetProperty("id").GetInt64() == id);
        Assert.DoesNotContain((await GetJsonAsync("/api/memories/list")).EnumerateArray(), m => m.GetProperty("id").GetInt64() == id);
        Assert.Contains((await GetJsonAsync("/api/memories?include_archived=true")).EnumerateArray(), m => m.GetProperty("id").GetInt64() == id);
        Assert.Contains((await GetJsonAsync("/api/memories/list?include_archived=true")).EnumerateArray(), m => m.GetProperty("id").GetInt64() == id);
        Assert.DoesNotContain((await GetJsonAsync("/api/memories/search?q=vet%20vaccine")).EnumerateArray(), h => h.GetProperty("memory").GetProperty("id").GetInt64() == id);
        Assert.True((await GetJsonAsync($"/api/memories/{id}")).GetProperty("archived").GetBoolean());
        Assert.Equal("archive", (await GetJsonAsync($"/api/memories/{id}/history"))[0].GetProperty("op").GetString());
        var (bad, problem) = await SendAsync(HttpMethod.Get, "/api/memories?include_archived=perhaps");
        Assert.Equal(HttpStatusCode.BadRequest, bad);
        Assert.Contains("include_archived", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        var (_, back) = await SendAsync(HttpMethod.Post, $"/api/memories/{id}/unarchive");
        Assert.False(back.GetProperty("archived").GetBoolean());
        Assert.Contains((await GetJsonAsync("/api/memories/search?q=vet%20vaccine")).EnumerateArray(), h => h.GetProperty("memory").GetProperty("id").GetInt64() == id);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Post, "/api/memories/987654/archive")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Post, "/api/memories/987654/unarchive")).Status);
    }

    [Fact]
    public async Task A_purge_erases_the_memory_and_its_history()
    {
        var id = await AddAsync("The owner's bank PIN hint is the cat's birthday", "private");
        var other = await AddAsync("The owner's cat was born in May", "pets");
        await SendAsync(HttpMethod.Post, "/api/memories/relations", JsonSerializer.Serialize(new { source_id = id, target_id = other, relation_type = "associative", strength = 0.9 }));
        await SendAsync(HttpMethod.Patch, $"/api/memories/{id}", """{"importance":9}""");

        var (status, purged) = await SendAsync(HttpMethod.Delete, $"/api/memories/{id}?purge=true");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(purged.GetProperty("purged").GetBoolean());
        Assert.True(purged.GetProperty("memory_deleted").GetBoolean());
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Get, $"/api/memories/{id}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Get, $"/api/memories/{id}/history")).Status);
        var leftovers = await Server.App.Store.Database.ReadAsync((c, ct) => c.QueryAsync(null,
            "SELECT count(*) FROM memory_history WHERE memory_id = $id OR instr(coalesce(before_json, '') || coalesce(after_json, ''), 'PIN hint') > 0",
            r => r.GetInt64(0), ct, ("$id", id)));
        Assert.Equal(0, leftovers[0]);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Delete, $"/api/memories/{id}?purge=true")).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await SendAsync(HttpMethod.Delete, $"/api/memories/{other}?purge=yes")).Status);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Get, $"/api/memories/{other}")).Status);
    }

    [Fact]
    public async Task A_memory_saved_by_the_save_memory_tool_is_in_history_as_actor_tool_and_reverts()
    {
        await GetJsonAsync("/api/pet/state");
        var registry = CoreTools.CreateRegistry(Server.App.Store, Server.App.Engine, (await Server.App.Store.PetStates.GetCurrentAsync())!);
        var state = new ChatToolState("desktop", "default", null);
        var answer = (await registry.InvokeAsync("save_memory", new Dictionary<string, object?> { ["content"] = "The owner likes jasmine tea" }, state.ToContext())).ToString()!;
        var saved = (await Server.App.Store.Memories.ListAsync(new MemoryListQuery { ContentContains = "jasmine" })).Single();
        Assert.Contains(saved.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), answer, StringComparison.Ordinal);

        var history = await GetJsonAsync($"/api/memories/{saved.Id}/history");
        Assert.Equal("create", history[0].GetProperty("op").GetString());
        Assert.Equal("tool", history[0].GetProperty("actor").GetString());
        var (status, reverted) = await SendAsync(HttpMethod.Post, $"/api/memories/{saved.Id}/revert/{history[0].GetProperty("id").GetInt64()}");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(JsonValueKind.Null, reverted.GetProperty("memory").ValueKind);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Get, $"/api/memories/{saved.Id}")).Status);
    }
}
