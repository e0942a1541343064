using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PeroCore.Memory.Storage;
using PeroCore.Server.Hosting;
using PeroCore.Agent.Tests.Fakes;

namespace PeroCore.Server.Tests;

/// <summary>The background scorer: exchanges become memories that later chats recall.</summary>
[Collection("Chat")]
public sealed class ScorerTests : ChatTestBase
{
    private const string ScorerJson =
        "{\"content\":\"主人最喜欢的甜点是蓝莓松饼 Blueberrix\",\"tags\":[\"甜点\",\"Blueberrix\"],\"clusters\":[\"[偏好簇]\"],\"importance\":14,\"sentiment\":\"happy\"}";

    protected override string[] ServerArgs => ["--Llm:MaxRetries=0"];

    [Fact]
    public async Task The_scorer_writes_an_interaction_summary_that_a_later_chat_recalls()
    {
        Fake.DefaultReply = FakeLlmReply.Text(ScorerJson);
        Fake.Enqueue(FakeLlmReply.Text("记住啦，你最爱蓝莓松饼！"));

        await ChatAsync("我最喜欢蓝莓松饼 Blueberrix");
        var rows = await WaitForAnalysisAsync("default", "completed");

        var memoryId = rows[1].GetProperty("memory_id").GetInt64();
        Assert.Equal(memoryId, rows[0].GetProperty("memory_id").GetInt64());
        Assert.Equal(10, rows[1].GetProperty("importance").GetInt32()); // 14 clamped to 1..10
        Assert.Equal("happy", rows[1].GetProperty("sentiment").GetString());
        var memory = await Server.App.Store.Memories.GetAsync(memoryId);
        Assert.NotNull(memory);
        Assert.Equal("interaction_summary", memory.Type);
        Assert.Equal("desktop", memory.Source);
        var created = Assert.Single(await Server.App.Engine.GetHistoryAsync(memoryId));
        Assert.Equal(("create", "scorer"), (created.Op, created.Actor)); // the scorer's write is in history under its name
        var scorerRequest = Assert.Single(Fake.ChatRequests, r => !r.IsStream);
        Assert.Equal("json_object", scorerRequest.Body!.Value.GetProperty("response_format").GetProperty("type").GetString());
        Assert.Contains("记住啦", TextOf(scorerRequest.Messages[1]), StringComparison.Ordinal);

        // A later chat in another session (so the exchange itself is not in the prompt's history) recalls it.
        Fake.Enqueue(FakeLlmReply.Text("是蓝莓松饼呀"));
        await ChatAsync("我喜欢的 Blueberrix 是什么？", "later");
        var system = SystemPrompt(StreamRequests[^1]);
        Assert.Contains("蓝莓松饼 Blueberrix", system, StringComparison.Ordinal);

        // ... and can be taken back: reverting its creation removes it.
        await Server.App.Engine.RevertAsync(memoryId, created.Id, PeroCore.Memory.History.ChangeOrigin.Api);
        Assert.Null(await Server.App.Store.Memories.GetAsync(memoryId));
    }

    [Fact]
    public async Task A_factory_reset_while_the_scorer_waits_for_its_model_leaves_no_memory_behind()
    {
        var scorerDelay = TimeSpan.FromSeconds(2);
        Fake.DefaultReply = FakeLlmReply.Text(ScorerJson) with { DelayBeforeFirstChunk = scorerDelay };
        Fake.Enqueue(FakeLlmReply.Text("记住啦，你最爱蓝莓松饼！"));

        await ChatAsync("我最喜欢蓝莓松饼 Blueberrix");
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!Fake.ChatRequests.Any(r => !r.IsStream))
        {
            Assert.True(DateTime.UtcNow < deadline, "the scorer never called its model");
            await Task.Delay(20);
        }

        using var reset = await Server.Client.PostAsync("/api/system/reset", null); // while the scorer's answer is delayed
        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);

        // The answer arrives after the reset; the memory it describes must not be written into the emptied store.
        var watchUntil = DateTime.UtcNow + scorerDelay + TimeSpan.FromSeconds(8);
        while (DateTime.UtcNow < watchUntil)
        {
            Assert.Empty(await Server.App.Store.Memories.ListAsync(new MemoryListQuery()));
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task Retry_analysis_queues_the_pair_and_answers_404_for_unknown_entries()
    {
        var rows = await Server.App.Store.Logs.AddAsync(
        [
            new ConversationLogEntry { SessionId = "r", Source = "desktop", Role = "user", Content = "我养了一只叫 Mochiko 的猫", PairId = "p-retry", AnalysisStatus = "failed" },
            new ConversationLogEntry { SessionId = "r", Source = "desktop", Role = "assistant", Content = "Mochiko 一定很可爱！", PairId = "p-retry", AnalysisStatus = "failed" },
        ]);
        Fake.DefaultReply = FakeLlmReply.Text("{\"content\":\"主人养了一只叫 Mochiko 的猫\",\"tags\":\"猫, 宠物\",\"importance\":\"6\"}");

        using var response = await Server.Client.PostAsync($"/api/history/{rows[1].Id}/retry_analysis", null);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("queued", body.GetProperty("status").GetString());
        var done = await WaitForAnalysisAsync("r", "completed");
        Assert.Equal(6, done[0].GetProperty("importance").GetInt32());
        var memory = await Server.App.Store.Memories.GetAsync(done[0].GetProperty("memory_id").GetInt64());
        Assert.Equal(["猫", "宠物"], memory!.Tags);

        using var missing = await Server.Client.PostAsync("/api/history/999999/retry_analysis", null);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task An_unusable_answer_marks_the_pair_failed_with_one_more_retry()
    {
        Fake.DefaultReply = FakeLlmReply.Error(HttpStatusCode.InternalServerError, "{\"error\":{\"message\":\"scorer down\"}}");
        Fake.Enqueue(FakeLlmReply.Text("这是一段足够长的回答"));

        await ChatAsync("你好呀");

        var rows = await WaitForAnalysisAsync("default", "failed");
        Assert.Equal(1, rows[0].GetProperty("retry_count").GetInt32());
        Assert.Contains("500", rows[0].GetProperty("last_error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pending_pairs_left_by_a_stopped_server_are_scored_on_the_next_start()
    {
        using var dir = new TempFolder();
        var data = Path.Combine(dir.Path, "data");
        string[] Args(bool scorer) => ["--port", "0", "--data", data, "--Embedding:Provider=Hashing", "--Llm:MaxRetries=0", $"--Agent:ScorerEnabled={scorer}"];

        await using (var first = await PeroCoreApplication.CreateAsync(Args(false)))
        {
            await first.StartAsync();
            await first.Store.Logs.AddAsync(
            [
                new ConversationLogEntry { SessionId = "boot", Source = "desktop", Role = "user", Content = "明天考试", PairId = "p-boot" },
                new ConversationLogEntry { SessionId = "boot", Source = "desktop", Role = "assistant", Content = "加油，你一定行的！", PairId = "p-boot", AnalysisStatus = "processing" },
            ]);
            await first.Store.Config.SetManyAsync(new Dictionary<string, string>
            {
                ["global_llm_api_base"] = Fake.BaseUrl, ["global_llm_api_key"] = "k", ["ppc.modelName"] = "fake-model",
            });
        }

        Fake.DefaultReply = FakeLlmReply.Text("{\"content\":\"主人明天考试\",\"tags\":[\"考试\"],\"importance\":7,\"sentiment\":\"nervous\"}");
        await using var second = await PeroCoreApplication.CreateAsync(Args(true));
        await second.StartAsync();

        var deadline = DateTime.UtcNow.AddSeconds(20);
        List<ConversationLogEntry> pair;
        do
        {
            await Task.Delay(50);
            pair = await second.Store.Logs.GetPairAsync("p-boot");
        }
        while (pair.Any(r => r.AnalysisStatus != "completed") && DateTime.UtcNow < deadline);

        Assert.All(pair, r => Assert.Equal("completed", r.AnalysisStatus));
        Assert.Equal("nervous", pair[0].Sentiment);
    }

    private async Task<List<JsonElement>> WaitForAnalysisAsync(string session, string status)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var rows = await HistoryAsync(session);
            if (rows.Count >= 2 && rows.All(r => r.GetProperty("analysis_status").GetString() == status))
            {
                return rows;
            }

            Assert.True(DateTime.UtcNow < deadline, $"analysis did not reach '{status}': {string.Join(", ", rows.Select(r => r.GetProperty("analysis_status").GetString() + "/" + r.GetProperty("last_error")))}");
            await Task.Delay(50);
        }
    }
}
