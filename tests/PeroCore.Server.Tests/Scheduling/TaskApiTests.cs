using System.Net;
using System.Text.Json;

namespace PeroCore.Server.Tests.Scheduling;

/// <summary>The /api/tasks routes: the original's shapes, our fields beside them, and every bad input refused naming its field.</summary>
public sealed class TaskApiTests : ApiTestBase
{
    [Fact]
    public async Task A_task_is_created_shown_in_the_users_time_zone_changed_and_deleted()
    {
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Post, "/api/configs", """{"timezone":"Asia/Shanghai"}""")).Status);
        var (status, created) = await SendAsync(HttpMethod.Post, "/api/tasks", """{"type":"reminder","time":"2030-01-02T09:30:00","content":"renew passport"}""");
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal("2030-01-02T09:30:00+08:00", created.GetProperty("time").GetString());
        Assert.False(created.GetProperty("is_triggered").GetBoolean());
        Assert.Equal("pending", created.GetProperty("status").GetString());
        Assert.Equal("Asia/Shanghai", created.GetProperty("time_zone").GetString());
        var id = created.GetProperty("id").GetInt64();

        // The same instant in another zone.
        await SendAsync(HttpMethod.Post, "/api/configs", """{"timezone":"America/New_York"}""");
        var listed = Assert.Single((await GetJsonAsync("/api/tasks")).EnumerateArray());
        Assert.Equal("2030-01-01T20:30:00-05:00", listed.GetProperty("time").GetString());
        foreach (var key in new[] { "id", "type", "time", "content", "is_triggered", "created_at" })
        {
            Assert.True(listed.TryGetProperty(key, out _), key);
        }

        var (patched, body) = await SendAsync(HttpMethod.Patch, $"/api/tasks/{id}", """{"content":"renew the passport","time":"2030-01-03 08:00:00"}""");
        Assert.Equal(HttpStatusCode.OK, patched);
        Assert.Equal("renew the passport", body.GetProperty("content").GetString());
        Assert.Equal("2030-01-03T08:00:00-05:00", body.GetProperty("time").GetString());

        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Delete, $"/api/tasks/{id}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Delete, $"/api/tasks/{id}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Patch, $"/api/tasks/{id}", """{"content":"x"}""")).Status);
    }

    [Theory]
    [InlineData("""{"type":"alarm","time":"in 5 minutes","content":"x"}""", HttpStatusCode.BadRequest, "'type'")]
    [InlineData("""{"time":"in 5 minutes","content":"x"}""", HttpStatusCode.UnprocessableEntity, "'type'")]
    [InlineData("""{"type":"reminder","content":"x"}""", HttpStatusCode.UnprocessableEntity, "'time'")]
    [InlineData("""{"type":"reminder","time":5,"content":"x"}""", HttpStatusCode.UnprocessableEntity, "'time'")]
    [InlineData("""{"type":"reminder","time":"tomorrow at 9","content":"x"}""", HttpStatusCode.BadRequest, "ambiguous")]
    [InlineData("""{"type":"reminder","time":"明天","content":"x"}""", HttpStatusCode.BadRequest, "tomorrow 9:00")]
    [InlineData("""{"type":"reminder","time":"2001-01-01T00:00:00Z","content":"x"}""", HttpStatusCode.BadRequest, "past")]
    [InlineData("""{"type":"reminder","time":"in 5 minutes","content":"   "}""", HttpStatusCode.BadRequest, "'content'")]
    [InlineData("""{"type":"reminder","time":"in 5 minutes"}""", HttpStatusCode.UnprocessableEntity, "'content'")]
    [InlineData("""{"type":"reminder","time":"in 5 minutes","content":"x","when":"now"}""", HttpStatusCode.UnprocessableEntity, "'when'")]
    [InlineData("""[]""", HttpStatusCode.UnprocessableEntity, "object")]
    public async Task Bad_tasks_are_refused_naming_the_field_and_nothing_is_stored(string json, HttpStatusCode expected, string mention)
    {
        var (status, problem) = await SendAsync(HttpMethod.Post, "/api/tasks", json);
        Assert.Equal(expected, status);
        Assert.Contains(mention, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Empty((await GetJsonAsync("/api/tasks?all=true")).EnumerateArray());
    }

    [Fact]
    public async Task A_topic_without_time_is_due_now_and_the_legacy_poll_and_the_scheduler_deliver_it_once()
    {
        var (status, created) = await SendAsync(HttpMethod.Post, "/api/tasks", """{"type":"topic","content":"the new puppy"}""");
        Assert.Equal(HttpStatusCode.Created, status);
        // The running scheduler (no LLM here: the topic's own words) and this poll race for it.
        var (_, first) = await SendAsync(HttpMethod.Post, "/api/tasks/check");
        var prompts = first.GetProperty("prompts").EnumerateArray().Select(p => p.GetString()!).ToList();
        JsonElement task;
        using (var limit = new CancellationTokenSource(TimeSpan.FromSeconds(20)))
        {
            while ((task = Assert.Single((await GetJsonAsync("/api/tasks?all=true")).EnumerateArray())).GetProperty("status").GetString() != "delivered")
            {
                await Task.Delay(50, limit.Token);
            }
        }

        var byPoll = task.GetProperty("delivered_via").GetString() == "poll";
        Assert.Equal(byPoll ? 1 : 0, prompts.Count);
        Assert.True(!byPoll || prompts[0].Contains("- the new puppy", StringComparison.Ordinal), string.Join("|", prompts));
        var (_, second) = await SendAsync(HttpMethod.Post, "/api/tasks/check");
        Assert.Empty(second.GetProperty("prompts").EnumerateArray());
        Assert.Equal(created.GetProperty("id").GetInt64(), task.GetProperty("id").GetInt64());

        // A delivered task cannot be changed; the poll takes no body.
        Assert.Equal(HttpStatusCode.Conflict, (await SendAsync(HttpMethod.Patch, $"/api/tasks/{task.GetProperty("id").GetInt64()}", """{"content":"x"}""")).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await SendAsync(HttpMethod.Post, "/api/tasks/check", """{"force":true}""")).Status);
    }

    [Theory]
    [InlineData("timezone", "Mars/Olympus")]
    [InlineData("companion_idle_minutes", "soon")]
    [InlineData("companion_idle_minutes", "0")]
    public async Task Scheduler_settings_with_unusable_values_are_refused(string key, string value)
    {
        var (status, problem) = await SendAsync(HttpMethod.Post, "/api/configs", JsonSerializer.Serialize(new Dictionary<string, string> { [key] = value }));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Contains(key, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
