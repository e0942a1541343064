using PeroCore.Memory.Storage;
using System.Net;
using System.Text;
using System.Text.Json;
using PeroCore.Memory.Ingestion;
using PeroCore.Agent.Tests.Fakes;

namespace PeroCore.Server.Tests;

/// <summary><c>POST /api/chat</c> end to end against a fake OpenAI-compatible LLM (spec §9 scenarios).</summary>
[Collection("Chat")]
public sealed class ChatTests : ChatTestBase
{
    [Fact]
    public async Task A_plain_streamed_reply_reaches_the_client_as_deltas_and_is_logged_as_a_pair()
    {
        Fake.Enqueue(FakeLlmReply.Text("你好", "，主人！"));

        var result = await ChatAsync("hi");

        Assert.True(result.Done);
        Assert.Equal("你好，主人！", result.Visible);
        Assert.Equal(2, result.TextEvents.Count);
        Assert.Contains(result.Statuses, s => s.Contains("turn 1", StringComparison.Ordinal));
        Assert.Contains("\"status\":{\"type\":\"thinking\"", result.Raw, StringComparison.Ordinal);
        Assert.Contains("\\u4F60\\u597D", result.Raw, StringComparison.OrdinalIgnoreCase); // ASCII-only JSON payloads

        // Scenario 8: the pair is in the history, user then assistant, with ids and an analysis status.
        var history = await HistoryAsync();
        Assert.Equal(2, history.Count);
        Assert.Equal(("user", "hi"), (history[0].GetProperty("role").GetString(), history[0].GetProperty("content").GetString()));
        Assert.Equal(("assistant", "你好，主人！"), (history[1].GetProperty("role").GetString(), history[1].GetProperty("content").GetString()));
        Assert.Equal(history[0].GetProperty("pair_id").GetString(), history[1].GetProperty("pair_id").GetString());
        Assert.All(history, h => Assert.Contains(h.GetProperty("analysis_status").GetString(), new[] { "pending", "processing", "completed", "failed" }));
        var last = (await GetJsonAsync("/api/history/desktop/default?sort=desc&limit=1")).EnumerateArray().Single();
        Assert.Equal("assistant", last.GetProperty("role").GetString());
    }

    [Fact]
    public async Task The_system_prompt_has_owner_persona_mood_date_tools_and_the_nit_id()
    {
        await PostAsync("/api/configs", new Dictionary<string, string> { ["owner_name"] = "小明", ["user_persona"] = "程序员" });
        var mood = (await GetJsonAsync("/api/pet/state")).GetProperty("mood").GetString();
        Fake.Enqueue(FakeLlmReply.Text("ok"));

        await ChatAsync("hi");

        var request = Assert.Single(StreamRequests);
        var system = SystemPrompt(request);
        Assert.Equal("system", request.Messages[0].GetProperty("role").GetString());
        Assert.Contains("Owner's name: 小明", system, StringComparison.Ordinal);
        Assert.Contains("About the owner: 程序员", system, StringComparison.Ordinal);
        Assert.Contains("Your mood: " + mood, system, StringComparison.Ordinal);
        Assert.Contains(DateTime.Now.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), system, StringComparison.Ordinal);
        Assert.Contains("update_character_status", system, StringComparison.Ordinal);
        Assert.Matches("<nit-[0-9A-F]{4}>", system);
        Assert.True(request.Body!.Value.TryGetProperty("tools", out var tools) && tools.GetArrayLength() >= 2, "the core tools are offered natively too");
    }

    [Fact]
    public async Task Without_an_llm_the_stream_is_one_error_delta_with_the_how_to_and_done()
    {
        await using var bare = new BareServer();
        await bare.InitializeAsync();

        var result = await bare.ChatOnceAsync("hi");

        Assert.True(result.Done);
        var text = Assert.Single(result.TextEvents);
        Assert.StartsWith("Error: ", result.Visible, StringComparison.Ordinal);
        Assert.Contains("current_model_id", result.Visible, StringComparison.Ordinal);
        Assert.NotEmpty(result.Statuses);
        _ = text;
    }

    [Fact]
    public async Task A_nit_block_split_across_chunks_is_hidden_runs_pushes_triggers_and_is_not_logged()
    {
        Fake.Enqueue(
            FakeLlmReply.Text("好的，我看看。[[[NIT", "_CALL]]]\nupdate_character_status\nmood: [START] 难过 [END]\nmind: [START] 想吃蛋糕 [END]\n[[[NIT_E", "ND]]]"),
            FakeLlmReply.Text("已更新"));

        var result = await ChatAsync("换个心情");

        Assert.True(result.Done);
        Assert.Equal("好的，我看看。已更新", result.Visible);
        Assert.DoesNotContain("NIT", result.Raw, StringComparison.Ordinal);
        var triggers = Assert.Single(result.Triggers);
        Assert.Equal("难过", triggers.GetProperty("state").GetProperty("mood").GetString());
        Assert.Equal("想吃蛋糕", triggers.GetProperty("state").GetProperty("mind").GetString());
        Assert.Equal(JsonValueKind.Array, triggers.GetProperty("idle_messages").ValueKind);
        Assert.Equal("难过", (await GetJsonAsync("/api/pet/state")).GetProperty("mood").GetString());

        // The second turn sees the raw reply and the observation.
        Assert.Equal(2, StreamRequests.Count);
        var second = Roles(StreamRequests[1]);
        Assert.Equal("assistant", second[^2].Role);
        Assert.Contains("[[[NIT_CALL]]]", second[^2].Text, StringComparison.Ordinal);
        Assert.Equal("user", second[^1].Role);
        Assert.Contains("✅", second[^1].Text, StringComparison.Ordinal);
        Assert.Contains("难过", second[^1].Text, StringComparison.Ordinal);

        // Scenario 13: the log holds everything the user saw, without protocol markers.
        var assistant = (await HistoryAsync()).Last();
        Assert.Equal("好的，我看看。已更新", assistant.GetProperty("content").GetString());
    }

    [Fact]
    public async Task A_nit_script_loop_ends_with_finish_task_whose_summary_is_shown()
    {
        Fake.Enqueue(
            FakeLlmReply.Text("先改心情。<nit>\nupdate_character_status(mood=\"专注\")\n</nit>"),
            FakeLlmReply.Text("<nit>\nfinish_task(summary=\"全部完成\")\n</nit>"),
            FakeLlmReply.Text("never asked"));

        var result = await ChatAsync("做两件事");

        Assert.Equal("先改心情。全部完成", result.Visible);
        Assert.Equal(2, StreamRequests.Count);
        Assert.Equal("专注", (await GetJsonAsync("/api/pet/state")).GetProperty("mood").GetString());
        Assert.Contains("全部完成", (await HistoryAsync()).Last().GetProperty("content").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scenario_14_an_unknown_nit_tool_is_reported_back_to_the_model()
    {
        Fake.Enqueue(FakeLlmReply.Text("[[[NIT_CALL]]]\nno_such_tool\nx: [START] 1 [END]\n[[[NIT_END]]]"), FakeLlmReply.Text("好吧"));

        var result = await ChatAsync("试试");

        Assert.True(result.Done);
        Assert.Equal("好吧", result.Visible);
        var feedback = Roles(StreamRequests[1])[^1].Text;
        Assert.Contains("no_such_tool", feedback, StringComparison.Ordinal);
        Assert.Contains("not found", feedback, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scenario_16_native_finish_task_ends_the_loop_after_one_request()
    {
        Fake.Enqueue(FakeLlmReply.Tools(new FakeToolCall("call_1", "finish_task", "{\"summary\":\"任务完成啦\"}")), FakeLlmReply.Text("never asked"));

        var result = await ChatAsync("收尾");

        Assert.Contains("任务完成啦", result.Visible, StringComparison.Ordinal);
        Assert.Single(StreamRequests);
        Assert.Contains("任务完成啦", (await HistoryAsync()).Last().GetProperty("content").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scenario_17_a_native_unknown_tool_round_trips_as_a_tool_message_in_openai_order()
    {
        Fake.Enqueue(FakeLlmReply.Tools(new FakeToolCall("call_x", "mystery", "{", "}")), FakeLlmReply.Text("抱歉"));

        var result = await ChatAsync("神秘操作");

        Assert.EndsWith("抱歉", result.Visible, StringComparison.Ordinal);
        var messages = StreamRequests[1].Messages.EnumerateArray().ToList();
        var assistant = messages[^2];
        Assert.Equal("assistant", assistant.GetProperty("role").GetString());
        var call = assistant.GetProperty("tool_calls")[0];
        Assert.Equal("call_x", call.GetProperty("id").GetString());
        Assert.Equal("mystery", call.GetProperty("function").GetProperty("name").GetString());
        var tool = messages[^1];
        Assert.Equal("tool", tool.GetProperty("role").GetString());
        Assert.Equal("call_x", tool.GetProperty("tool_call_id").GetString());
        Assert.Equal("Error: Tool 'mystery' not found or not supported.", tool.GetProperty("content").GetString());
    }

    [Fact]
    public async Task A_native_tool_call_runs_the_registry_tool_and_pushes_triggers()
    {
        Fake.Enqueue(
            FakeLlmReply.Tools(new FakeToolCall("call_7", "update_character_status", "{\"mood\":\"兴奋\",\"idle_msgs\":[\"在吗\",\"陪我玩\"]}")),
            FakeLlmReply.Text("心情变好了"));

        var result = await ChatAsync("开心点");

        var triggers = Assert.Single(result.Triggers);
        Assert.Equal("兴奋", triggers.GetProperty("state").GetProperty("mood").GetString());
        Assert.Equal(2, triggers.GetProperty("idle_messages").GetArrayLength());
        Assert.Equal("心情变好了", result.Visible);
        var tool = StreamRequests[1].Messages.EnumerateArray().Last();
        Assert.Equal("call_7", tool.GetProperty("tool_call_id").GetString());
        Assert.Contains("兴奋", tool.GetProperty("content").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task After_three_failing_turns_the_breaker_adds_a_notice_and_stops_offering_tools()
    {
        for (var i = 0; i < 3; i++)
        {
            Fake.Enqueue(FakeLlmReply.Text("<nit>\nbroken_tool_" + i + "()\n</nit>"));
        }

        Fake.Enqueue(FakeLlmReply.Text("我失败了，抱歉"));

        var result = await ChatAsync("做个不可能的事");

        Assert.Equal("我失败了，抱歉", result.Visible);
        var requests = StreamRequests;
        Assert.Equal(4, requests.Count);
        for (var i = 0; i < 3; i++)
        {
            Assert.True(requests[i].Body!.Value.TryGetProperty("tools", out _), $"request {i + 1} offers tools");
            Assert.DoesNotContain(Roles(requests[i]), m => m.Role == "system" && m.Text.Contains("Three steps in a row", StringComparison.Ordinal));
        }

        Assert.False(requests[3].Body!.Value.TryGetProperty("tools", out _), "the breaker stops offering native tools");
        var notice = Roles(requests[3]).Last(m => m.Role == "system");
        Assert.Contains("Three steps in a row have failed", notice.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Recall_puts_the_relevant_memory_in_the_system_prompt_and_leaves_unrelated_ones_out()
    {
        // The unrelated memory is far from the relevant one on the time axis (spreading activation follows prev/next links).
        var engine = Server.App.Engine;
        await engine.AddAsync(new NewMemory { Content = "Antique Quibbleflux teapots crowd shelves", Tags = ["teapot"] });
        for (var i = 0; i < 48; i++)
        {
            if (i == 24)
            {
                await engine.AddAsync(new NewMemory { Content = "The owner's cat Zorblax sleeps on the keyboard every morning", Tags = ["zorblax", "cat"] });
            }

            await engine.AddAsync(new NewMemory { Content = $"Filler memory number {i} about weather pattern w{i}x and river r{i}y" });
        }

        Fake.Enqueue(FakeLlmReply.Text("喵"));

        await ChatAsync("What is Zorblax doing on the keyboard?");

        var system = SystemPrompt(Assert.Single(StreamRequests));
        Assert.Contains("PERO_RAG_BLOCK_START", system, StringComparison.Ordinal);
        Assert.Contains("cat Zorblax sleeps on the keyboard", system, StringComparison.Ordinal);
        Assert.DoesNotContain("Quibbleflux", system, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Closing_the_connection_cancels_the_upstream_request_and_logs_nothing()
    {
        Fake.Enqueue(new FakeLlmReply { Chunks = ["first words"], Hang = true });

        using (var request = new HttpRequestMessage(HttpMethod.Post, "/api/chat")
               {
                   Content = new StringContent("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", Encoding.UTF8, "application/json"),
               })
        using (var response = await Server.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead))
        {
            var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
            var seen = new StringBuilder();
            while (await reader.ReadLineAsync() is { } line)
            {
                seen.AppendLine(line);
                if (line.Contains("first words", StringComparison.Ordinal))
                {
                    break;
                }
            }

            Assert.Contains("first words", seen.ToString(), StringComparison.Ordinal);
        }

        var upstream = Assert.Single(StreamRequests);
        await upstream.WhenAborted.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.True(upstream.Aborted);
        await Task.Delay(200);
        Assert.Empty(await HistoryAsync());
    }

    [Fact]
    public async Task Scenario_10_sessions_are_isolated_and_session_id_is_accepted_in_snake_case()
    {
        Fake.Enqueue(FakeLlmReply.Text("你好，主人！"), FakeLlmReply.Text("收到"));
        await ChatAsync("hi");

        var result = await ChatRawAsync("{\"messages\":[{\"role\":\"user\",\"content\":\"s2消息\"}],\"session_id\":\"s2\"}");

        Assert.Equal("收到", result.Visible);
        var roles = Roles(StreamRequests[1]);
        Assert.Equal(2, roles.Count);
        Assert.Equal("system", roles[0].Role);
        Assert.Equal(("user", "s2消息"), roles[1]);
        Assert.Contains(await HistoryAsync("s2"), h => h.GetProperty("content").GetString() == "s2消息");
        Assert.DoesNotContain(await HistoryAsync("default"), h => h.GetProperty("content").GetString() == "s2消息");
    }

    [Fact]
    public async Task Scenario_11_a_resent_tail_replaces_the_stored_history_instead_of_duplicating_it()
    {
        Fake.Enqueue(FakeLlmReply.Text("你好，主人！"), FakeLlmReply.Text("嗯"));
        await ChatAsync("hi", "d1");

        await ChatRawAsync("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"},{\"role\":\"assistant\",\"content\":\"你好，主人！\"},{\"role\":\"user\",\"content\":\"第三句\"}],\"sessionId\":\"d1\"}");

        var roles = Roles(StreamRequests[1]);
        Assert.Equal(["system", "user", "assistant", "user"], roles.Select(r => r.Role));
        Assert.Equal(["hi", "你好，主人！", "第三句"], roles.Skip(1).Select(r => r.Text));
    }

    [Fact]
    public async Task Scenario_11b_stored_history_precedes_a_new_message()
    {
        Fake.Enqueue(FakeLlmReply.Text("你好，主人！"), FakeLlmReply.Text("嗯"));
        await ChatAsync("hi", "d2");

        await ChatAsync("下一句", "d2");

        var roles = Roles(StreamRequests[1]);
        Assert.Equal(["hi", "你好，主人！", "下一句"], roles.Skip(1).Select(r => r.Text));
    }

    [Fact]
    public async Task Scenario_19_an_upstream_401_is_reported_in_band_and_not_logged()
    {
        Fake.Enqueue(FakeLlmReply.Text("你好"));
        await ChatAsync("hi");
        var before = (await HistoryAsync()).Count;
        Fake.Enqueue(FakeLlmReply.Error(HttpStatusCode.Unauthorized, "{\"error\":\"bad key\"}"));

        var result = await ChatAsync("again");

        Assert.True(result.Done);
        Assert.StartsWith("Error: 401", result.Visible, StringComparison.Ordinal);
        Assert.Contains("bad key", result.Visible, StringComparison.Ordinal);
        Assert.Equal(before, (await HistoryAsync()).Count);
    }

    [Fact]
    public async Task Scenario_20_empty_model_output_gives_a_clear_warning()
    {
        Fake.Enqueue(FakeLlmReply.Raw());

        var result = await ChatAsync("hi");

        Assert.True(result.Done);
        Assert.StartsWith("⚠️", result.Visible, StringComparison.Ordinal);
        Assert.Contains("no content", result.Visible, StringComparison.Ordinal);
        Assert.Empty(await HistoryAsync());
    }

    [Fact]
    public async Task A_bad_body_is_a_422_before_the_stream_starts()
    {
        using var content = new StringContent("{\"messages\":\"hi\"}", Encoding.UTF8, "application/json");
        using var response = await Server.Client.PostAsync("/api/chat", content);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
    }

    /// <summary>A server with no LLM configured at all.</summary>
    private sealed class BareServer : ChatTestBase, IAsyncDisposable
    {
        protected override bool ConfigureLlm => false;

        public Task<ChatResult> ChatOnceAsync(string user) => ChatAsync(user);

        async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();
    }
}
