using PeroCore.Memory.History;
using PeroCore.Memory.Ingestion;
using PeroCore.Memory.Recall;
using PeroCore.Memory.Storage;
using PeroCore.Memory.Tests.Engine;

namespace PeroCore.Memory.Tests.History;

/// <summary>History rows for every kind of change, reverts that put rows back byte for byte, archive, purge.</summary>
public sealed class MemoryHistoryTests
{
    [Fact]
    public async Task An_edit_writes_a_history_row_and_its_revert_restores_the_store_byte_for_byte()
    {
        await using var h = await HistoryFixture.StartAsync();
        var memories = await HistoryFixture.FillAsync(h);
        var dump = await StoreDump.TakeAsync(h.Store);
        var top = await HistoryFixture.TopTenAsync(h);

        var target = memories[3];
        await h.Engine.UpdateAsync(target.Id, new MemoryEdit
        {
            Content = "The owner gave up the cello and took up the drums",
            Tags = ["music", "hobby"],
            Importance = 9,
            Timestamp = EngineHarness.Now - TimeSpan.FromHours(1),
        }, ChangeOrigin.Api);
        await h.Engine.WaitForLinkingAsync();
        Assert.NotEqual(dump, await StoreDump.TakeAsync(h.Store));

        var history = await h.Engine.GetHistoryAsync(target.Id);
        var update = history[0];
        Assert.Equal(MemoryHistoryOps.Update, update.Op);
        Assert.Equal("api", update.Actor);
        Assert.Equal("The owner is learning to play the cello on weekends", update.Before!["memory"]!["content"]!.GetValue<string>());
        Assert.Equal("The owner gave up the cello and took up the drums", update.After!["memory"]!["content"]!.GetValue<string>());
        Assert.NotNull(update.Before["memory"]!["embedding"]!["base64"]);
        Assert.Equal(MemoryHistoryOps.Create, history[^1].Op);

        var revert = await h.Engine.RevertAsync(target.Id, update.Id, ChangeOrigin.Api);
        Assert.Equal(MemoryHistoryOps.Revert, revert.Op);
        Assert.Equal(dump, await StoreDump.TakeAsync(h.Store));
        Assert.Equal(top, await HistoryFixture.TopTenAsync(h));
    }

    [Fact]
    public async Task A_revert_can_itself_be_reverted()
    {
        await using var h = await HistoryFixture.StartAsync();
        var memories = await HistoryFixture.FillAsync(h);
        await h.Engine.UpdateAsync(memories[0].Id, new MemoryEdit { Content = "The owner now drinks only water" }, ChangeOrigin.Api);
        await h.Engine.WaitForLinkingAsync();
        var edited = await StoreDump.TakeAsync(h.Store);
        var update = (await h.Engine.GetHistoryAsync(memories[0].Id))[0];

        var revert = await h.Engine.RevertAsync(memories[0].Id, update.Id, ChangeOrigin.Api);
        Assert.Equal("The owner drinks oolong tea every morning before work", (await h.Store.Memories.GetAsync(memories[0].Id))!.Content);
        await h.Engine.RevertAsync(memories[0].Id, revert.Id, ChangeOrigin.Api);
        Assert.Equal(edited, await StoreDump.TakeAsync(h.Store));
    }

    [Fact]
    public async Task A_delete_is_reverted_with_its_relations_links_vector_and_full_text()
    {
        await using var h = await HistoryFixture.StartAsync();
        var memories = await HistoryFixture.FillAsync(h);
        var dump = await StoreDump.TakeAsync(h.Store);
        var top = await HistoryFixture.TopTenAsync(h);

        Assert.True(await h.Engine.DeleteAsync(memories[5].Id, ChangeOrigin.Api));
        Assert.Null(await h.Store.Memories.GetAsync(memories[5].Id));
        var delete = (await h.Engine.GetHistoryAsync(memories[5].Id))[0];
        Assert.Equal(MemoryHistoryOps.Delete, delete.Op);
        Assert.Null(delete.After);

        await h.Engine.RevertAsync(memories[5].Id, delete.Id, ChangeOrigin.Api);
        Assert.Equal(dump, await StoreDump.TakeAsync(h.Store));
        Assert.Equal(top, await HistoryFixture.TopTenAsync(h));
        Assert.Contains(memories[5].Id, (await h.Engine.SearchFullTextAsync("vaccine", 5)).Select(x => x.Id));
    }

    [Fact]
    public async Task Reverting_a_create_removes_the_memory_and_history_keeps_it()
    {
        await using var h = await HistoryFixture.StartAsync();
        await HistoryFixture.FillAsync(h);
        var dump = await StoreDump.TakeAsync(h.Store);
        var added = await h.Engine.AddAsync(new NewMemory { Content = "A brand new memory about violins", Tags = ["violin"] }, ChangeOrigin.Tool);
        await h.Engine.WaitForLinkingAsync();
        var create = Assert.Single(await h.Engine.GetHistoryAsync(added.Id));
        Assert.Equal(("create", "tool"), (create.Op, create.Actor));
        Assert.Null(create.Before);

        await h.Engine.RevertAsync(added.Id, create.Id, ChangeOrigin.Api);
        Assert.Null(await h.Store.Memories.GetAsync(added.Id));
        Assert.Equal(dump, await StoreDump.TakeAsync(h.Store)); // the new tag row "violin" went too
        Assert.Equal(2, (await h.Engine.GetHistoryAsync(added.Id)).Count);
        var again = await Assert.ThrowsAsync<HistoryConflictException>(() => h.Engine.RevertAsync(added.Id, create.Id, ChangeOrigin.Api));
        Assert.Contains("does not exist", again.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Relations_made_and_removed_are_in_the_history_of_both_ends()
    {
        await using var h = await HistoryFixture.StartAsync();
        var memories = await HistoryFixture.FillAsync(h);
        var dump = await StoreDump.TakeAsync(h.Store);
        var relation = await h.Engine.RelateAsync(memories[9].Id, memories[16].Id, RelationTypes.DerivedFrom, 0.9, "same bicycle", ChangeOrigin.Mcp);
        Assert.Equal(MemoryHistoryOps.Relate, (await h.Engine.GetHistoryAsync(memories[9].Id))[0].Op);
        Assert.Equal("mcp", (await h.Engine.GetHistoryAsync(memories[16].Id))[0].Actor);
        var relate = (await h.Engine.GetHistoryAsync(memories[9].Id))[0];
        await h.Engine.RevertAsync(memories[9].Id, relate.Id, ChangeOrigin.Api);
        Assert.Equal(dump, await StoreDump.TakeAsync(h.Store));
        Assert.Null(await h.Store.Relations.GetAsync(relation.Id));

        var existing = (await h.Engine.RelationsOfAsync(memories[1].Id)).Single(r => r.RelationType == RelationTypes.Causal);
        Assert.True(await h.Engine.UnrelateAsync(existing.Id, ChangeOrigin.Api));
        var unrelate = (await h.Engine.GetHistoryAsync(memories[5].Id))[0];
        Assert.Equal(MemoryHistoryOps.Unrelate, unrelate.Op);
        await h.Engine.RevertAsync(memories[5].Id, unrelate.Id, ChangeOrigin.Api);
        Assert.Equal(dump, await StoreDump.TakeAsync(h.Store));
    }

    [Fact]
    public async Task An_import_writes_one_history_row_per_batch_and_a_memory_of_it_can_be_reverted()
    {
        await using var h = await HistoryFixture.StartAsync();
        await HistoryFixture.FillAsync(h);
        var before = await StoreDump.CountAsync(h.Store, "SELECT count(*) FROM memory_history");
        var result = await h.Engine.ImportAsync(
            [.. Enumerable.Range(0, 5).Select(i => new NewMemory { Content = $"imported note number {i} about gardening", Tags = ["garden"] })],
            origin: ChangeOrigin.Import);
        Assert.Equal(before + 1, await StoreDump.CountAsync(h.Store, "SELECT count(*) FROM memory_history"));
        var row = Assert.Single(await h.Engine.GetHistoryAsync(result.Ids[2]));
        Assert.Equal((MemoryHistoryOps.Import, "import"), (row.Op, row.Actor));
        Assert.Equal(5, row.After!["ids"]!.AsArray().Count);

        await h.Engine.RevertAsync(result.Ids[2], row.Id, ChangeOrigin.Api);
        Assert.Null(await h.Store.Memories.GetAsync(result.Ids[2]));
        Assert.NotNull(await h.Store.Memories.GetAsync(result.Ids[3]));
    }

    [Fact]
    public async Task Archived_memories_leave_recall_and_lists_unless_asked_and_come_back()
    {
        await using var h = await HistoryFixture.StartAsync();
        var memories = await HistoryFixture.FillAsync(h);
        var vet = memories[5];
        Assert.Contains(vet.Id, (await h.RecallAsync("vet vaccine")).Memories.Select(m => m.Memory.Id));

        var archived = await h.Engine.ArchiveAsync(vet.Id, ChangeOrigin.System);
        Assert.NotNull(archived!.ArchivedAt);
        Assert.Equal(MemoryHistoryOps.Archive, (await h.Engine.GetHistoryAsync(vet.Id))[0].Op);
        Assert.DoesNotContain(vet.Id, (await h.RecallAsync("vet vaccine")).Memories.Select(m => m.Memory.Id));
        Assert.Contains(vet.Id, (await h.RecallAsync("vet vaccine", new RecallFilter { IncludeArchived = true })).Memories.Select(m => m.Memory.Id));
        Assert.DoesNotContain(vet.Id, (await h.Store.Memories.ListAsync(new MemoryListQuery { Limit = 100 })).Select(m => m.Id));
        Assert.Contains(vet.Id, (await h.Store.Memories.ListAsync(new MemoryListQuery { Limit = 100, IncludeArchived = true })).Select(m => m.Id));

        var back = await h.Engine.UnarchiveAsync(vet.Id, ChangeOrigin.Api);
        Assert.Null(back!.ArchivedAt);
        Assert.Contains(vet.Id, (await h.RecallAsync("vet vaccine")).Memories.Select(m => m.Memory.Id));
    }

    [Fact]
    public async Task A_purge_leaves_no_history_row_mentioning_the_memory()
    {
        await using var h = await HistoryFixture.StartAsync();
        var memories = await HistoryFixture.FillAsync(h);
        var secret = memories[8];
        await h.Engine.UpdateAsync(secret.Id, new MemoryEdit { Content = "The owner's sister Hanako is visiting next month" }, ChangeOrigin.Api);
        await h.Engine.RelateAsync(secret.Id, memories[15].Id, RelationTypes.Associative, 0.7, "sister", ChangeOrigin.Api);
        var imported = await h.Engine.ImportAsync([new NewMemory { Content = "imported one" }, new NewMemory { Content = "imported two" }], origin: ChangeOrigin.Import);

        var report = await h.Engine.PurgeAsync(secret.Id);
        var report2 = await h.Engine.PurgeAsync(imported.Ids[0]);
        Assert.True(report.MemoryDeleted);
        Assert.True(report.HistoryRowsDeleted >= 3);
        Assert.True(report.HistoryRowsRewritten >= 1);
        Assert.True(report2.HistoryRowsRewritten >= 1);
        Assert.Null(await h.Store.Memories.GetAsync(secret.Id));
        Assert.Empty(await h.Engine.GetHistoryAsync(secret.Id));
        Assert.Empty(await h.Engine.GetHistoryAsync(imported.Ids[0]));
        Assert.Single(await h.Engine.GetHistoryAsync(imported.Ids[1]));
        Assert.Equal(0, await StoreDump.CountAsync(h.Store, "SELECT count(*) FROM memory_history WHERE memory_id = $id", ("$id", secret.Id)));
        Assert.Equal(0, await StoreDump.CountAsync(h.Store, "SELECT count(*) FROM memory_history WHERE instr(coalesce(before_json, '') || coalesce(after_json, ''), 'Hanako') > 0 OR instr(coalesce(before_json, '') || coalesce(after_json, ''), 'sister is visiting') > 0"));
        var mentions = await h.Store.Database.ReadAsync((c, ct) => c.QueryAsync(null,
            "SELECT count(*) FROM memory_history h, json_tree(coalesce(h.before_json, '{}')) t WHERE t.key IN ('source_id', 'target_id', 'prev_id', 'next_id', 'memory_id') AND t.atom = $id",
            r => r.GetInt64(0), ct, ("$id", secret.Id)));
        Assert.Equal(0, mentions[0]);
        var mentionsAfter = await h.Store.Database.ReadAsync((c, ct) => c.QueryAsync(null,
            "SELECT count(*) FROM memory_history h, json_tree(coalesce(h.after_json, '{}')) t WHERE (t.key IN ('source_id', 'target_id', 'prev_id', 'next_id', 'memory_id') OR t.path LIKE '$.ids%') AND t.atom IN ($a, $b)",
            r => r.GetInt64(0), ct, ("$a", secret.Id), ("$b", imported.Ids[0])));
        Assert.Equal(0, mentionsAfter[0]);
    }
}
