using Microsoft.Data.Sqlite;
using PeroCore.Memory.Storage;

namespace PeroCore.Memory.Tests.Storage;

/// <summary>The claim that makes delivery exactly-once, at the table level.</summary>
public sealed class ScheduledTaskClaimTests : StoreTestBase
{
    [Fact]
    public async Task A_due_task_is_claimed_by_one_caller_and_a_failed_attempt_waits_for_its_retry()
    {
        var t = await Store.ScheduledTasks.InsertAsync(new ScheduledTaskRecord { Type = "reminder", Time = T0.AddMinutes(5), Content = "drink water" });
        Assert.Equal(T0.AddMinutes(5), await Store.ScheduledTasks.NextDueAsync());
        Assert.Empty(await Store.ScheduledTasks.ClaimDueAsync(T0));

        var claims = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => i % 2 == 0
            ? Store.ScheduledTasks.ClaimDueAsync(T0.AddMinutes(6))
            : Store.ScheduledTasks.TakeDueAsync(T0.AddMinutes(6))));
        Assert.Equal(1, claims.Sum(c => c.Count));
        var winner = claims.Single(c => c.Count == 1)[0];
        Assert.Equal(1, winner.Attempts);
        Assert.True(winner.IsTriggered);
        Assert.Empty(await Store.ScheduledTasks.ListPendingAsync());

        if (winner.Status == ScheduledTaskStatus.Claimed)
        {
            await Store.ScheduledTasks.MarkAttemptFailedAsync([t.Id], "LLM 500", T0.AddMinutes(7));
            var retrying = (await Store.ScheduledTasks.GetAsync(t.Id))!;
            Assert.Equal(ScheduledTaskStatus.Pending, retrying.Status);
            Assert.False(retrying.IsTriggered);
            Assert.Equal("LLM 500", retrying.LastError);
            Assert.Empty(await Store.ScheduledTasks.ClaimDueAsync(T0.AddMinutes(6).AddSeconds(59)));
            Assert.Equal(T0.AddMinutes(7), await Store.ScheduledTasks.NextDueAsync());
            Assert.Single(await Store.ScheduledTasks.ClaimDueAsync(T0.AddMinutes(7)));
            await Store.ScheduledTasks.MarkAttemptFailedAsync([t.Id], "LLM 500 again", null);
            var failed = (await Store.ScheduledTasks.GetAsync(t.Id))!;
            Assert.Equal(ScheduledTaskStatus.Failed, failed.Status);
            Assert.Equal(2, failed.Attempts);
        }
        else
        {
            Assert.Equal("poll", winner.DeliveredVia);
        }

        Assert.Empty(await Store.ScheduledTasks.ClaimDueAsync(T0.AddDays(1)));
        Assert.Null(await Store.ScheduledTasks.NextDueAsync());
    }

    [Fact]
    public async Task Claims_left_by_a_stopped_process_are_released_and_delivered_tasks_stay_delivered()
    {
        var a = await Store.ScheduledTasks.InsertAsync(new ScheduledTaskRecord { Type = "reminder", Time = T0, Content = "a" });
        var b = await Store.ScheduledTasks.InsertAsync(new ScheduledTaskRecord { Type = "topic", Time = T0, Content = "b" });
        Assert.Equal(2, (await Store.ScheduledTasks.ClaimDueAsync(T0)).Count);
        await Store.ScheduledTasks.MarkDeliveredAsync([b.Id], T0, "scheduler", late: true);
        Assert.Equal(1, await Store.ScheduledTasks.ReleaseClaimsAsync());
        Assert.Equal([a.Id], (await Store.ScheduledTasks.ListPendingAsync()).Select(t => t.Id));
        var delivered = (await Store.ScheduledTasks.GetAsync(b.Id))!;
        Assert.Equal(ScheduledTaskStatus.Delivered, delivered.Status);
        Assert.True(delivered.Late);
    }

    [Fact]
    public async Task A_row_marked_triggered_is_never_delivered_again()
    {
        // As an original database's triggered row arrives through the repository, and as a restore of an older export
        // (status defaulted to pending) leaves it in the table.
        var imported = await Store.ScheduledTasks.InsertAsync(new ScheduledTaskRecord { Type = "reminder", Time = T0, Content = "old", IsTriggered = true });
        Assert.Equal(ScheduledTaskStatus.Delivered, imported.Status);
        Assert.Equal("original", imported.DeliveredVia);
        await Store.Database.WriteAsync((tx, ct) => tx.Connection!.ExecuteAsync(tx,
            "INSERT INTO scheduled_task (type, time, content, is_triggered, created_at) VALUES ('topic', $t, 'restored', 1, $t)", ct, ("$t", T0.ToUnixTimeMilliseconds())));
        Assert.Empty(await Store.ScheduledTasks.ListPendingAsync());
        Assert.Empty(await Store.ScheduledTasks.ClaimDueAsync(T0.AddDays(1)));
        Assert.Empty(await Store.ScheduledTasks.TakeDueAsync(T0.AddDays(1)));
    }

    [Fact]
    public async Task The_push_and_the_delivered_mark_commit_together_or_not_at_all()
    {
        var t = await Store.ScheduledTasks.InsertAsync(new ScheduledTaskRecord { Type = "reminder", Time = T0, Content = "stretch" });
        Assert.Single(await Store.ScheduledTasks.ClaimDueAsync(T0));

        // A crash (here: an exception) after the outbox row and the mark were written: neither is kept.
        await Assert.ThrowsAsync<InvalidOperationException>(() => Store.Events.AppendAsync("reminder", """{"task_id":1}""", async (tx, ct) =>
        {
            await ScheduledTaskRepository.MarkDeliveredAsync(tx, [t.Id], T0, "scheduler", late: false, ct);
            throw new InvalidOperationException("power cut");
        }));
        Assert.Empty(await Store.Events.ListAfterAsync(0, 10));
        Assert.Equal(ScheduledTaskStatus.Claimed, (await Store.ScheduledTasks.GetAsync(t.Id))!.Status);

        // The claim is released at the next start and the one delivery writes both, keeping the model's error.
        Assert.Equal(1, await Store.ScheduledTasks.ReleaseClaimsAsync());
        Assert.Single(await Store.ScheduledTasks.ClaimDueAsync(T0));
        var stored = await Store.Events.AppendAsync("reminder", """{"task_id":1}""",
            (tx, ct) => ScheduledTaskRepository.MarkDeliveredAsync(tx, [t.Id], T0, "scheduler", late: false, ct, "LLM 500"));
        Assert.Equal([stored.Id], (await Store.Events.ListAfterAsync(0, 10)).Select(e => e.Id));
        var delivered = (await Store.ScheduledTasks.GetAsync(t.Id))!;
        Assert.Equal(ScheduledTaskStatus.Delivered, delivered.Status);
        Assert.Equal("LLM 500", delivered.LastError);
    }
}

/// <summary>The delivery-state migration on a database written before it.</summary>
public sealed class ScheduledTaskMigrationTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Rows_triggered_before_the_migration_become_delivered_and_the_others_stay_pending()
    {
        var path = _dir.File("perocore.db");
        var delivery = SchemaMigrations.All.Single(m => m.Description == "delivery state of scheduled tasks");
        await using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync();
            await connection.ExecuteAsync(tx, "CREATE TABLE schema_version (version INTEGER PRIMARY KEY NOT NULL, description TEXT NOT NULL, applied_at INTEGER NOT NULL);", default);
            foreach (var m in SchemaMigrations.All.Where(m => m.Version < delivery.Version))
            {
                await connection.ExecuteAsync(tx, m.Sql, default);
                if (m.Code is not null)
                {
                    await m.Code(tx, default);
                }

                await connection.ExecuteAsync(tx, "INSERT INTO schema_version VALUES ($v, $d, 0)", default, ("$v", m.Version), ("$d", m.Description));
            }

            await connection.ExecuteAsync(tx,
                "INSERT INTO scheduled_task (type, time, content, is_triggered, created_at) VALUES ('reminder', 1, 'fired', 1, 1), ('topic', 2, 'waiting', 0, 1)", default);
            await tx.CommitAsync();
        }

        SqliteConnection.ClearAllPools();
        await using var store = await PeroStore.OpenAsync(path);
        var rows = await store.ScheduledTasks.ListAsync();
        Assert.Equal([ScheduledTaskStatus.Delivered, ScheduledTaskStatus.Pending], rows.Select(r => r.Status));
        Assert.Equal("original", rows[0].DeliveredVia);
        Assert.Equal(["waiting"], (await store.ScheduledTasks.ListPendingAsync()).Select(r => r.Content));
    }
}
