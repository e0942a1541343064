using System.Text.Json;
using PeroCore.Agent.Tests.Fakes;

namespace PeroCore.Server.Tests.Mcp;

/// <summary>A chat (fake LLM) sees a configured MCP server's tools as native tools and in its NIT documentation, and runs both.</summary>
public sealed class McpChatTests : ChatTestBase
{
    [Fact]
    public async Task A_chat_offers_and_runs_the_tools_of_a_configured_mcp_server()
    {
        await PostAsync("/api/mcp", new { name = "tester", command = "dotnet", args = new[] { McpTestServerProcess.Dll } });
        Fake.Enqueue(
            FakeLlmReply.Tools(new FakeToolCall("call_1", "mcp_tester_echo", """{"text":"hi; $(id)"}""")),
            FakeLlmReply.Text("<nit>\n$r = tester.add(a=20, b=22)\n</nit>"),
            FakeLlmReply.Text("done"));

        var result = await ChatAsync("use the tester");

        Assert.True(result.Done);
        Assert.Equal(3, StreamRequests.Count);
        var first = StreamRequests[0].Body!.Value;
        var names = first.GetProperty("tools").EnumerateArray().Select(t => t.GetProperty("function").GetProperty("name").GetString()).ToList();
        Assert.Contains("mcp_tester_echo", names);
        Assert.Contains("mcp_bridge", names);
        var system = first.GetProperty("messages")[0].GetProperty("content").GetString()!;
        Assert.Contains("mcp_tester_add", system, StringComparison.Ordinal);

        var toolMessage = StreamRequests[1].Messages.EnumerateArray().Last(m => m.GetProperty("role").GetString() == "tool");
        Assert.Contains("echo: hi; $(id)", toolMessage.GetProperty("content").GetString(), StringComparison.Ordinal);
        Assert.Contains("42", Roles(StreamRequests[2])[^1].Text, StringComparison.Ordinal);
        Assert.Equal(1, (await GetJsonAsync("/api/nit/status")).GetProperty("active_mcp_count").GetInt32());
    }
}
