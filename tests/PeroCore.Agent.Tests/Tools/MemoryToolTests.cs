using PeroCore.Agent.Prompts;
using PeroCore.Memory.Ingestion;
using PeroCore.Memory.Storage;

namespace PeroCore.Agent.Tests.Tools;

/// <summary>The MemoryOps tools through NIT against a real store.</summary>
public sealed class MemoryToolTests : IAsyncLifetime
{
    private ToolHarness _h = null!;

    public async Task InitializeAsync() => _h = await ToolHarness.StartAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task Save_then_search_shows_each_memory_with_its_score_breakdown()
    {
        var saved = await _h.OkAsync("save_memory(content=\"The owner's cat is called Mochi\", tags=[\"cat\", \"pet\"], importance=8)");
        Assert.Contains("Saved memory", saved, StringComparison.Ordinal);
        await _h.OkAsync("save_memory(content=\"The owner works as a nurse\", tags=\"work\", importance=5)");
        await _h.Engine.WaitForIndexingAsync();

        var found = await _h.OkAsync("search_memories(query=\"Mochi the cat\", limit=2)");
        var first = found.Split('\n')[0];
        Assert.Contains("The owner's cat is called Mochi", first, StringComparison.Ordinal);
        Assert.Matches(@"score [0-9.]+ = semantic [0-9.]+, lexical [0-9.]+, activation [0-9.]+, importance [0-9.]+, recency [0-9.]+", found);
        Assert.Contains("tags: cat, pet", found, StringComparison.Ordinal);
        Assert.Contains("importance 8", found, StringComparison.Ordinal);

        Assert.Contains("语义", await _h.OkAsync("search_memories(query=\"Mochi\")", PromptLanguage.Chinese), StringComparison.Ordinal);
        Assert.Contains("must not be empty", await _h.ErrorAsync("search_memories(query=\" \")"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Update_changes_only_the_given_fields_and_refuses_bad_values()
    {
        var m = await _h.Engine.AddAsync(new NewMemory { Content = "The owner likes tea", Tags = ["drink"], Importance = 4 });
        await _h.OkAsync($"update_memory(id={m.Id}, content=\"The owner likes green tea\", importance=7)");
        var row = await _h.Store.Memories.GetAsync(m.Id);
        Assert.Equal("The owner likes green tea", row!.Content);
        Assert.Equal(7, row.Importance);
        Assert.Equal(["drink"], row.Tags);

        await _h.OkAsync($"update_memory(id={m.Id}, tags=\"drink, morning\", type=\"preference\")");
        row = await _h.Store.Memories.GetAsync(m.Id);
        Assert.Equal(["drink", "morning"], row!.Tags);
        Assert.Equal("preference", row.Type);

        Assert.Contains("does not exist", await _h.ErrorAsync("update_memory(id=99999, content=\"x\")"), StringComparison.Ordinal);
        Assert.Contains("between 0 and 10", await _h.ErrorAsync($"update_memory(id={m.Id}, importance=11)"), StringComparison.Ordinal);
        Assert.Contains("Nothing to change", await _h.ErrorAsync($"update_memory(id={m.Id})"), StringComparison.Ordinal);
        Assert.Equal("The owner likes green tea", (await _h.Store.Memories.GetAsync(m.Id))!.Content);
    }

    [Fact]
    public async Task Forget_archives_with_a_history_row_so_recall_leaves_it_out_and_a_revert_brings_it_back()
    {
        var m = await _h.Engine.AddAsync(new NewMemory { Content = "The owner's old phone number ends in 4417" });
        await _h.Engine.WaitForIndexingAsync();

        Assert.Contains("Forgot memory", await _h.OkAsync($"forget_memory(id={m.Id})"), StringComparison.Ordinal);

        var row = await _h.Store.Memories.GetAsync(m.Id);
        Assert.NotNull(row); // archived, not deleted
        Assert.NotNull(row.ArchivedAt);
        Assert.DoesNotContain("4417", await _h.OkAsync("search_memories(query=\"old phone number 4417\")"), StringComparison.Ordinal);
        var history = await _h.Engine.GetHistoryAsync(m.Id);
        var archive = Assert.Single(history, e => e.Op == "archive");
        Assert.Equal("tool", archive.Actor);

        await _h.Engine.RevertAsync(m.Id, archive.Id, Memory.History.ChangeOrigin.Api);
        Assert.Null((await _h.Store.Memories.GetAsync(m.Id))!.ArchivedAt);
        Assert.Contains("does not exist", await _h.ErrorAsync("forget_memory(id=99999)"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Relate_links_two_memories_and_refuses_unknown_types_and_missing_memories()
    {
        var a = await _h.Engine.AddAsync(new NewMemory { Content = "The owner failed the exam" });
        var b = await _h.Engine.AddAsync(new NewMemory { Content = "The owner was sad all week" });
        var text = await _h.OkAsync($"relate_memories(source_id={a.Id}, target_id={b.Id}, relation_type=\"causal\", strength=0.9, description=\"exam made them sad\")");
        Assert.Contains("causal", text, StringComparison.Ordinal);
        var relation = Assert.Single(await _h.Engine.RelationsOfAsync(a.Id), r => r.RelationType == "causal");
        Assert.Equal(0.9, relation.Strength, 3);
        Assert.Equal("exam made them sad", relation.Description);

        Assert.Contains("Unknown relation_type", await _h.ErrorAsync($"relate_memories(source_id={a.Id}, target_id={b.Id}, relation_type=\"friends\")"), StringComparison.Ordinal);
        Assert.Contains("does not exist", await _h.ErrorAsync($"relate_memories(source_id={a.Id}, target_id=424242)"), StringComparison.Ordinal);
        Assert.Contains("between 0 and 1", await _h.ErrorAsync($"relate_memories(source_id={a.Id}, target_id={b.Id}, strength=2)"), StringComparison.Ordinal);
        Assert.Contains("itself", await _h.ErrorAsync($"relate_memories(source_id={a.Id}, target_id={a.Id})"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Recent_history_shows_this_session_by_default_and_another_on_request()
    {
        await _h.Store.Logs.AddAsync(
        [
            new ConversationLogEntry { SessionId = "default", Source = "desktop", Role = "user", Content = "good morning", Timestamp = DateTimeOffset.UtcNow.AddMinutes(-2) },
            new ConversationLogEntry { SessionId = "default", Source = "desktop", Role = "assistant", Content = "morning!", Timestamp = DateTimeOffset.UtcNow.AddMinutes(-1) },
            new ConversationLogEntry { SessionId = "other", Source = "desktop", Role = "user", Content = "other session text", Timestamp = DateTimeOffset.UtcNow },
        ]);
        var text = await _h.OkAsync("recent_history(limit=5)");
        var lines = text.Split('\n');
        Assert.Equal(2, lines.Length);
        Assert.EndsWith("user: good morning", lines[0], StringComparison.Ordinal);
        Assert.EndsWith("assistant: morning!", lines[1], StringComparison.Ordinal);
        Assert.Contains("other session text", await _h.OkAsync("recent_history(session=\"other\")"), StringComparison.Ordinal);
        Assert.Contains("No messages", await _h.OkAsync("recent_history(session=\"nobody\")"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Memories_are_read_by_cluster_with_or_without_brackets()
    {
        var a = await _h.Engine.AddAsync(new NewMemory { Content = "Likes strawberries" });
        var b = await _h.Engine.AddAsync(new NewMemory { Content = "Works night shifts" });
        var c = await _h.Engine.AddAsync(new NewMemory { Content = "Hates mornings" });
        await _h.Engine.UpdateAsync(a.Id, new MemoryEdit { Clusters = "[情感偏好簇]" });
        await _h.Engine.UpdateAsync(b.Id, new MemoryEdit { Clusters = "[工作簇]" });
        await _h.Engine.UpdateAsync(c.Id, new MemoryEdit { Clusters = "[情感偏好簇],[工作簇]" });

        var likes = await _h.OkAsync("memories_by_cluster(cluster=\"情感偏好簇\")");
        Assert.Contains("Likes strawberries", likes, StringComparison.Ordinal);
        Assert.Contains("Hates mornings", likes, StringComparison.Ordinal);
        Assert.DoesNotContain("night shifts", likes, StringComparison.Ordinal);
        var work = await _h.OkAsync("read_memory_by_cluster(cluster=\"[工作簇]\")");
        Assert.Contains("night shifts", work, StringComparison.Ordinal);
        Assert.DoesNotContain("strawberries", work, StringComparison.Ordinal);

        Assert.Contains("[情感偏好簇] (2)", await _h.OkAsync("memories_by_cluster()"), StringComparison.Ordinal);
        Assert.Contains("Known clusters", await _h.OkAsync("memories_by_cluster(cluster=\"nothing\")"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_memory_tool_is_in_plugin_MemoryOps_with_a_complete_schema()
    {
        var names = new[] { "recall_memories", "save_memory", "search_memories", "update_memory", "relate_memories", "recent_history", "memories_by_cluster" };
        foreach (var name in names)
        {
            var tool = _h.Registry.Find(name);
            Assert.NotNull(tool);
            Assert.Equal("MemoryOps", tool.Plugin);
            Assert.False(string.IsNullOrWhiteSpace(tool.Description));
            foreach (var p in tool.ParametersSchema.GetProperty("properties").EnumerateObject())
            {
                Assert.True(p.Value.TryGetProperty("description", out _), $"{name}.{p.Name} has no description");
            }
        }

        var save = _h.Registry.Find("save_memory")!;
        Assert.Equal(["content", "tags", "importance"], save.Parameters.Select(p => p.Name));
    }
}
