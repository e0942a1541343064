using System.Text.Json;
using Microsoft.Extensions.AI;
using PeroCore.Agent.Llm;
using PeroCore.Agent.Tests.Fakes;
using static PeroCore.Agent.Tests.Llm.LlmTestKit;

namespace PeroCore.Agent.Tests.Llm;

public sealed class ChatClientStreamingTests
{
    [Fact]
    public async Task Streamed_text_is_reassembled_and_the_request_carries_the_card_settings()
    {
        await using var server = await FakeLlmServer.StartAsync();
        server.Enqueue(FakeLlmReply.Text("Hel", "lo <ni", "t-ab12>x()</nit", "-ab12> 主人!"));
        using var factory = Factory();
        using var client = factory.Create(Endpoint(server));

        var updates = await CollectAsync(client.GetStreamingResponseAsync(Conversation("你好")));

        Assert.Equal("Hello <nit-ab12>x()</nit-ab12> 主人!", string.Concat(updates.Select(u => u.Text)));
        Assert.True(updates.Count(u => u.Text.Length > 0) >= 4, "each chunk arrives as its own update");
        Assert.Equal(ChatFinishReason.Stop, updates[^1].FinishReason);

        var request = Assert.Single(server.ChatRequests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/v1/chat/completions", request.Path);
        Assert.Equal("Bearer sk-test", request.Header("Authorization"));
        var body = request.Body!.Value;
        Assert.Equal("fake-model", body.GetProperty("model").GetString());
        Assert.True(body.GetProperty("stream").GetBoolean());
        Assert.Equal(0.3, body.GetProperty("temperature").GetDouble(), 6);
        Assert.Equal(0.9, body.GetProperty("top_p").GetDouble(), 6);
        Assert.Equal(256, body.GetProperty("max_tokens").GetInt32());
        var messages = body.GetProperty("messages");
        Assert.Equal(2, messages.GetArrayLength());
        Assert.Equal("system", messages[0].GetProperty("role").GetString());
        Assert.Equal("user", messages[1].GetProperty("role").GetString());
        Assert.Equal("你好", messages[1].GetProperty("content").GetString());
    }

    [Fact]
    public async Task A_base_ending_in_v1_is_not_doubled_and_a_keyless_endpoint_sends_no_authorization()
    {
        await using var server = await FakeLlmServer.StartAsync();
        using var factory = Factory();
        using var client = factory.Create(Endpoint(server, key: null) with { BaseUrl = server.BaseUrlV1 + "/", TopP = null, MaxTokens = null });

        var response = await client.GetResponseAsync(Conversation());

        Assert.Equal("ok", response.Text);
        var request = Assert.Single(server.ChatRequests);
        Assert.Equal("/v1/chat/completions", request.Path);
        Assert.Null(request.Header("Authorization"));
        Assert.False(request.Body!.Value.TryGetProperty("top_p", out _));
        Assert.False(request.Body!.Value.TryGetProperty("max_tokens", out _));
    }

    [Fact]
    public async Task Call_options_override_the_card_settings()
    {
        await using var server = await FakeLlmServer.StartAsync();
        using var factory = Factory();
        using var client = factory.Create(Endpoint(server));

        await client.GetResponseAsync(Conversation(), new ChatOptions { Temperature = 0.1f, MaxOutputTokens = 12, ModelId = "other", StopSequences = ["END"] });

        var body = Assert.Single(server.ChatRequests).Body!.Value;
        Assert.Equal("other", body.GetProperty("model").GetString());
        Assert.Equal(0.1, body.GetProperty("temperature").GetDouble(), 6);
        Assert.Equal(12, body.GetProperty("max_tokens").GetInt32());
        Assert.Equal("END", body.GetProperty("stop")[0].GetString());
    }
}
