using PeroCore.Memory.History;
using PeroCore.Memory.Ingestion;
using PeroCore.Memory.Storage;
using PeroCore.Memory.Tests.Engine;

namespace PeroCore.Memory.Tests.History;

/// <summary>Batches applied all or nothing, and the exact undo of a maintenance run.</summary>
public sealed class BatchAndUndoTests
{
    private static IReadOnlyList<MemoryOperation> Consolidation(IReadOnlyList<MemoryRecord> m) =>
    [
        MemoryOperation.Add(new NewMemory
        {
            Content = "Mochi the cat: sleeps on the keyboard, went to the vet, knocks glasses over",
            Tags = ["pets", "mochi-summary"],
            Importance = 6,
            Type = "narrative",
            Timestamp = EngineHarness.Now - TimeSpan.FromHours(10),
        },
        [
            new BatchRelation(0, m[1].Id, RelationTypes.DerivedFrom, 1.0, "merged"),
            new BatchRelation(0, m[5].Id, RelationTypes.DerivedFrom, 1.0, "merged"),
            new BatchRelation(0, m[18].Id, RelationTypes.DerivedFrom, 1.0, "merged"),
        ], MemoryHistoryOps.Merge),
        MemoryOperation.Archive(m[1].Id),
        MemoryOperation.Archive(m[5].Id),
        MemoryOperation.Archive(m[18].Id),
        MemoryOperation.Update(m[0].Id, new MemoryEdit { Importance = 9, Tags = ["daily", "preference"] }),
        MemoryOperation.Update(m[6].Id, new MemoryEdit { Content = "The owner prefers green tea over coffee, always without sugar" }),
        MemoryOperation.Relate(m[0].Id, m[6].Id, RelationTypes.Thematic, 0.7, "tea"),
        MemoryOperation.Relate(-1, m[17].Id, RelationTypes.Associative, 0.3),
    ];

    [Fact]
    public async Task A_batch_run_is_applied_in_one_go_and_its_undo_restores_the_store_and_recall_exactly()
    {
        await using var h = await HistoryFixture.StartAsync();
        var m = await HistoryFixture.FillAsync(h);
        var dump = await StoreDump.TakeAsync(h.Store);
        var top = await HistoryFixture.TopTenAsync(h);

        var result = await h.Engine.ApplyBatchAsync(Consolidation(m), ChangeOrigin.Secretary(7));
        await h.Engine.WaitForLinkingAsync();
        var merged = Assert.Single(result.CreatedIds);
        Assert.NotNull((await h.Store.Memories.GetAsync(m[5].Id))!.ArchivedAt);
        Assert.Equal(3, (await h.Engine.RelationsOfAsync(merged)).Count(r => r.RelationType == RelationTypes.DerivedFrom));
        Assert.NotEqual(top, await HistoryFixture.TopTenAsync(h));

        var changes = await h.Engine.GetRunChangesAsync(7);
        Assert.Equal(result.HistoryIds, changes.Select(c => c.Id));
        Assert.All(changes, c => Assert.Equal(("secretary", 7L), (c.Actor, c.RunId!.Value)));
        Assert.Contains(changes, c => c.Op == MemoryHistoryOps.Merge && c.MemoryId == merged);

        var reverted = await h.Engine.UndoRunAsync(7, ChangeOrigin.Api);
        Assert.Equal(changes.Count, reverted.Count);
        Assert.Null(await h.Store.Memories.GetAsync(merged));
        Assert.Equal(dump, await StoreDump.TakeAsync(h.Store));
        Assert.Equal(top, await HistoryFixture.TopTenAsync(h));
        Assert.NotEmpty(await h.Engine.GetHistoryAsync(merged)); // history keeps the removed memory

        var twice = await Assert.ThrowsAsync<HistoryConflictException>(() => h.Engine.UndoRunAsync(7, ChangeOrigin.Api));
        Assert.Contains("already undone", twice.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_undo_after_a_later_change_is_refused_naming_it_and_writes_nothing()
    {
        await using var h = await HistoryFixture.StartAsync();
        var m = await HistoryFixture.FillAsync(h);
        await h.Engine.ApplyBatchAsync(Consolidation(m), ChangeOrigin.Secretary(3));
        await h.Engine.ApplyBatchAsync([MemoryOperation.Update(m[6].Id, new MemoryEdit { Importance = 2 })], ChangeOrigin.Secretary(4));
        await h.Engine.WaitForLinkingAsync();
        var dump = await StoreDump.TakeAsync(h.Store);
        var rows = await StoreDump.CountAsync(h.Store, "SELECT count(*) FROM memory_history");

        var refused = await Assert.ThrowsAsync<HistoryConflictException>(() => h.Engine.UndoRunAsync(3, ChangeOrigin.Api));
        Assert.Equal(4, refused.ConflictingRunId);
        Assert.Equal("secretary", refused.ConflictingActor);
        Assert.Equal(m[6].Id, refused.MemoryId);
        Assert.Contains("run 4", refused.Message, StringComparison.Ordinal);
        Assert.Equal(dump, await StoreDump.TakeAsync(h.Store));
        Assert.Equal(rows, await StoreDump.CountAsync(h.Store, "SELECT count(*) FROM memory_history"));

        // Undo the later run first; then the older one goes through.
        await h.Engine.UndoRunAsync(4, ChangeOrigin.Api);
        await h.Engine.UndoRunAsync(3, ChangeOrigin.Api);
        Assert.Null((await h.Store.Memories.GetAsync(m[5].Id))!.ArchivedAt);
    }

    [Theory]
    [InlineData("unknown-memory")]
    [InlineData("bad-type")]
    [InlineData("blank-content")]
    [InlineData("unknown-relation")]
    [InlineData("forward-reference")]
    public async Task A_batch_with_one_bad_operation_writes_nothing(string bad)
    {
        await using var h = await HistoryFixture.StartAsync();
        var m = await HistoryFixture.FillAsync(h);
        var dump = await StoreDump.TakeAsync(h.Store);
        var top = await HistoryFixture.TopTenAsync(h);
        var rows = await StoreDump.CountAsync(h.Store, "SELECT count(*) FROM memory_history");
        MemoryOperation last = bad switch
        {
            "unknown-memory" => MemoryOperation.Archive(999_999),
            "bad-type" => MemoryOperation.Relate(m[0].Id, m[1].Id, "friendship", 0.5),
            "blank-content" => MemoryOperation.Add(new NewMemory { Content = "   " }),
            "unknown-relation" => MemoryOperation.Unrelate(999_999),
            _ => MemoryOperation.Relate(-2, m[1].Id, RelationTypes.Causal, 0.5),
        };

        var ex = await Assert.ThrowsAnyAsync<Exception>(() => h.Engine.ApplyBatchAsync([.. Consolidation(m), last], ChangeOrigin.Secretary(1)));
        Assert.True(ex is ArgumentException or KeyNotFoundException, ex.ToString());
        await h.Engine.WaitForLinkingAsync();
        Assert.Equal(dump, await StoreDump.TakeAsync(h.Store));
        Assert.Equal(rows, await StoreDump.CountAsync(h.Store, "SELECT count(*) FROM memory_history"));
        Assert.Equal(top, await HistoryFixture.TopTenAsync(h));
        Assert.Empty(await h.Engine.GetRunChangesAsync(1));
    }
}
