using System.Net;
using System.Text;
using System.Text.Json;
using PeroCore.Agent.Tests.Fakes;

namespace PeroCore.Server.Tests.Scheduling;

/// <summary>The scheduler tools through native calls and NIT 1.0, answering in the prompt language.</summary>
public sealed class SchedulerToolTests
{
    private static async Task ChatAsync(SchedulerHost host, string text)
    {
        var json = JsonSerializer.Serialize(new { messages = new[] { new { role = "user", content = text } }, sessionId = "default" });
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await host.Client.PostAsync("/api/chat", content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await response.Content.ReadAsStringAsync();
    }

    private static string ToolResult(FakeLlmRequest request) =>
        string.Join("\n", request.Messages.EnumerateArray().Where(m => m.GetProperty("role").GetString() is "tool" or "user")
            .Select(m => m.GetProperty("content").ValueKind == JsonValueKind.String ? m.GetProperty("content").GetString() : m.GetProperty("content").GetRawText()));

    [Fact]
    public async Task Native_calls_add_list_and_delete_with_results_in_Chinese()
    {
        await using var host = await SchedulerHost.StartAsync(worker: false);
        await host.PostAsync("/api/configs", new Dictionary<string, string> { ["prompt_language"] = "zh", ["timezone"] = "Asia/Shanghai" });
        host.Fake!.Enqueue(
            FakeLlmReply.Tools(new FakeToolCall("c1", "add_reminder", """{"time":"明天早上九点","content":"交房租"}""")),
            FakeLlmReply.Tools(new FakeToolCall("c2", "add_topic", """{"content":"问问考试结果"}""")),
            FakeLlmReply.Tools(new FakeToolCall("c3", "add_reminder", """{"time":"明天9点","content":"x"}""")),
            FakeLlmReply.Tools(new FakeToolCall("c4", "list_reminders", "{}")),
            FakeLlmReply.Text("好的，记下了。"));
        await ChatAsync(host, "明天早上九点提醒我交房租");

        var requests = host.Fake.ChatRequests;
        Assert.Contains("已设置提醒", ToolResult(requests[1]), StringComparison.Ordinal);
        Assert.Contains("+08:00", ToolResult(requests[1]), StringComparison.Ordinal);
        Assert.Contains("已记下话题", ToolResult(requests[2]), StringComparison.Ordinal);
        Assert.Contains("有歧义", ToolResult(requests[3]), StringComparison.Ordinal);
        Assert.Contains("交房租", ToolResult(requests[4]), StringComparison.Ordinal);

        var tasks = await host.AllTasksAsync();
        Assert.Equal(2, tasks.Count);
        var reminder = tasks.Single(t => t.GetProperty("type").GetString() == "reminder");
        Assert.EndsWith("T09:00:00+08:00", reminder.GetProperty("time").GetString(), StringComparison.Ordinal);

        var id = reminder.GetProperty("id").GetInt64();
        host.Fake.Enqueue(
            FakeLlmReply.Text($"[[[NIT_CALL]]]\ndelete_reminder\nid: [START] {id} [END]\n[[[NIT_END]]]"),
            FakeLlmReply.Text("删掉了。"));
        await ChatAsync(host, "不用提醒我交房租了");
        Assert.Contains($"已删除提醒 {id}", ToolResult(host.Fake.ChatRequests[^1]), StringComparison.Ordinal);
        Assert.DoesNotContain(await host.AllTasksAsync(), t => t.GetProperty("id").GetInt64() == id);
    }
}
