using PeroCore.Memory.Storage;

namespace PeroCore.Memory.Tests.Storage;

public sealed class TableCrudTests : StoreTestBase
{
    [Fact]
    public async Task Relations_upsert_list_delete_and_validate()
    {
        var a = await Store.Memories.InsertAsync(new NewMemory { Content = "a" });
        var b = await Store.Memories.InsertAsync(new NewMemory { Content = "b" });
        var r = await Store.Relations.UpsertAsync(a.Id, b.Id, RelationTypes.Thematic, 0.4, "same topic");
        Assert.Equal(0.4, r.Strength);
        var again = await Store.Relations.UpsertAsync(a.Id, b.Id, RelationTypes.Thematic, 0.9);
        Assert.Equal(r.Id, again.Id);
        Assert.Equal(0.9, again.Strength);
        Assert.Equal("same topic", again.Description);
        Assert.Single(await Store.Relations.ListForMemoryAsync(b.Id));

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Store.Relations.UpsertAsync(a.Id, b.Id, RelationTypes.Causal, 1.5));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Store.Relations.UpsertAsync(a.Id, b.Id, RelationTypes.Causal, double.NaN));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.Relations.UpsertAsync(a.Id, b.Id, "friendship", 0.5));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.Relations.UpsertAsync(a.Id, a.Id, RelationTypes.Causal, 0.5));
        var missing = await Assert.ThrowsAsync<KeyNotFoundException>(() => Store.Relations.UpsertAsync(a.Id, 424242, RelationTypes.Causal, 0.5));
        Assert.Contains("424242", missing.Message, StringComparison.Ordinal);
        Assert.Single(await Store.Relations.ListAllAsync());

        Assert.True(await Store.Relations.DeleteAsync(r.Id));
        Assert.False(await Store.Relations.DeleteAsync(r.Id));
        Assert.Empty(await Store.Relations.ListAllAsync());
    }

    [Fact]
    public async Task Conversation_log_pairs_sessions_analysis_and_deletes()
    {
        var saved = await Store.Logs.AddAsync(
        [
            new ConversationLogEntry { SessionId = "s1", Source = "desktop", Role = "user", Content = "hello", PairId = "p1" },
            new ConversationLogEntry { SessionId = "s1", Source = "desktop", Role = "assistant", Content = "hi!", PairId = "p1", Timestamp = T0.AddSeconds(1) },
        ]);
        Assert.Equal(2, saved.Count);
        Assert.All(saved, e => Assert.Equal("pending", e.AnalysisStatus));
        Assert.Equal(2, (await Store.Logs.ListUnanalysedAsync(10)).Count);

        var m = await Store.Memories.InsertAsync(new NewMemory { Content = "greeted" });
        Assert.Equal(2, await Store.Logs.SetAnalysisAsync("p1", "completed", memoryId: m.Id, importance: 6, sentiment: "happy"));
        var pair = await Store.Logs.GetPairAsync("p1");
        Assert.All(pair, e => Assert.Equal((m.Id, 6, "happy", "completed"), (e.MemoryId!.Value, e.Importance!.Value, e.Sentiment, e.AnalysisStatus)));
        Assert.Empty(await Store.Logs.ListUnanalysedAsync(10));

        await Store.Logs.SetAnalysisAsync("p1", "failed", lastError: new string('e', 900), incrementRetry: true);
        var failed = (await Store.Logs.GetAsync(saved[0].Id))!;
        Assert.Equal(500, failed.LastError!.Length);
        Assert.Equal(1, failed.RetryCount);
        await Assert.ThrowsAsync<ArgumentException>(() => Store.Logs.SetAnalysisAsync("p1", "bogus"));

        Assert.Equal("hello!", (await Store.Logs.UpdateContentAsync(saved[0].Id, "hello!"))!.Content);
        Assert.Null(await Store.Logs.UpdateContentAsync(999, "x"));

        var asc = await Store.Logs.ListSessionAsync("desktop", "s1", 50);
        Assert.Equal(["hello!", "hi!"], asc.Select(e => e.Content));
        var desc = await Store.Logs.ListSessionAsync("desktop", "s1", 1, descending: true);
        Assert.Equal(["hi!"], desc.Select(e => e.Content));
        Assert.Empty(await Store.Logs.ListSessionAsync("desktop", "s1", 50, T0.AddDays(1), T0.AddDays(2)));
        Assert.Equal(2, (await Store.Logs.ListSessionAsync("desktop", "s1", 50, T0, T0.AddDays(1))).Count);

        // Deleting the memory leaves the log with no dangling reference.
        await Store.Memories.DeleteAsync(m.Id);
        Assert.Null((await Store.Logs.GetAsync(saved[0].Id))!.MemoryId);

        Assert.Equal(2, await Store.Logs.DeletePairOfAsync(saved[1].Id));
        Assert.Equal(0, await Store.Logs.DeletePairOfAsync(saved[1].Id));

        await Assert.ThrowsAsync<ArgumentException>(() => Store.Logs.AddAsync([new ConversationLogEntry { SessionId = "s", Source = "d", Role = "robot", Content = "x" }]));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.Logs.AddAsync([new ConversationLogEntry { SessionId = "s", Source = "d", Role = "user", Content = "x", MetadataJson = "{oops" }]));
    }

    [Fact]
    public async Task Pet_state_is_created_once_and_updated_in_place()
    {
        Assert.Null(await Store.PetStates.GetCurrentAsync());
        var defaults = new PetStateRecord { Mood = "happy", Vibe = "lively", Mind = "thinking of you" };
        var first = await Store.PetStates.GetOrCreateAsync(defaults);
        var second = await Store.PetStates.GetOrCreateAsync(defaults with { Mood = "other" });
        Assert.Equal(first.Id, second.Id);
        Assert.Equal("happy", second.Mood);

        Clock.Advance(TimeSpan.FromSeconds(5));
        var saved = await Store.PetStates.SaveAsync(second with { Mood = "sleepy", IdleMessagesJson = "[\"zzz\"]" });
        Assert.Equal(first.Id, saved.Id);
        Assert.Equal("sleepy", (await Store.PetStates.GetCurrentAsync())!.Mood);
        Assert.Equal(T0.AddSeconds(5), saved.UpdatedAt);
        await Assert.ThrowsAsync<ArgumentException>(() => Store.PetStates.SaveAsync(saved with { IdleMessagesJson = "{}" }));
        Assert.Equal(1, await Store.PetStates.ClearAsync());
    }

    [Fact]
    public async Task Maintenance_records_are_listed_newest_first_and_undone_once()
    {
        var r1 = await Store.Maintenance.AddAsync(new MaintenanceRecord { Consolidated = 1, CreatedIdsJson = "[5]" });
        Clock.Advance(TimeSpan.FromMinutes(1));
        var r2 = await Store.Maintenance.AddAsync(new MaintenanceRecord { CleanedCount = 2, DeletedDataJson = "[{\"id\":1}]" });
        Assert.Equal([r2.Id, r1.Id], (await Store.Maintenance.ListRecentAsync()).Select(r => r.Id));
        Assert.True(await Store.Database.WriteAsync((tx, ct) => MaintenanceRecordRepository.MarkUndoneAsync(tx, r1.Id, 1, ct)));
        Assert.False(await Store.Database.WriteAsync((tx, ct) => MaintenanceRecordRepository.MarkUndoneAsync(tx, r1.Id, 2, ct)));
        Assert.NotNull((await Store.Maintenance.GetAsync(r1.Id))!.UndoneAt);
        await Assert.ThrowsAsync<ArgumentException>(() => Store.Maintenance.AddAsync(new MaintenanceRecord { ModifiedDataJson = "{\"archived_ids\":[1]}" }));
        Assert.True(await Store.Maintenance.DeleteAsync(r2.Id));
    }

    [Fact]
    public async Task Config_and_engine_state_are_separate_key_value_tables()
    {
        await Store.Config.SetManyAsync(new Dictionary<string, string> { ["owner_name"] = "Alice", ["user_persona"] = "curious" });
        await Store.Config.SetAsync("owner_name", "Bob");
        await Store.EngineState.SetAsync("embedding_model", "arctic:384");
        Assert.Equal(new Dictionary<string, string> { ["owner_name"] = "Bob", ["user_persona"] = "curious" }, await Store.Config.GetAllAsync());
        Assert.Equal("arctic:384", await Store.EngineState.GetAsync("embedding_model"));
        Assert.Null(await Store.Config.GetAsync("embedding_model"));
        Assert.True(await Store.Config.DeleteAsync("user_persona"));
        Assert.False(await Store.Config.DeleteAsync("user_persona"));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.Config.SetAsync(" ", "x"));
    }

    [Fact]
    public async Task Scheduled_tasks_crud_and_due_tasks_are_taken_once()
    {
        var t1 = await Store.ScheduledTasks.InsertAsync(new ScheduledTaskRecord { Type = "reminder", Time = T0.AddMinutes(5), Content = "drink water" });
        var t2 = await Store.ScheduledTasks.InsertAsync(new ScheduledTaskRecord { Type = "topic", Time = T0.AddHours(5), Content = "ask about the trip" });
        Assert.Equal([t1.Id, t2.Id], (await Store.ScheduledTasks.ListPendingAsync()).Select(t => t.Id));
        Assert.Equal([t1.Id], (await Store.ScheduledTasks.TakeDueAsync(T0.AddMinutes(10))).Select(t => t.Id));
        Assert.Empty(await Store.ScheduledTasks.TakeDueAsync(T0.AddMinutes(10)));
        Assert.Equal("ask later", (await Store.ScheduledTasks.UpdateAsync(t2.Id, t => t with { Content = "ask later" }))!.Content);
        Assert.True(await Store.ScheduledTasks.DeleteAsync(t2.Id));
        Assert.False(await Store.ScheduledTasks.DeleteAsync(t2.Id));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.ScheduledTasks.InsertAsync(new ScheduledTaskRecord { Type = "alarm", Time = T0, Content = "x" }));
    }

    [Fact]
    public async Task Model_cards_have_unique_names_and_validated_fields()
    {
        var card = await Store.Models.InsertAsync(new ModelConfigRecord { Name = "main", ModelId = "gpt-4o-mini", MaxTokens = 512, TopP = 0.9 });
        Assert.True(card.Stream);
        Assert.Equal(T0, card.CreatedAt);
        Assert.Equal(card, await Store.Models.GetByNameAsync("main"));
        var conflict = await Assert.ThrowsAsync<StoreConflictException>(() => Store.Models.InsertAsync(new ModelConfigRecord { Name = "main", ModelId = "x" }));
        Assert.Contains("'main'", conflict.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ArgumentException>(() => Store.Models.InsertAsync(new ModelConfigRecord { Name = "t", ModelId = "x", Temperature = 3 }));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.Models.InsertAsync(new ModelConfigRecord { Name = "t", ModelId = " " }));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.Models.InsertAsync(new ModelConfigRecord { Name = "t", ModelId = "x", ApiBase = "not a url" }));

        Clock.Advance(TimeSpan.FromMinutes(1));
        var updated = await Store.Models.UpdateAsync(card.Id, m => m with { Temperature = 0.2, ProviderType = "custom", ApiKey = "sk-1" });
        Assert.Equal((0.2, "custom", "sk-1", T0, T0.AddMinutes(1)), (updated!.Temperature, updated.ProviderType, updated.ApiKey, updated.CreatedAt, updated.UpdatedAt));
        Assert.Null(await Store.Models.UpdateAsync(999, m => m));
        Assert.Single(await Store.Models.ListAsync());
        Assert.True(await Store.Models.DeleteAsync(card.Id));
    }

    [Fact]
    public async Task Voice_configs_keep_one_active_per_type()
    {
        var a = await Store.Voices.InsertAsync(new VoiceConfigRecord { Type = "tts", Name = "A", Provider = "openai_compatible", IsActive = true });
        var b = await Store.Voices.InsertAsync(new VoiceConfigRecord { Type = "tts", Name = "B", Provider = "openai_compatible", IsActive = true });
        var s = await Store.Voices.InsertAsync(new VoiceConfigRecord { Type = "stt", Name = "S", Provider = "openai_compatible", IsActive = true });
        Assert.Equal(b.Id, (await Store.Voices.GetActiveAsync("tts"))!.Id);
        Assert.Equal(s.Id, (await Store.Voices.GetActiveAsync("stt"))!.Id);
        Assert.False((await Store.Voices.GetAsync(a.Id))!.IsActive);

        await Store.Voices.UpdateAsync(a.Id, v => v with { IsActive = true });
        Assert.Equal(a.Id, (await Store.Voices.GetActiveAsync("tts"))!.Id);
        await Assert.ThrowsAsync<StoreConflictException>(() => Store.Voices.UpdateAsync(b.Id, v => v with { Name = "A" }));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.Voices.InsertAsync(new VoiceConfigRecord { Type = "video", Name = "V", Provider = "x" }));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.Voices.InsertAsync(new VoiceConfigRecord { Type = "tts", Name = "V", Provider = "x", ConfigJson = "[]" }));
        Assert.True(await Store.Voices.DeleteAsync(b.Id));
        Assert.Equal(2, (await Store.Voices.ListAsync()).Count);
    }

    [Fact]
    public async Task Mcp_configs_validate_by_transport()
    {
        var stdio = await Store.McpServers.InsertAsync(new McpConfigRecord { Name = "files", Command = "mcp-files", ArgsJson = "[\"--root\",\"/tmp\"]" });
        var http = await Store.McpServers.InsertAsync(new McpConfigRecord { Name = "web", Type = "http", Url = "http://127.0.0.1:9999/mcp" });
        Assert.True(stdio.Enabled);
        Assert.Equal(2, (await Store.McpServers.ListAsync()).Count);
        await Assert.ThrowsAsync<ArgumentException>(() => Store.McpServers.InsertAsync(new McpConfigRecord { Name = "x" }));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.McpServers.InsertAsync(new McpConfigRecord { Name = "x", Type = "sse" }));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.McpServers.InsertAsync(new McpConfigRecord { Name = "x", Command = "c", EnvJson = "[1]" }));
        await Assert.ThrowsAsync<StoreConflictException>(() => Store.McpServers.InsertAsync(new McpConfigRecord { Name = "web", Command = "c" }));
        Assert.False((await Store.McpServers.UpdateAsync(http.Id, m => m with { Enabled = false }))!.Enabled);
        Assert.True(await Store.McpServers.DeleteAsync(stdio.Id));
    }
}
