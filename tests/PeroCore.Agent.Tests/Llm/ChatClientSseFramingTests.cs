using Microsoft.Extensions.AI;
using PeroCore.Agent.Tests.Fakes;
using static PeroCore.Agent.Tests.Llm.LlmTestKit;

namespace PeroCore.Agent.Tests.Llm;

/// <summary>How the client splits a stream into events: what servers really send, not only the tidy form.</summary>
public sealed class ChatClientSseFramingTests
{
    private static string Delta(string text, string? finish = null) =>
        "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + text + "\"}" + (finish is null ? "" : ",\"finish_reason\":\"" + finish + "\"") + "}]}";

    [Fact]
    public async Task Comments_event_names_CRLF_and_data_split_over_several_lines_are_read_and_nothing_after_DONE()
    {
        await using var server = await FakeLlmServer.StartAsync();
        server.Enqueue(FakeLlmReply.Frames(
            ": keep-alive\n\n",
            "event: message\r\nid: 1\r\ndata:" + Delta("Hel") + "\r\n\r\n",
            "data: {\"choices\":[{\"index\":0,\n",
            "data: \"delta\":{\"content\":\"lo\"}}]}\n\n",
            "data: " + Delta("", "stop") + "\n\n",
            "data: [DONE]\n\n",
            "data: " + Delta(" ignored") + "\n\n"));
        using var factory = Factory();
        using var client = factory.Create(Endpoint(server));

        var response = (await CollectAsync(client.GetStreamingResponseAsync(Conversation()))).ToChatResponse();

        Assert.Equal("Hello", response.Text);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
    }

    [Fact]
    public async Task A_stream_that_ends_without_DONE_and_without_a_blank_line_keeps_its_last_event()
    {
        await using var server = await FakeLlmServer.StartAsync();
        server.Enqueue(FakeLlmReply.Frames("data: " + Delta("a") + "\n\n", "data: " + Delta("b", "stop")));
        using var factory = Factory();
        using var client = factory.Create(Endpoint(server));

        var response = (await CollectAsync(client.GetStreamingResponseAsync(Conversation()))).ToChatResponse();

        Assert.Equal("ab", response.Text);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
    }

    [Fact]
    public async Task Events_separated_by_a_single_newline_are_read_one_by_one()
    {
        await using var server = await FakeLlmServer.StartAsync();
        server.Enqueue(FakeLlmReply.Frames("data: " + Delta("a") + "\ndata: " + Delta("b") + "\ndata: [DONE]\ndata: " + Delta("c") + "\n\n"));
        using var factory = Factory();
        using var client = factory.Create(Endpoint(server));

        var updates = await CollectAsync(client.GetStreamingResponseAsync(Conversation()));

        Assert.Equal("ab", string.Concat(updates.Select(u => u.Text)));
    }

    [Fact]
    public async Task Keep_alive_comments_keep_a_slow_stream_from_timing_out()
    {
        await using var server = await FakeLlmServer.StartAsync();
        // 3 s between the two data events, twice the idle limit; a comment every 0.6 s in between.
        server.Enqueue(FakeLlmReply.Frames(
            "data: " + Delta("a") + "\n\n",
            ": ping\n\n",
            ": ping\n\n",
            ": ping\n\n",
            ": ping\n\n",
            "data: " + Delta("b", "stop") + "\n\ndata: [DONE]\n\n") with { DelayBetweenChunks = TimeSpan.FromMilliseconds(600) });
        using var factory = Factory(FastOptions(idle: TimeSpan.FromMilliseconds(1500)));
        using var client = factory.Create(Endpoint(server));

        var updates = await CollectAsync(client.GetStreamingResponseAsync(Conversation()));

        Assert.Equal("ab", string.Concat(updates.Select(u => u.Text)));
    }
}
