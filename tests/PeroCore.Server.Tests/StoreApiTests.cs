using System.Net;
using System.Text.Json;
using PeroCore.Memory.Storage;

namespace PeroCore.Server.Tests;

public sealed class StoreApiTests : ApiTestBase
{
    [Fact]
    public async Task Default_pet_state_is_created_once()
    {
        var first = await GetJsonAsync("/api/pet/state");
        Assert.Equal(JsonValueKind.Number, first.GetProperty("id").ValueKind);
        Assert.Equal("开心", first.GetProperty("mood").GetString());
        Assert.Equal("正在想主人...", first.GetProperty("mind").GetString());
        Assert.Equal("{}", first.GetProperty("click_messages_json").GetString());
        Assert.Equal("[]", first.GetProperty("idle_messages_json").GetString());
        Assert.Equal("[]", first.GetProperty("back_messages_json").GetString());
        Assert.True(first.TryGetProperty("vibe", out _));
        Assert.True(first.TryGetProperty("updated_at", out _));
        var second = await GetJsonAsync("/api/pet/state");
        Assert.Equal(first.GetProperty("id").GetInt64(), second.GetProperty("id").GetInt64());
    }

    [Fact]
    public async Task Model_card_crud_with_defaults_404s_and_masked_keys()
    {
        var (status, card) = await SendAsync(HttpMethod.Post, "/api/models", """{"name":"A","model_id":"m-a","api_key":"sk-0123456789abcdef"}""");
        Assert.Equal(HttpStatusCode.OK, status);
        var id = card.GetProperty("id").GetInt64();
        Assert.Equal(("openai", "global", 0.7, true, false), (card.GetProperty("provider").GetString(), card.GetProperty("provider_type").GetString(),
            card.GetProperty("temperature").GetDouble(), card.GetProperty("stream").GetBoolean(), card.GetProperty("enable_vision").GetBoolean()));
        Assert.Equal("***cdef", card.GetProperty("api_key").GetString());

        var (_, updated) = await SendAsync(HttpMethod.Put, $"/api/models/{id}", """{"temperature":0.2,"api_key":"***cdef"}""");
        Assert.Equal(0.2, updated.GetProperty("temperature").GetDouble());
        var stored = await Server.App.Store.Models.GetAsync(id);
        Assert.Equal("sk-0123456789abcdef", stored!.ApiKey);

        var list = await GetJsonAsync("/api/models");
        Assert.Contains(list.EnumerateArray(), m => m.GetProperty("id").GetInt64() == id);

        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Delete, $"/api/models/{id}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Delete, $"/api/models/{id}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Put, "/api/models/999999", "{}")).Status);
    }

    [Theory]
    [InlineData("""{"model_id":"m"}""", 422, "'name' is required")]
    [InlineData("""{"name":"x","model_id":"m","temperature":"hot"}""", 422, "'temperature' must be a number")]
    [InlineData("""{"name":"x","model_id":"m","temperature":5}""", 400, "temperature must be between 0 and 2")]
    [InlineData("""{"name":"x","model_id":"m","colour":"red"}""", 422, "Unknown field 'colour'")]
    [InlineData("""not json""", 422, "not valid JSON")]
    public async Task Bad_model_cards_are_rejected_naming_the_problem(string json, int expectedStatus, string expectedText)
    {
        var (status, body) = await SendAsync(HttpMethod.Post, "/api/models", json);
        Assert.Equal(expectedStatus, (int)status);
        Assert.Contains(expectedText, body.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Empty(await Server.App.Store.Models.ListAsync());
    }

    [Fact]
    public async Task A_duplicate_model_name_is_a_409()
    {
        await SendAsync(HttpMethod.Post, "/api/models", """{"name":"A","model_id":"m"}""");
        var (status, body) = await SendAsync(HttpMethod.Post, "/api/models", """{"name":"A","model_id":"n"}""");
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Contains("'A' already exists", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Configs_are_strings_secrets_are_masked_and_a_masked_write_keeps_the_secret()
    {
        var (status, _) = await SendAsync(HttpMethod.Post, "/api/configs", """{"global_llm_api_key":"sk-secret-0123456789","owner_name":"小明"}""");
        Assert.Equal(HttpStatusCode.OK, status);
        var configs = await GetJsonAsync("/api/configs");
        Assert.Equal("***6789", configs.GetProperty("global_llm_api_key").GetString());
        Assert.Equal("小明", configs.GetProperty("owner_name").GetString());

        await SendAsync(HttpMethod.Post, "/api/configs", """{"global_llm_api_key":"***6789"}""");
        Assert.Equal("sk-secret-0123456789", await Server.App.Store.Config.GetAsync("global_llm_api_key"));

        var (bad, body) = await SendAsync(HttpMethod.Post, "/api/configs", """{"current_model_id":3}""");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad);
        Assert.Contains("'current_model_id' must be a string", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Companion_toggle_round_trips_and_requires_enabled()
    {
        Assert.False((await GetJsonAsync("/api/companion/status")).GetProperty("enabled").GetBoolean());
        var (_, toggled) = await SendAsync(HttpMethod.Post, "/api/companion/toggle", """{"enabled":true}""");
        Assert.True(toggled.GetProperty("enabled").GetBoolean());
        Assert.True((await GetJsonAsync("/api/companion/status")).GetProperty("enabled").GetBoolean());
        Assert.Equal("true", (await GetJsonAsync("/api/configs")).GetProperty("companion_mode_enabled").GetString());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await SendAsync(HttpMethod.Post, "/api/companion/toggle", "{}")).Status);
    }

    [Fact]
    public async Task History_lists_sorts_edits_and_deletes_pairs()
    {
        await Server.App.Store.Logs.AddAsync(
        [
            new ConversationLogEntry { SessionId = "default", Source = "desktop", Role = "user", Content = "hi", PairId = "p" },
            new ConversationLogEntry { SessionId = "default", Source = "desktop", Role = "assistant", Content = "你好，主人！", PairId = "p" },
        ]);
        var all = await GetJsonAsync("/api/history/desktop/default");
        Assert.Equal(["hi", "你好，主人！"], all.EnumerateArray().Select(e => e.GetProperty("content").GetString()));
        Assert.Equal("pending", all[0].GetProperty("analysis_status").GetString());
        var last = await GetJsonAsync("/api/history/desktop/default?sort=desc&limit=1");
        Assert.Equal("assistant", Assert.Single(last.EnumerateArray()).GetProperty("role").GetString());
        Assert.Empty((await GetJsonAsync("/api/history/desktop/other")).EnumerateArray());
        Assert.Equal(HttpStatusCode.BadRequest, (await SendAsync(HttpMethod.Get, "/api/history/desktop/default?sort=sideways")).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await SendAsync(HttpMethod.Get, "/api/history/desktop/default?date=yesterday")).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await SendAsync(HttpMethod.Get, "/api/history/desktop/default?limit=0")).Status);

        var id = all[0].GetProperty("id").GetInt64();
        var (_, patched) = await SendAsync(HttpMethod.Patch, $"/api/history/{id}", """{"content":"hello"}""");
        Assert.Equal("hello", patched.GetProperty("content").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Patch, "/api/history/424242", """{"content":"x"}""")).Status);

        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Delete, $"/api/history/{id}")).Status);
        Assert.Empty((await GetJsonAsync("/api/history/desktop/default")).EnumerateArray());
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Delete, $"/api/history/{id}")).Status);
    }

    [Fact]
    public async Task Tasks_list_pending_and_delete_with_404()
    {
        var t = await Server.App.Store.ScheduledTasks.InsertAsync(new ScheduledTaskRecord { Type = "reminder", Time = DateTimeOffset.UtcNow.AddHours(1), Content = "stretch" });
        var tasks = await GetJsonAsync("/api/tasks");
        Assert.Equal("stretch", Assert.Single(tasks.EnumerateArray()).GetProperty("content").GetString());
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Delete, $"/api/tasks/{t.Id}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Delete, $"/api/tasks/{t.Id}")).Status);
    }
}

public sealed class DriveByTests : ApiTestBase
{
    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("multipart/form-data; boundary=x")]
    public async Task A_body_that_is_not_declared_json_is_refused(string contentType)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/configs")
        {
            Content = new StringContent("""{"owner_name":"mallory"}"""),
        };
        request.Content.Headers.Remove("Content-Type");
        request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        using var response = await Server.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Null(await Server.App.Store.Config.GetAsync("owner_name"));
    }
}
