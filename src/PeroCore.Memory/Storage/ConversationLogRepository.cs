using System.Data;
using Microsoft.Data.Sqlite;

namespace PeroCore.Memory.Storage;

/// <summary>The <c>conversation_log</c> table.</summary>
public sealed class ConversationLogRepository
{
    private const string Columns = "id, session_id, source, role, content, timestamp, metadata_json, pair_id, sentiment, importance, " +
                                   "memory_id, analysis_status, retry_count, last_error";

    private static readonly string[] Roles = ["user", "assistant", "system", "tool"];
    private static readonly string[] Statuses = ["pending", "processing", "completed", "failed", "skipped"];
    private readonly PeroDatabase _db;

    /// <summary>Creates the repository over a database.</summary>
    public ConversationLogRepository(PeroDatabase database) => _db = database ?? throw new ArgumentNullException(nameof(database));

    /// <summary>Adds entries in one transaction (a user line and its reply are saved together); returns them with ids.</summary>
    public Task<List<ConversationLogEntry>> AddAsync(IReadOnlyList<ConversationLogEntry> entries, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entries);
        foreach (var e in entries)
        {
            Validate(e);
        }

        return _db.WriteAsync(async (tx, ct) =>
        {
            var result = new List<ConversationLogEntry>(entries.Count);
            foreach (var e in entries)
            {
                var ts = e.Timestamp == default ? _db.NowMs : e.Timestamp.ToUnixTimeMilliseconds();
                var row = await tx.Connection!.QuerySingleAsync(tx, $"""
                    INSERT INTO conversation_log (session_id, source, role, content, timestamp, metadata_json, pair_id, sentiment,
                                                  importance, memory_id, analysis_status, retry_count, last_error)
                    VALUES ($session, $source, $role, $content, $ts, $meta, $pair, $sentiment, $importance, $memory, $status, $retry, $error)
                    RETURNING {Columns}
                    """, Map, ct,
                    ("$session", e.SessionId), ("$source", e.Source), ("$role", e.Role), ("$content", e.Content), ("$ts", ts),
                    ("$meta", e.MetadataJson), ("$pair", e.PairId), ("$sentiment", e.Sentiment), ("$importance", e.Importance),
                    ("$memory", e.MemoryId), ("$status", e.AnalysisStatus), ("$retry", e.RetryCount), ("$error", Truncate(e.LastError))).ConfigureAwait(false);
                result.Add(row!);
            }

            return result;
        }, cancellationToken);
    }

    /// <summary>When the newest entry was logged, or null when the log is empty (the secretary's idle trigger).</summary>
    public async Task<DateTimeOffset?> LatestTimestampAsync(CancellationToken cancellationToken = default)
    {
        var ms = await _db.ReadAsync((c, ct) => c.ScalarAsync<long?>(null, "SELECT max(timestamp) FROM conversation_log", ct), cancellationToken).ConfigureAwait(false);
        return ms is { } v ? SqliteExtensions.FromMs(v) : null;
    }

    /// <summary>Reads one entry, or null.</summary>
    public Task<ConversationLogEntry?> GetAsync(long id, CancellationToken cancellationToken = default) =>
        _db.ReadAsync((c, ct) => c.QuerySingleAsync(null, $"SELECT {Columns} FROM conversation_log WHERE id = $id", Map, ct, ("$id", id)), cancellationToken);

    /// <summary>The entries of a pair, oldest first.</summary>
    public Task<List<ConversationLogEntry>> GetPairAsync(string pairId, CancellationToken cancellationToken = default) =>
        _db.ReadAsync((c, ct) => c.QueryAsync(null, $"SELECT {Columns} FROM conversation_log WHERE pair_id = $p ORDER BY id", Map, ct, ("$p", pairId)), cancellationToken);

    /// <summary>
    /// The latest <paramref name="limit"/> entries of a session, optionally only those in [from, until), returned in
    /// ascending or descending time order.
    /// </summary>
    public Task<List<ConversationLogEntry>> ListSessionAsync(string source, string sessionId, int limit, DateTimeOffset? from = null, DateTimeOffset? until = null, bool descending = false, CancellationToken cancellationToken = default)
    {
        if (limit is < 1 or > 10_000)
        {
            throw new ArgumentOutOfRangeException(nameof(limit), limit, "Limit must be between 1 and 10000.");
        }

        var sql = $"""
            SELECT * FROM (
                SELECT {Columns} FROM conversation_log
                WHERE source = $source AND session_id = $session AND timestamp >= $from AND timestamp < $until
                ORDER BY timestamp DESC, id DESC LIMIT $limit)
            ORDER BY timestamp {(descending ? "DESC" : "ASC")}, id {(descending ? "DESC" : "ASC")}
            """;
        return _db.ReadAsync((c, ct) => c.QueryAsync(null, sql, Map, ct,
            ("$source", source), ("$session", sessionId), ("$from", from?.ToUnixTimeMilliseconds() ?? long.MinValue),
            ("$until", until?.ToUnixTimeMilliseconds() ?? long.MaxValue), ("$limit", limit)), cancellationToken);
    }

    /// <summary>When the owner last wrote (the newest entry with role <c>user</c>, any source), or null when never.</summary>
    public Task<DateTimeOffset?> LatestUserMessageAsync(CancellationToken cancellationToken = default) =>
        _db.ReadAsync(async (c, ct) =>
        {
            var ms = await c.ScalarAsync<long?>(null, "SELECT max(timestamp) FROM conversation_log WHERE role = 'user'", ct).ConfigureAwait(false);
            return ms is { } v ? SqliteExtensions.FromMs(v) : (DateTimeOffset?)null;
        }, cancellationToken);

    /// <summary>Entries whose analysis is pending or was interrupted while processing, oldest first.</summary>
    public Task<List<ConversationLogEntry>> ListUnanalysedAsync(int limit, CancellationToken cancellationToken = default) =>
        _db.ReadAsync((c, ct) => c.QueryAsync(null,
            $"SELECT {Columns} FROM conversation_log WHERE analysis_status IN ('pending', 'processing') ORDER BY id LIMIT $limit",
            Map, ct, ("$limit", limit)), cancellationToken);

    /// <summary>
    /// Entries whose analysis failed fewer than <paramref name="maxAttempts"/> times, oldest first: what a scorer
    /// retries after a restart.
    /// </summary>
    public Task<List<ConversationLogEntry>> ListRetryableAsync(int maxAttempts, int limit, CancellationToken cancellationToken = default) =>
        _db.ReadAsync((c, ct) => c.QueryAsync(null,
            $"SELECT {Columns} FROM conversation_log WHERE analysis_status = 'failed' AND retry_count < $max ORDER BY id LIMIT $limit",
            Map, ct, ("$max", maxAttempts), ("$limit", limit)), cancellationToken);

    /// <summary>Changes the content of one entry; null if it does not exist.</summary>
    public Task<ConversationLogEntry?> UpdateContentAsync(long id, string content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        return _db.WriteAsync((tx, ct) => tx.Connection!.QuerySingleAsync(tx,
            $"UPDATE conversation_log SET content = $content WHERE id = $id RETURNING {Columns}", Map, ct, ("$id", id), ("$content", content)),
            cancellationToken);
    }

    /// <summary>Sets the analysis outcome of every entry of a pair.</summary>
    public Task<int> SetAnalysisAsync(string pairId, string status, string? lastError = null, long? memoryId = null, int? importance = null, string? sentiment = null, bool incrementRetry = false, CancellationToken cancellationToken = default)
    {
        if (!Statuses.Contains(status, StringComparer.Ordinal))
        {
            throw new ArgumentException($"Unknown analysis status '{status}'. Use one of: {string.Join(", ", Statuses)}.", nameof(status));
        }

        return _db.WriteAsync((tx, ct) => tx.Connection!.ExecuteAsync(tx, """
            UPDATE conversation_log SET analysis_status = $status, last_error = $error,
                memory_id = coalesce($memory, memory_id), importance = coalesce($importance, importance),
                sentiment = coalesce($sentiment, sentiment), retry_count = retry_count + $inc
            WHERE pair_id = $pair
            """, ct, ("$status", status), ("$error", Truncate(lastError)), ("$memory", memoryId), ("$importance", importance),
            ("$sentiment", sentiment), ("$inc", incrementRetry ? 1 : 0), ("$pair", pairId)), cancellationToken);
    }

    /// <summary>Deletes an entry and every other entry of its pair; returns how many rows went.</summary>
    public Task<int> DeletePairOfAsync(long id, CancellationToken cancellationToken = default) =>
        _db.WriteAsync((tx, ct) => tx.Connection!.ExecuteAsync(tx, """
            DELETE FROM conversation_log
            WHERE id = $id OR (pair_id IS NOT NULL AND pair_id = (SELECT pair_id FROM conversation_log WHERE id = $id))
            """, ct, ("$id", id)), cancellationToken);

    internal static ConversationLogEntry Map(SqliteDataReader r) => new()
    {
        Id = r.GetInt64("id"),
        SessionId = r.GetString("session_id"),
        Source = r.GetString("source"),
        Role = r.GetString("role"),
        Content = r.GetString("content"),
        Timestamp = SqliteExtensions.FromMs(r.GetInt64("timestamp")),
        MetadataJson = r.GetString("metadata_json"),
        PairId = r.GetNullableString("pair_id"),
        Sentiment = r.GetNullableString("sentiment"),
        Importance = r.IsDBNull("importance") ? null : r.GetInt32("importance"),
        MemoryId = r.GetNullableInt64("memory_id"),
        AnalysisStatus = r.GetString("analysis_status"),
        RetryCount = r.GetInt32("retry_count"),
        LastError = r.GetNullableString("last_error"),
    };

    private static void Validate(ConversationLogEntry e)
    {
        ArgumentNullException.ThrowIfNull(e);
        ArgumentException.ThrowIfNullOrWhiteSpace(e.SessionId, nameof(e.SessionId));
        ArgumentException.ThrowIfNullOrWhiteSpace(e.Source, nameof(e.Source));
        ArgumentNullException.ThrowIfNull(e.Content, nameof(e.Content));
        if (!Roles.Contains(e.Role, StringComparer.Ordinal))
        {
            throw new ArgumentException($"Unknown role '{e.Role}'. Use one of: {string.Join(", ", Roles)}.", nameof(e));
        }

        if (!Statuses.Contains(e.AnalysisStatus, StringComparer.Ordinal))
        {
            throw new ArgumentException($"Unknown analysis status '{e.AnalysisStatus}'.", nameof(e));
        }

        JsonText.EnsureValid(e.MetadataJson, "metadata_json", System.Text.Json.JsonValueKind.Object);
    }

    private static string? Truncate(string? s) => s is { Length: > 500 } ? s[..500] : s;
}
