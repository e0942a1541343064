namespace PeroCore.Memory.Storage;

/// <summary>
/// Read-only overviews for the dashboard: the conversation sessions with their analysis state, and activity per day
/// (memories written and messages logged). Days are calendar days in the server's local time zone.
/// </summary>
public sealed class ActivityQueries(PeroDatabase database)
{
    /// <summary>The sessions of the conversation log, most recently active first.</summary>
    public Task<List<SessionSummary>> ListSessionsAsync(int limit, CancellationToken cancellationToken = default) =>
        database.ReadAsync((c, ct) => c.QueryAsync(null, """
            SELECT source, session_id, count(*) AS messages, min(timestamp) AS first_ts, max(timestamp) AS last_ts,
                   sum(analysis_status = 'pending' OR analysis_status = 'processing') AS pending,
                   sum(analysis_status = 'failed') AS failed
            FROM conversation_log
            GROUP BY source, session_id
            ORDER BY last_ts DESC, source, session_id
            LIMIT $limit
            """, r => new SessionSummary(r.GetString(0), r.GetString(1), r.GetInt32(2), SqliteExtensions.FromMs(r.GetInt64(3)),
                SqliteExtensions.FromMs(r.GetInt64(4)), r.GetInt32(5), r.GetInt32(6)), ct, ("$limit", limit)), cancellationToken);

    /// <summary>The most recent days with any activity (newest first), with how many memories and messages each has.</summary>
    public Task<List<DayActivity>> ListDaysAsync(int limit, CancellationToken cancellationToken = default) =>
        database.ReadAsync((c, ct) => c.QueryAsync(null, """
            SELECT day, sum(memories) AS memories, sum(messages) AS messages FROM (
                SELECT date(timestamp / 1000, 'unixepoch', 'localtime') AS day, count(*) AS memories, 0 AS messages FROM memory GROUP BY day
                UNION ALL
                SELECT date(timestamp / 1000, 'unixepoch', 'localtime') AS day, 0, count(*) FROM conversation_log GROUP BY day)
            GROUP BY day ORDER BY day DESC LIMIT $limit
            """, r => new DayActivity(DateOnly.ParseExact(r.GetString(0), "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                r.GetInt32(1), r.GetInt32(2)), ct, ("$limit", limit)), cancellationToken);

    /// <summary>
    /// The scorer's queue: exchanges (a user message and its reply share a pair id) waiting for analysis, being analysed,
    /// and failed.
    /// </summary>
    public Task<(long Pending, long Processing, long Failed)> CountAnalysisAsync(CancellationToken cancellationToken = default) =>
        database.ReadAsync(async (c, ct) =>
        {
            var rows = await c.QueryAsync(null, """
                SELECT analysis_status, count(DISTINCT coalesce(pair_id, 'id:' || id)) FROM conversation_log
                WHERE analysis_status IN ('pending', 'processing', 'failed') GROUP BY analysis_status
                """, r => (r.GetString(0), r.GetInt64(1)), ct).ConfigureAwait(false);
            long Of(string status) => rows.Where(r => r.Item1 == status).Select(r => r.Item2).FirstOrDefault();
            return (Of("pending"), Of("processing"), Of("failed"));
        }, cancellationToken);
}
