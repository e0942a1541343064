using System.Data;
using Microsoft.Data.Sqlite;

namespace PeroCore.Memory.Storage;

/// <summary>
/// The <c>scheduled_task</c> table. Delivery is claimed in one <c>UPDATE … WHERE status = 'pending' … RETURNING</c>
/// (<see cref="ClaimDueAsync"/>, <see cref="TakeDueAsync"/>), so of the scheduler and the legacy poll racing for the
/// same task exactly one gets it.
/// </summary>
public sealed class ScheduledTaskRepository : CrudRepository<ScheduledTaskRecord>
{
    private const string Select = "id, type, time, content, is_triggered, created_at, status, attempts, last_error, not_before, claimed_at, delivered_at, delivered_via, late";
    private const string Due = "status = 'pending' AND is_triggered = 0 AND time <= $now AND (not_before IS NULL OR not_before <= $now)";
    private static readonly string[] Types = ["reminder", "topic", "reaction"];
    private static readonly string[] Statuses = [ScheduledTaskStatus.Pending, ScheduledTaskStatus.Claimed, ScheduledTaskStatus.Delivered, ScheduledTaskStatus.Failed];

    /// <summary>Creates the repository over a database.</summary>
    public ScheduledTaskRepository(PeroDatabase database)
        : base(database, "scheduled_task", "scheduled task",
            ["type", "time", "content", "is_triggered", "created_at", "status", "attempts", "last_error", "not_before", "claimed_at", "delivered_at", "delivered_via", "late"])
    {
    }

    /// <summary>
    /// Tasks waiting to be delivered (the original's <c>is_triggered = false</c>), soonest first. A row marked triggered is
    /// never pending, whatever its status says (a restore of an export made before the delivery columns existed gives
    /// such rows the default status): it is not delivered again.
    /// </summary>
    public Task<List<ScheduledTaskRecord>> ListPendingAsync(CancellationToken cancellationToken = default) =>
        Database.ReadAsync((c, ct) => c.QueryAsync(null,
            $"SELECT {Select} FROM scheduled_task WHERE status = 'pending' AND is_triggered = 0 ORDER BY time, id", Map, ct), cancellationToken);

    /// <summary>
    /// The legacy poll (<c>POST /api/tasks/check</c>): marks every due pending task delivered by <c>poll</c> and returns
    /// them, atomically; a task the scheduler already claimed is not returned.
    /// </summary>
    public Task<List<ScheduledTaskRecord>> TakeDueAsync(DateTimeOffset now, CancellationToken cancellationToken = default) =>
        Database.WriteAsync((tx, ct) => tx.Connection!.QueryAsync(tx,
            $"UPDATE scheduled_task SET status = 'delivered', is_triggered = 1, attempts = attempts + 1, claimed_at = $now, delivered_at = $now, " +
            $"delivered_via = 'poll', last_error = NULL WHERE {Due} RETURNING {Select}",
            Map, ct, ("$now", now.ToUnixTimeMilliseconds())), cancellationToken);

    /// <summary>Claims every due pending task for a delivery (status <c>claimed</c>, one more attempt) and returns them, atomically.</summary>
    public Task<List<ScheduledTaskRecord>> ClaimDueAsync(DateTimeOffset now, CancellationToken cancellationToken = default) =>
        Database.WriteAsync((tx, ct) => tx.Connection!.QueryAsync(tx,
            $"UPDATE scheduled_task SET status = 'claimed', is_triggered = 1, attempts = attempts + 1, claimed_at = $now WHERE {Due} RETURNING {Select}",
            Map, ct, ("$now", now.ToUnixTimeMilliseconds())), cancellationToken);

    /// <summary>
    /// Deletes the pending <c>reaction</c> tasks (what the companion meant to do if the owner stayed silent): called when
    /// the owner starts a chat, as the original does. Returns how many were deleted.
    /// </summary>
    public Task<int> DeletePendingReactionsAsync(CancellationToken cancellationToken = default) =>
        Database.WriteAsync((tx, ct) => tx.Connection!.ExecuteAsync(tx,
            "DELETE FROM scheduled_task WHERE type = 'reaction' AND status = 'pending' AND is_triggered = 0", ct), cancellationToken);

    /// <summary>Marks claimed tasks delivered.</summary>
    public Task MarkDeliveredAsync(IReadOnlyCollection<long> ids, DateTimeOffset now, string via, bool late, CancellationToken cancellationToken = default) =>
        Database.WriteAsync((tx, ct) => MarkDeliveredAsync(tx, ids, now, via, late, ct), cancellationToken);

    /// <summary>
    /// Marks claimed tasks delivered inside the caller's transaction (the scheduler's push and this mark commit
    /// together, so a crash between them cannot deliver a task twice). <paramref name="lastError"/> keeps why the task
    /// went out in its own words (the model failed on the last attempt); null clears it.
    /// </summary>
    public static async Task MarkDeliveredAsync(SqliteTransaction tx, IReadOnlyCollection<long> ids, DateTimeOffset now, string via, bool late, CancellationToken cancellationToken,
        string? lastError = null)
    {
        ArgumentNullException.ThrowIfNull(tx);
        ArgumentNullException.ThrowIfNull(ids);
        foreach (var id in ids)
        {
            await tx.Connection!.ExecuteAsync(tx,
                "UPDATE scheduled_task SET status = 'delivered', delivered_at = $now, delivered_via = $via, late = $late, last_error = $error, not_before = NULL " +
                "WHERE id = $id AND status = 'claimed'",
                cancellationToken, ("$id", id), ("$now", now.ToUnixTimeMilliseconds()), ("$via", via), ("$late", late ? 1 : 0), ("$error", lastError)).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Records a failed attempt of claimed tasks: back to pending until <paramref name="retryAt"/>, or failed for good
    /// when it is null.
    /// </summary>
    public Task MarkAttemptFailedAsync(IReadOnlyCollection<long> ids, string error, DateTimeOffset? retryAt, CancellationToken cancellationToken = default) =>
        Database.WriteAsync(async (tx, ct) =>
        {
            foreach (var id in ids)
            {
                await tx.Connection!.ExecuteAsync(tx,
                    "UPDATE scheduled_task SET status = $status, is_triggered = $triggered, last_error = $error, not_before = $retry WHERE id = $id AND status = 'claimed'",
                    ct, ("$id", id), ("$status", retryAt is null ? ScheduledTaskStatus.Failed : ScheduledTaskStatus.Pending),
                    ("$triggered", retryAt is null ? 1 : 0), ("$error", error), ("$retry", retryAt?.ToUnixTimeMilliseconds())).ConfigureAwait(false);
            }
        }, cancellationToken);

    /// <summary>Returns tasks left claimed by a process that stopped mid-delivery to pending; returns how many.</summary>
    public Task<int> ReleaseClaimsAsync(CancellationToken cancellationToken = default) =>
        Database.WriteAsync((tx, ct) => tx.Connection!.ExecuteAsync(tx,
            "UPDATE scheduled_task SET status = 'pending', is_triggered = 0 WHERE status = 'claimed'", ct), cancellationToken);

    /// <summary>When the next pending task falls due (its retry time for a failed attempt), or null when none waits.</summary>
    public Task<DateTimeOffset?> NextDueAsync(CancellationToken cancellationToken = default) =>
        Database.ReadAsync(async (c, ct) =>
        {
            var ms = await c.ScalarAsync<long?>(null,
                "SELECT min(max(time, coalesce(not_before, 0))) FROM scheduled_task WHERE status = 'pending' AND is_triggered = 0", ct).ConfigureAwait(false);
            return ms is { } v ? SqliteExtensions.FromMs(v) : (DateTimeOffset?)null;
        }, cancellationToken);

    /// <inheritdoc />
    protected override object?[] Values(ScheduledTaskRecord row, long nowMs, bool isInsert)
    {
        // A row imported as triggered (the original's flag only) counts as delivered.
        var status = row.IsTriggered && row.Status == ScheduledTaskStatus.Pending ? ScheduledTaskStatus.Delivered : row.Status;
        return
        [
            row.Type, row.Time.ToUnixTimeMilliseconds(), row.Content, status != ScheduledTaskStatus.Pending,
            isInsert || row.CreatedAt == default ? nowMs : row.CreatedAt.ToUnixTimeMilliseconds(),
            status, row.Attempts, row.LastError, row.NotBefore?.ToUnixTimeMilliseconds(), row.ClaimedAt?.ToUnixTimeMilliseconds(),
            row.DeliveredAt?.ToUnixTimeMilliseconds(), row.DeliveredVia ?? (status == ScheduledTaskStatus.Delivered && row.DeliveredAt is null ? "original" : null), row.Late,
        ];
    }

    /// <inheritdoc />
    protected override ScheduledTaskRecord Map(SqliteDataReader r) => new()
    {
        Id = r.GetInt64("id"),
        Type = r.GetString("type"),
        Time = SqliteExtensions.FromMs(r.GetInt64("time")),
        Content = r.GetString("content"),
        IsTriggered = r.GetInt64("is_triggered") != 0,
        CreatedAt = SqliteExtensions.FromMs(r.GetInt64("created_at")),
        Status = r.GetString("status"),
        Attempts = (int)r.GetInt64("attempts"),
        LastError = r.GetNullableString("last_error"),
        NotBefore = Ms(r.GetNullableInt64("not_before")),
        ClaimedAt = Ms(r.GetNullableInt64("claimed_at")),
        DeliveredAt = Ms(r.GetNullableInt64("delivered_at")),
        DeliveredVia = r.GetNullableString("delivered_via"),
        Late = r.GetInt64("late") != 0,
    };

    /// <inheritdoc />
    protected override void Validate(ScheduledTaskRecord row)
    {
        ArgumentNullException.ThrowIfNull(row);
        if (!Types.Contains(row.Type, StringComparer.Ordinal))
        {
            throw new ArgumentException($"Unknown task type '{row.Type}'. Use one of: {string.Join(", ", Types)}.", nameof(row));
        }

        if (string.IsNullOrWhiteSpace(row.Content))
        {
            throw new ArgumentException("A scheduled task's content must not be empty.", nameof(row));
        }

        if (!Statuses.Contains(row.Status, StringComparer.Ordinal))
        {
            throw new ArgumentException($"Unknown task status '{row.Status}'. Use one of: {string.Join(", ", Statuses)}.", nameof(row));
        }
    }

    private static DateTimeOffset? Ms(long? ms) => ms is { } v ? SqliteExtensions.FromMs(v) : null;
}
