using PeroCore.Memory.History;
using PeroCore.Memory.Recall;
using PeroCore.Memory.Storage;
using PeroCore.Memory.Tests.Engine;

namespace PeroCore.Memory.Tests.History;

/// <summary>The forgetting pass archives weak, unused memories (never deletes them) and history retention prunes by age.</summary>
public sealed class ForgettingTests
{
    [Fact]
    public async Task Unused_unimportant_memories_are_archived_used_or_important_ones_stay_and_the_pass_can_be_undone()
    {
        await using var h = await HistoryFixture.StartAsync();
        var now = EngineHarness.Now;
        async Task<long> Add(string content, int importance, double idleDays, int accessCount)
        {
            var m = await h.Engine.AddAsync(new NewMemory { Content = content, Importance = importance, Timestamp = now.AddDays(-idleDays) });
            var last = now.AddDays(-idleDays).ToUnixTimeMilliseconds();
            await h.Store.Database.WriteAsync((tx, ct) => tx.Connection!.ExecuteAsync(tx, "UPDATE memory SET last_accessed = $l, access_count = $a WHERE id = $id", ct,
                ("$l", last), ("$a", accessCount), ("$id", m.Id)));
            return m.Id;
        }

        var faded = await Add("a passing remark about the weather long ago", 1, 200, 0);
        var important = await Add("the owner's birthday is on the ninth of May", 9, 200, 0);
        var used = await Add("the owner's favourite tea is oolong", 1, 100, 40);
        var recent = await Add("the owner went for a walk yesterday", 0, 2, 0);
        var options = new ForgettingOptions { HalfLifeDays = 90, Threshold = 0.5, MinIdleDays = 30, AccessWeight = 0.5 };
        Assert.True(options.Strength(1, 0, now.AddDays(-200), now) < 0.5);
        Assert.True(options.Strength(1, 40, now.AddDays(-100), now) > options.Strength(1, 0, now.AddDays(-100), now));

        var report = await h.Engine.ForgetAsync(ChangeOrigin.Secretary(12), options);

        Assert.Equal([faded], report.Archived);
        Assert.Equal(3, report.Examined); // the recent one is not even weighed
        Assert.NotNull((await h.Store.Memories.GetAsync(faded))!.ArchivedAt);
        foreach (var id in new[] { important, used, recent })
        {
            Assert.Null((await h.Store.Memories.GetAsync(id))!.ArchivedAt);
        }

        Assert.DoesNotContain(faded, (await h.RecallAsync("weather remark", RecallFilter.None, RecallOptions.Default)).Memories.Select(m => m.Memory.Id));
        var change = Assert.Single(await h.Engine.GetRunChangesAsync(12));
        Assert.Equal((faded, MemoryHistoryOps.Archive, "secretary"), (change.MemoryId!.Value, change.Op, change.Actor));

        Assert.Empty((await h.Engine.ForgetAsync(ChangeOrigin.System, options)).Archived); // already archived: nothing more
        await h.Engine.UndoRunAsync(12, ChangeOrigin.Api);
        Assert.Null((await h.Store.Memories.GetAsync(faded))!.ArchivedAt);
    }

    [Fact]
    public async Task History_older_than_the_retention_is_pruned_by_age_only()
    {
        await using var h = await HistoryFixture.StartAsync();
        var old = await h.Engine.AddAsync(new NewMemory { Content = "an old memory" });
        await h.Store.Database.WriteAsync((tx, ct) => tx.Connection!.ExecuteAsync(tx, "UPDATE memory_history SET created_at = created_at - $d", ct,
            ("$d", (long)TimeSpan.FromDays(400).TotalMilliseconds)));
        var fresh = await h.Engine.AddAsync(new NewMemory { Content = "a fresh memory" });

        Assert.Equal(1, await h.Engine.PruneHistoryAsync(TimeSpan.FromDays(365)));
        Assert.Empty(await h.Engine.GetHistoryAsync(old.Id));
        Assert.Single(await h.Engine.GetHistoryAsync(fresh.Id));
        Assert.NotNull(await h.Store.Memories.GetAsync(old.Id)); // only history goes, never the memory
    }
}
