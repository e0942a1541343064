using System.Net;
using System.Text.Json;
using PeroCore.Memory.Storage;

namespace PeroCore.Server.Tests;

/// <summary>The original's remaining routes and shapes: system status, open-path, the ECharts graph, task control codes.</summary>
public sealed class ApiParityTests : ApiTestBase
{
    [Fact]
    public async Task System_status_has_the_original_keys_with_sane_values()
    {
        var (status, body) = await SendAsync(HttpMethod.Get, "/api/system/status");

        Assert.Equal(HttpStatusCode.OK, status);
        var cpu = body.GetProperty("cpu");
        Assert.InRange(cpu.GetProperty("percent").GetDouble(), 0, 100);
        Assert.Equal(Environment.ProcessorCount, cpu.GetProperty("count").GetInt32());
        var memory = body.GetProperty("memory");
        var total = memory.GetProperty("total").GetInt64();
        Assert.True(total > 0);
        Assert.InRange(memory.GetProperty("available").GetInt64(), 0, total);
        Assert.InRange(memory.GetProperty("used").GetInt64(), 0, total);
        Assert.InRange(memory.GetProperty("percent").GetDouble(), 0, 100);
        var disk = body.GetProperty("disk");
        Assert.True(disk.GetProperty("total").GetInt64() > 0);
        Assert.InRange(disk.GetProperty("used").GetInt64(), 0, disk.GetProperty("total").GetInt64());
        Assert.InRange(disk.GetProperty("percent").GetDouble(), 0, 100);
        var boot = DateTimeOffset.FromUnixTimeMilliseconds((long)(body.GetProperty("boot_time").GetDouble() * 1000));
        Assert.True(boot < DateTimeOffset.UtcNow && boot > DateTimeOffset.UtcNow.AddYears(-5), $"boot_time {boot}");
        Assert.True(body.GetProperty("uptime_seconds").GetInt64() >= 0);
    }

    [Fact]
    public async Task Open_path_checks_its_body_then_answers_501_saying_why()
    {
        var (status, body) = await SendAsync(HttpMethod.Post, "/api/open-path", """{"path":"/etc/passwd"}""");
        Assert.Equal(HttpStatusCode.NotImplemented, status);
        Assert.Contains("does not open paths", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("/etc/passwd", body.GetProperty("path").GetString());

        foreach (var bad in new[] { "{}", """{"path":5}""", """{"path":""}""", """{"path":"x","other":1}""", "{", "[]" })
        {
            var (badStatus, problem) = await SendAsync(HttpMethod.Post, "/api/open-path", bad);
            Assert.Equal(HttpStatusCode.UnprocessableEntity, badStatus);
            Assert.False(string.IsNullOrEmpty(problem.GetProperty("detail").GetString()));
        }
    }

    [Fact]
    public async Task Graph_has_the_original_echarts_shape()
    {
        var engine = Server.App.Engine;
        var a = await engine.AddAsync(new NewMemory { Content = "Alice planted tulips in the spring garden", Tags = ["garden"], Importance = 5 });
        var b = await engine.AddAsync(new NewMemory { Content = "Cat", Tags = ["cat"], Importance = 1 });
        await engine.RelateAsync(a.Id, b.Id, RelationTypes.Thematic, 0.5, "both at home");

        var graph = await GetJsonAsync("/api/memories/graph");

        var nodes = graph.GetProperty("nodes").EnumerateArray().ToDictionary(n => n.GetProperty("id").GetString()!);
        var big = nodes[a.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)];
        foreach (var key in new[] { "id", "name", "label", "full_content", "category", "value", "symbolSize", "sentiment", "tags", "realTime", "access_count" })
        {
            Assert.True(big.TryGetProperty(key, out _), $"node lacks '{key}': {big}");
        }

        Assert.Equal(20, big.GetProperty("symbolSize").GetDouble());
        Assert.True(big.GetProperty("label").GetProperty("show").GetBoolean());
        Assert.Equal("Alice plan...", big.GetProperty("label").GetProperty("formatter").GetString());
        Assert.Equal("Alice planted tulips in the spring garden", big.GetProperty("full_content").GetString());
        Assert.False(nodes[b.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)].GetProperty("label").GetProperty("show").GetBoolean());

        var edges = graph.GetProperty("edges").EnumerateArray().ToList();
        var relation = Assert.Single(edges, e => e.GetProperty("relation_type").GetString() == RelationTypes.Thematic);
        Assert.Equal("both at home", relation.GetProperty("tooltip").GetProperty("formatter").GetString());
        Assert.Equal(3, relation.GetProperty("lineStyle").GetProperty("width").GetDouble());
        var temporal = Assert.Single(edges, e => e.GetProperty("relation_type").GetString() == "temporal");
        Assert.Equal("dashed", temporal.GetProperty("lineStyle").GetProperty("type").GetString());
        Assert.False(temporal.TryGetProperty("tooltip", out _));
    }

    [Fact]
    public async Task Task_control_answers_with_the_original_codes()
    {
        // A missing instruction is a 400 even when no chat runs (the original checked it first).
        foreach (var bad in new[] { "{}", """{"instruction":""}""", """{"instruction":"  "}""" })
        {
            var (status, _) = await SendAsync(HttpMethod.Post, "/api/task/nobody/inject", bad);
            Assert.Equal(HttpStatusCode.BadRequest, status);
        }

        var (notFound, problem) = await SendAsync(HttpMethod.Post, "/api/task/nobody/inject", """{"instruction":"go"}""");
        Assert.Equal(HttpStatusCode.NotFound, notFound);
        Assert.StartsWith("Task not found", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Post, "/api/task/nobody/pause")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Post, "/api/task/nobody/resume")).Status);
        var idle = await GetJsonAsync("/api/task/nobody/status");
        Assert.Equal("idle", idle.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Array, idle.GetProperty("tasks").ValueKind);
    }

    [Fact]
    public async Task Maintenance_records_keep_the_original_keys()
    {
        await Server.App.Store.Maintenance.AddAsync(new MaintenanceRecord { Consolidated = 2, CreatedIdsJson = "[7]", DeletedDataJson = "[]", ModifiedDataJson = "[]" });

        var record = Assert.Single((await GetJsonAsync("/api/maintenance/records")).EnumerateArray());

        foreach (var key in new[] { "id", "timestamp", "preferences_extracted", "important_tagged", "consolidated", "cleaned_count", "created_ids", "deleted_data", "modified_data" })
        {
            Assert.True(record.TryGetProperty(key, out _), $"record lacks '{key}': {record}");
        }

        Assert.Equal("[7]", record.GetProperty("created_ids").GetString());
        Assert.Equal(2, record.GetProperty("consolidated").GetInt32());
    }
}
