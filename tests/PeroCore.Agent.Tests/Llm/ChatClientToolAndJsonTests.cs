using System.Text.Json;
using Microsoft.Extensions.AI;
using PeroCore.Agent.Llm;
using PeroCore.Agent.Tests.Fakes;
using static PeroCore.Agent.Tests.Llm.LlmTestKit;

namespace PeroCore.Agent.Tests.Llm;

public sealed class ChatClientToolAndJsonTests
{
    [Fact]
    public async Task Streamed_tool_call_deltas_are_merged_by_index_alongside_text()
    {
        await using var server = await FakeLlmServer.StartAsync();
        server.Enqueue(new FakeLlmReply
        {
            Chunks = ["Let me ", "finish."],
            ToolCalls =
            [
                new FakeToolCall("call_1", "finish_task", "{\"sum", "mary\": \"任务完成", "啦\"}"),
                new FakeToolCall("call_x", "mystery", "{", "}"),
            ],
        });
        using var factory = Factory();
        using var client = factory.Create(Endpoint(server));
        var finishTask = AIFunctionFactory.Create((string summary) => summary, "finish_task", "Ends the task with a summary.");

        var updates = await CollectAsync(client.GetStreamingResponseAsync(Conversation(), new ChatOptions { Tools = [finishTask] }));
        var response = updates.ToChatResponse();

        Assert.Equal("Let me finish.", response.Text);
        var calls = response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().ToList();
        Assert.Equal(2, calls.Count);
        Assert.Equal(("call_1", "finish_task"), (calls[0].CallId, calls[0].Name));
        Assert.Equal("任务完成啦", calls[0].Arguments!["summary"]!.ToString());
        Assert.Equal(("call_x", "mystery"), (calls[1].CallId, calls[1].Name));
        Assert.Empty(calls[1].Arguments!);
        var raw = Assert.IsType<LlmToolCall>(calls[0].RawRepresentation);
        Assert.Equal("{\"summary\": \"任务完成啦\"}", raw.Arguments);
        Assert.Equal(ChatFinishReason.ToolCalls, response.FinishReason);

        var tools = Assert.Single(server.ChatRequests).Body!.Value.GetProperty("tools");
        Assert.Equal("function", tools[0].GetProperty("type").GetString());
        Assert.Equal("finish_task", tools[0].GetProperty("function").GetProperty("name").GetString());
        Assert.Equal("object", tools[0].GetProperty("function").GetProperty("parameters").GetProperty("type").GetString());
        Assert.True(tools[0].GetProperty("function").GetProperty("parameters").GetProperty("properties").TryGetProperty("summary", out _));
    }

    [Fact]
    public async Task Unparsable_tool_arguments_are_kept_raw_with_the_parse_error()
    {
        await using var server = await FakeLlmServer.StartAsync();
        server.Enqueue(FakeLlmReply.Tools(new FakeToolCall("call_bad", "mystery", "{not json")));
        using var factory = Factory();
        using var client = factory.Create(Endpoint(server));

        var response = (await CollectAsync(client.GetStreamingResponseAsync(Conversation()))).ToChatResponse();

        var call = Assert.Single(response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>());
        Assert.NotNull(call.Exception);
        Assert.Equal("{not json", Assert.IsType<LlmToolCall>(call.RawRepresentation).Arguments);
    }

    [Fact]
    public async Task Tool_calls_and_results_are_sent_back_in_the_wire_format()
    {
        await using var server = await FakeLlmServer.StartAsync();
        server.Enqueue(FakeLlmReply.Tools(new FakeToolCall("call_x", "mystery", "{", "}")), FakeLlmReply.Text("抱歉"));
        using var factory = Factory();
        using var client = factory.Create(Endpoint(server));
        var history = Conversation();

        var first = (await CollectAsync(client.GetStreamingResponseAsync(history))).ToChatResponse();
        history.AddRange(first.Messages);
        history.Add(new ChatMessage(ChatRole.Tool, [new FunctionResultContent("call_x", "Error: Tool 'mystery' not found or not supported.")]));
        var second = (await CollectAsync(client.GetStreamingResponseAsync(history))).ToChatResponse();

        Assert.Equal("抱歉", second.Text);
        var messages = server.ChatRequests[1].Body!.Value.GetProperty("messages");
        var assistant = messages[2];
        Assert.Equal("assistant", assistant.GetProperty("role").GetString());
        Assert.Equal(JsonValueKind.Null, assistant.GetProperty("content").ValueKind);
        var toolCall = assistant.GetProperty("tool_calls")[0];
        Assert.Equal("call_x", toolCall.GetProperty("id").GetString());
        Assert.Equal("mystery", toolCall.GetProperty("function").GetProperty("name").GetString());
        Assert.Equal("{}", toolCall.GetProperty("function").GetProperty("arguments").GetString());
        var tool = messages[3];
        Assert.Equal("tool", tool.GetProperty("role").GetString());
        Assert.Equal("call_x", tool.GetProperty("tool_call_id").GetString());
        Assert.Contains("not found", tool.GetProperty("content").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_mode_sends_response_format_json_object_in_a_non_streaming_request()
    {
        await using var server = await FakeLlmServer.StartAsync();
        const string json = "{\"content\":\"主人打了招呼\",\"tags\":[\"问候\"],\"importance\":3,\"sentiment\":\"happy\"}";
        server.Enqueue(FakeLlmReply.Text(json));
        using var factory = Factory();
        using var client = factory.Create(Endpoint(server));

        var response = await client.GetResponseAsync(Conversation(), new ChatOptions { ResponseFormat = ChatResponseFormat.Json, Temperature = 0.3f });

        Assert.Equal(json, response.Text);
        Assert.Equal(15, response.Usage?.TotalTokenCount);
        var body = Assert.Single(server.ChatRequests).Body!.Value;
        Assert.False(body.GetProperty("stream").GetBoolean());
        Assert.Equal("json_object", body.GetProperty("response_format").GetProperty("type").GetString());
    }

    [Fact]
    public async Task A_card_with_streaming_off_makes_one_plain_request_even_for_a_streaming_call()
    {
        await using var server = await FakeLlmServer.StartAsync();
        server.Enqueue(FakeLlmReply.Text("a", "b"));
        using var factory = Factory();
        using var client = factory.Create(Endpoint(server) with { Stream = false });

        var updates = await CollectAsync(client.GetStreamingResponseAsync(Conversation()));

        Assert.Equal("ab", string.Concat(updates.Select(u => u.Text)));
        Assert.False(Assert.Single(server.ChatRequests).IsStream);
    }

    [Fact]
    public async Task An_error_event_in_the_middle_of_a_stream_becomes_an_LlmException_after_the_text_already_sent()
    {
        await using var server = await FakeLlmServer.StartAsync();
        server.Enqueue(FakeLlmReply.Raw(
            "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"hi\"}}]}",
            "not json at all",
            "{\"error\":{\"message\":\"model overloaded\",\"type\":\"server_error\"}}"));
        using var factory = Factory();
        using var client = factory.Create(Endpoint(server));
        var seen = new List<string>();

        var ex = await Assert.ThrowsAsync<LlmException>(async () =>
        {
            await foreach (var u in client.GetStreamingResponseAsync(Conversation()))
            {
                seen.Add(u.Text);
            }
        });

        Assert.Equal(["hi"], seen);
        Assert.Equal(LlmErrorKind.InvalidResponse, ex.Kind);
        Assert.Equal("model overloaded", ex.ProviderMessage);
        Assert.Single(server.ChatRequests);
    }

    [Fact]
    public async Task Reasoning_deltas_are_reported_separately_from_the_answer()
    {
        await using var server = await FakeLlmServer.StartAsync();
        server.Enqueue(FakeLlmReply.Raw(
            "{\"choices\":[{\"index\":0,\"delta\":{\"reasoning_content\":\"thinking...\"}}]}",
            "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"answer\"},\"finish_reason\":\"stop\"}]}",
            "[DONE]"));
        using var factory = Factory();
        using var client = factory.Create(Endpoint(server));

        var updates = await CollectAsync(client.GetStreamingResponseAsync(Conversation()));

        Assert.Equal("answer", string.Concat(updates.Select(u => u.Text)));
        Assert.Equal("thinking...", Assert.Single(updates.SelectMany(u => u.Contents).OfType<TextReasoningContent>()).Text);
    }

    [Fact]
    public async Task A_server_that_ignores_stream_true_and_answers_json_still_works()
    {
        await using var server = await FakeLlmServer.StartAsync();
        server.Enqueue(FakeLlmReply.Text("whole answer") with { IgnoreStream = true });
        using var factory = Factory();
        using var client = factory.Create(Endpoint(server));

        var updates = await CollectAsync(client.GetStreamingResponseAsync(Conversation(), new ChatOptions
        {
            AdditionalProperties = new AdditionalPropertiesDictionary { ["extra_flag"] = "x", ["model"] = "ignored" },
        }));

        Assert.Equal("whole answer", string.Concat(updates.Select(u => u.Text)));
        var body = Assert.Single(server.ChatRequests).Body!.Value;
        Assert.True(body.GetProperty("stream").GetBoolean());
        Assert.Equal("x", body.GetProperty("extra_flag").GetString());
        Assert.Equal("fake-model", body.GetProperty("model").GetString());
    }

    [Fact]
    public async Task A_stream_mislabelled_as_json_is_still_read_as_events()
    {
        await using var server = await FakeLlmServer.StartAsync();
        server.Enqueue(FakeLlmReply.Text("still ", "streamed") with { StreamContentType = "application/json" });
        using var factory = Factory();
        using var client = factory.Create(Endpoint(server));

        var updates = await CollectAsync(client.GetStreamingResponseAsync(Conversation()));

        Assert.Equal("still streamed", string.Concat(updates.Select(u => u.Text)));
    }

    [Fact]
    public async Task Tool_calls_of_a_non_streamed_answer_and_of_servers_that_omit_the_index_are_read()
    {
        await using var server = await FakeLlmServer.StartAsync();
        server.Enqueue(
            FakeLlmReply.Tools(new FakeToolCall("call_a", "first", "{\"x\":", "1}"), new FakeToolCall("call_b", "second", "{}")),
            FakeLlmReply.Raw(
                "{\"choices\":[{\"delta\":{\"tool_calls\":[{\"id\":\"c1\",\"function\":{\"name\":\"one\",\"arguments\":\"{\\\"a\\\":\"}}]}}]}",
                "{\"choices\":[{\"delta\":{\"tool_calls\":[{\"function\":{\"arguments\":\"2}\"}}]}}]}",
                "{\"choices\":[{\"delta\":{\"tool_calls\":[{\"id\":\"c2\",\"function\":{\"name\":\"two\",\"arguments\":{\"b\":3}}}]},\"finish_reason\":\"tool_calls\"}]}",
                "[DONE]"));
        using var factory = Factory();
        using var client = factory.Create(Endpoint(server));

        var plain = await client.GetResponseAsync(Conversation());
        var streamed = (await CollectAsync(client.GetStreamingResponseAsync(Conversation()))).ToChatResponse();

        var plainCalls = plain.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().ToList();
        Assert.Equal(["call_a", "call_b"], plainCalls.Select(c => c.CallId));
        Assert.Equal("1", plainCalls[0].Arguments!["x"]!.ToString());
        var streamedCalls = streamed.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().ToList();
        Assert.Equal([("c1", "one"), ("c2", "two")], streamedCalls.Select(c => (c.CallId, c.Name)));
        Assert.Equal("2", streamedCalls[0].Arguments!["a"]!.ToString());
        Assert.Equal("3", streamedCalls[1].Arguments!["b"]!.ToString());
    }
}
