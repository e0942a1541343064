using System.Data;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace PeroCore.Memory.Storage;

/// <summary>
/// The <c>event_outbox</c> table: every push is appended here (committed) before it is sent, so a client that was not
/// connected gets it later, by cursor (events after an id) or as unread.
/// </summary>
public sealed class EventOutboxRepository
{
    /// <summary>The longest event kind.</summary>
    public const int MaxKindLength = 100;

    private const string Columns = "id, kind, payload, created_at, read_at";

    private readonly PeroDatabase _db;

    /// <summary>Creates the repository over a database.</summary>
    public EventOutboxRepository(PeroDatabase database) => _db = database ?? throw new ArgumentNullException(nameof(database));

    /// <summary>Appends an event (committed when this returns) and returns it with its id.</summary>
    /// <param name="kind">The event kind: 1 to <see cref="MaxKindLength"/> characters, not blank.</param>
    /// <param name="payloadJson">One JSON value; stored as written.</param>
    /// <param name="cancellationToken">Cancels waiting for the writer.</param>
    public Task<OutboxEvent> AppendAsync(string kind, string payloadJson, CancellationToken cancellationToken = default) =>
        AppendAsync(kind, payloadJson, alsoInTransaction: null, cancellationToken);

    /// <summary>
    /// Appends an event in one transaction with <paramref name="alsoInTransaction"/> (both committed or neither) and
    /// returns it with its id.
    /// </summary>
    /// <param name="kind">The event kind: 1 to <see cref="MaxKindLength"/> characters, not blank.</param>
    /// <param name="payloadJson">One JSON value; stored as written.</param>
    /// <param name="alsoInTransaction">The caller's writes in the same transaction, or null.</param>
    /// <param name="cancellationToken">Cancels waiting for the writer.</param>
    public Task<OutboxEvent> AppendAsync(string kind, string payloadJson, Func<SqliteTransaction, CancellationToken, Task>? alsoInTransaction, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(kind);
        if (kind.Length > MaxKindLength)
        {
            throw new ArgumentException($"An event kind is at most {MaxKindLength} characters (got {kind.Length}).", nameof(kind));
        }

        ArgumentNullException.ThrowIfNull(payloadJson);
        try
        {
            using var _ = JsonDocument.Parse(payloadJson);
        }
        catch (JsonException ex)
        {
            throw new ArgumentException($"The payload is not valid JSON: {ex.Message}", nameof(payloadJson), ex);
        }

        return _db.WriteAsync(async (tx, ct) =>
        {
            var stored = (await tx.Connection!.QuerySingleAsync(tx,
                $"INSERT INTO event_outbox (kind, payload, created_at) VALUES ($kind, $payload, $now) RETURNING {Columns}",
                Map, ct, ("$kind", kind), ("$payload", payloadJson), ("$now", _db.NowMs)).ConfigureAwait(false))!;
            if (alsoInTransaction is not null)
            {
                await alsoInTransaction(tx, ct).ConfigureAwait(false);
            }

            return stored;
        }, cancellationToken);
    }

    /// <summary>Events with an id above <paramref name="afterId"/>, oldest first, at most <paramref name="limit"/>.</summary>
    public Task<List<OutboxEvent>> ListAfterAsync(long afterId, int limit, CancellationToken cancellationToken = default) =>
        _db.ReadAsync((c, ct) => c.QueryAsync(null, $"SELECT {Columns} FROM event_outbox WHERE id > $after ORDER BY id LIMIT $limit",
            Map, ct, ("$after", afterId), ("$limit", limit)), cancellationToken);

    /// <summary>Unread events with an id above <paramref name="afterId"/>, oldest first, at most <paramref name="limit"/>.</summary>
    public Task<List<OutboxEvent>> ListUnreadAfterAsync(long afterId, int limit, CancellationToken cancellationToken = default) =>
        _db.ReadAsync((c, ct) => c.QueryAsync(null,
            $"SELECT {Columns} FROM event_outbox WHERE read_at IS NULL AND id > $after ORDER BY id LIMIT $limit",
            Map, ct, ("$after", afterId), ("$limit", limit)), cancellationToken);

    /// <summary>One event, or null.</summary>
    public Task<OutboxEvent?> GetAsync(long id, CancellationToken cancellationToken = default) =>
        _db.ReadAsync((c, ct) => c.QuerySingleAsync(null, $"SELECT {Columns} FROM event_outbox WHERE id = $id", Map, ct, ("$id", id)), cancellationToken);

    /// <summary>The highest id ever stored (0 when none), pruned rows included.</summary>
    public Task<long> LatestIdAsync(CancellationToken cancellationToken = default) =>
        _db.ReadAsync((c, ct) => c.ScalarAsync<long>(null,
            "SELECT coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'event_outbox'), 0)", ct), cancellationToken);

    /// <summary>Marks every unread event with an id up to <paramref name="upToId"/> read; returns how many changed.</summary>
    public Task<int> MarkReadUpToAsync(long upToId, CancellationToken cancellationToken = default) =>
        _db.WriteAsync((tx, ct) => tx.Connection!.ExecuteAsync(tx,
            "UPDATE event_outbox SET read_at = $now WHERE read_at IS NULL AND id <= $upTo", ct, ("$now", _db.NowMs), ("$upTo", upToId)),
            cancellationToken);

    /// <summary>Marks the unread events among <paramref name="ids"/> read; returns how many changed (missing ids are skipped).</summary>
    public Task<int> MarkReadAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var json = JsonSerializer.Serialize(ids);
        return _db.WriteAsync((tx, ct) => tx.Connection!.ExecuteAsync(tx,
            "UPDATE event_outbox SET read_at = $now WHERE read_at IS NULL AND id IN (SELECT value FROM json_each($ids))", ct,
            ("$now", _db.NowMs), ("$ids", json)), cancellationToken);
    }

    /// <summary>The number of stored events and of unread ones.</summary>
    public Task<(long Total, long Unread)> CountAsync(CancellationToken cancellationToken = default) =>
        _db.ReadAsync(async (c, ct) => (
            await c.ScalarAsync<long>(null, "SELECT count(*) FROM event_outbox", ct).ConfigureAwait(false),
            await c.ScalarAsync<long>(null, "SELECT count(*) FROM event_outbox WHERE read_at IS NULL", ct).ConfigureAwait(false)), cancellationToken);

    /// <summary>
    /// Applies the retention bound: deletes every event created before <paramref name="createdBefore"/> (read or not:
    /// the age bound is the promise), then, while more than <paramref name="maxEvents"/> remain, the oldest read ones.
    /// Unread events younger than the age bound are never deleted. Returns how many rows were deleted.
    /// </summary>
    public Task<int> PruneAsync(DateTimeOffset createdBefore, int maxEvents, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxEvents);
        return _db.WriteAsync(async (tx, ct) =>
        {
            var old = await tx.Connection!.ExecuteAsync(tx, "DELETE FROM event_outbox WHERE created_at < $before", ct,
                ("$before", createdBefore.ToUnixTimeMilliseconds())).ConfigureAwait(false);
            var over = await tx.Connection!.ExecuteAsync(tx, """
                DELETE FROM event_outbox WHERE id IN (
                    SELECT id FROM event_outbox WHERE read_at IS NOT NULL ORDER BY id
                    LIMIT max(0, (SELECT count(*) FROM event_outbox) - $max))
                """, ct, ("$max", maxEvents)).ConfigureAwait(false);
            return old + over;
        }, cancellationToken);
    }

    private static OutboxEvent Map(SqliteDataReader r) => new()
    {
        Id = r.GetInt64("id"),
        Kind = r.GetString("kind"),
        PayloadJson = r.GetString("payload"),
        CreatedAt = SqliteExtensions.FromMs(r.GetInt64("created_at")),
        ReadAt = r.IsDBNull("read_at") ? null : SqliteExtensions.FromMs(r.GetInt64("read_at")),
    };
}
