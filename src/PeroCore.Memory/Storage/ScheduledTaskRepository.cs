using System.Data;
using Microsoft.Data.Sqlite;

namespace PeroCore.Memory.Storage;

/// <summary>The <c>scheduled_task</c> table.</summary>
public sealed class ScheduledTaskRepository : CrudRepository<ScheduledTaskRecord>
{
    private static readonly string[] Types = ["reminder", "topic", "reaction"];

    /// <summary>Creates the repository over a database.</summary>
    public ScheduledTaskRepository(PeroDatabase database)
        : base(database, "scheduled_task", "scheduled task", ["type", "time", "content", "is_triggered", "created_at"])
    {
    }

    /// <summary>Tasks that have not fired, soonest first.</summary>
    public Task<List<ScheduledTaskRecord>> ListPendingAsync(CancellationToken cancellationToken = default) =>
        Database.ReadAsync((c, ct) => c.QueryAsync(null,
            "SELECT id, type, time, content, is_triggered, created_at FROM scheduled_task WHERE is_triggered = 0 ORDER BY time, id",
            Map, ct), cancellationToken);

    /// <summary>Marks every pending task due at or before <paramref name="now"/> as triggered and returns them, atomically.</summary>
    public Task<List<ScheduledTaskRecord>> TakeDueAsync(DateTimeOffset now, CancellationToken cancellationToken = default) =>
        Database.WriteAsync((tx, ct) => tx.Connection!.QueryAsync(tx,
            "UPDATE scheduled_task SET is_triggered = 1 WHERE is_triggered = 0 AND time <= $now " +
            "RETURNING id, type, time, content, is_triggered, created_at",
            Map, ct, ("$now", now.ToUnixTimeMilliseconds())), cancellationToken);

    /// <inheritdoc />
    protected override object?[] Values(ScheduledTaskRecord row, long nowMs, bool isInsert) =>
        [row.Type, row.Time.ToUnixTimeMilliseconds(), row.Content, row.IsTriggered,
         isInsert || row.CreatedAt == default ? nowMs : row.CreatedAt.ToUnixTimeMilliseconds()];

    /// <inheritdoc />
    protected override ScheduledTaskRecord Map(SqliteDataReader r) => new()
    {
        Id = r.GetInt64("id"),
        Type = r.GetString("type"),
        Time = SqliteExtensions.FromMs(r.GetInt64("time")),
        Content = r.GetString("content"),
        IsTriggered = r.GetInt64("is_triggered") != 0,
        CreatedAt = SqliteExtensions.FromMs(r.GetInt64("created_at")),
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
    }
}
