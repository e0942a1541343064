using Microsoft.Data.Sqlite;
using PeroCore.Memory.Text;

namespace PeroCore.Memory.Storage;

/// <summary>
/// Full-text candidates from <c>memory_fts</c> (BM25, content weighted 1.0 and tags 0.5), with the query planned
/// against the index: terms found in too many memories are dropped and the kept ones, rarest first, may match at
/// most a budget of postings (ranking a very common term costs more than the rest of a recall and says little).
/// </summary>
/// <remarks>
/// <para>
/// Planning needs each term's document frequency. It is counted with the term's own phrase query (what FTS5's BM25
/// uses for its IDF), stops at the largest count that can still change the plan, and is cached per database
/// generation (<see cref="FtsTermStatistics"/>), so repeated words cost nothing until the next write.
/// </para>
/// <para>
/// Ranking: FTS5 computes <c>bm25()</c> for every matching row (a row-size lookup and a position-list pass each),
/// which is most of the cost of a query with one fairly common term. When the kept terms split into a few rare
/// ones and a costlier rest, the rows of the rare terms are ranked first, with their exact full-query score (BM25 is
/// a sum over phrases: rows matching a rare term and some of the rest are scored by one <c>AND</c> query carrying
/// every phrase; the others get no contribution from the rest). A row matching only the rest scores below
/// (k1 + 1) × the sum of the rest's IDFs; when the k-th best rare-term row scores at least that, it is the answer,
/// identical to the full query's. Otherwise the full query runs as before.
/// </para>
/// </remarks>
internal sealed class FullTextSearch(PeroDatabase database)
{
    // Below this many memories every query term is kept: document frequencies are too noisy to prune on.
    private const int MinDocumentsForPruning = 200;

    // Rare-term rows ranked first: at most this many postings, and the first other term must have at least this many
    // (and four times theirs) for the split to pay.
    private const long RarePostingsBudget = 2_000;

    private const long MinRestPostings = 500;

    // FTS5's bm25() constants (k1 and b are fixed in SQLite's source).
    private const double K1 = 1.2;

    private const string Bm25 = "bm25(memory_fts, 1.0, 0.5)";

    private readonly FtsTermStatistics _statistics = new();

    /// <summary>Gets the number of searches answered by the rare-term ranking without the full query (for tests and tuning).</summary>
    public long RareRankingHits => Interlocked.Read(ref _rareHits);

    private long _rareHits;

    /// <summary>
    /// Ids and BM25 scores normalised so the best match is 1, best first. <paramref name="documentCount"/> is the
    /// number of memories (for the common-term cut); the budget limits are those of the recall options.
    /// </summary>
    public async Task<List<(long Id, double Score)>> SearchAsync(string query, int limit, long documentCount, int maxQueryTerms, double maxTermDocumentFraction,
        long maxPostings, CancellationToken cancellationToken)
    {
        var terms = FtsQueryBuilder.Default.ExtractTerms(query);
        if (terms.Count == 0 || limit == 0)
        {
            return [];
        }

        var generation = database.CommitCount;
        return await database.ReadAsync(async (c, ct) =>
        {
            var kept = terms.Where(t => FtsQueryBuilder.ToMatchExpression([t]) is not null).ToList();
            var df = new Dictionary<string, long>(StringComparer.Ordinal);
            var total = documentCount;
            var pruning = total > MinDocumentsForPruning;
            if (pruning || kept.Count > maxQueryTerms)
            {
                // A term above the common cut is dropped and one above the postings budget can never be ranked, so
                // counting stops past the smaller of the two; below it the count is exact and orders the terms.
                var cap = pruning ? Math.Min((long)Math.Floor(maxTermDocumentFraction * total), maxPostings) + 1 : long.MaxValue;
                foreach (var term in kept)
                {
                    df[term] = await CountAsync(c, generation, term, cap, ct).ConfigureAwait(false);
                }

                var byRarity = kept.OrderBy(t => df[t]).ToList();
                var common = pruning ? byRarity.Where(t => df[t] > maxTermDocumentFraction * total).ToHashSet(StringComparer.Ordinal) : [];
                kept = [.. byRarity.Where(t => !common.Contains(t)).Take(maxQueryTerms)];
                if (kept.Count == 0 && byRarity.Count > 0)
                {
                    // Every term is common: the rarest alone, if it fits the budget (so count up to the budget).
                    foreach (var term in byRarity)
                    {
                        df[term] = await CountAsync(c, generation, term, maxPostings + 1, ct).ConfigureAwait(false);
                    }

                    kept = [byRarity.OrderBy(t => df[t]).First()];
                }

                // Bound the ranking work: rarest terms first, until their postings exceed the budget.
                var postings = 0L;
                kept = [.. kept.TakeWhile(t => (postings += df[t]) <= maxPostings)];
            }

            if (kept.Count == 0)
            {
                return [];
            }

            var hits = await RareFirstAsync(c, generation, kept, df, limit, ct).ConfigureAwait(false)
                ?? await RankAsync(c, FtsQueryBuilder.ToMatchExpression(kept)!, limit, ct).ConfigureAwait(false);
            var best = hits.Count == 0 ? 0 : hits.Min(h => h.Score);
            return hits.Select(h => (h.Id, best < 0 ? h.Score / best : 1.0)).ToList();
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The top <paramref name="limit"/> of the full query found among the rows of its rarest terms, or null when the
    /// terms do not split usefully or a row of the other terms alone could still rank in (the caller then runs the
    /// full query). <paramref name="kept"/> is ordered rarest first and every count in <paramref name="df"/> is exact.
    /// </summary>
    private async Task<List<(long Id, double Score)>?> RareFirstAsync(SqliteConnection c, long generation, List<string> kept, Dictionary<string, long> df, int limit,
        CancellationToken ct)
    {
        if (kept.Count < 2 || kept.Any(t => !df.ContainsKey(t)))
        {
            return null;
        }

        // The split: the first term with at least four times the postings of the rarer ones together (and 500), once
        // those rarer ones can fill the top k.
        var rare = 0;
        var rarePostings = 0L;
        while (rare < kept.Count && (rarePostings < limit || df[kept[rare]] < Math.Max(4 * rarePostings, MinRestPostings)))
        {
            rarePostings += df[kept[rare++]];
        }

        if (rare == 0 || rare == kept.Count || rarePostings > RarePostingsBudget)
        {
            return null;
        }

        var rows = await RowCountAsync(c, generation, ct).ConfigureAwait(false);
        if (rows <= 0)
        {
            return null;
        }

        // Best score a row matching only the rest can reach: each phrase adds less than (k1 + 1) × its IDF.
        var bound = kept.Skip(rare).Sum(t => (K1 + 1) * Math.Max(1e-6, Math.Log((rows - df[t] + 0.5) / (df[t] + 0.5))));
        var rareExpression = FtsQueryBuilder.ToMatchExpression(kept.Take(rare))!;
        var restExpression = FtsQueryBuilder.ToMatchExpression(kept.Skip(rare))!;
        var scores = new Dictionary<long, double>();
        foreach (var (id, score) in await RankAsync(c, rareExpression, -1, ct).ConfigureAwait(false))
        {
            scores[id] = score;
        }

        // The phrases in the same order as the full expression, so the sums are the same to the last bit.
        foreach (var (id, score) in await RankAsync(c, $"({rareExpression}) AND ({restExpression})", -1, ct).ConfigureAwait(false))
        {
            scores[id] = score;
        }

        if (scores.Count < limit)
        {
            return null;
        }

        var top = scores.Select(s => (Id: s.Key, Score: s.Value)).OrderBy(s => s.Score).ThenBy(s => s.Id).Take(limit).ToList();
        if (-top[^1].Score < bound * (1 + 1e-9))
        {
            return null;
        }

        Interlocked.Increment(ref _rareHits);
        return top;
    }

    /// <summary>Rows matching <paramref name="expression"/> with their <c>bm25()</c> (lower is better), best first; all of them when <paramref name="limit"/> is negative.</summary>
    private static Task<List<(long Id, double Score)>> RankAsync(SqliteConnection c, string expression, int limit, CancellationToken ct) =>
        c.QueryAsync(null,
            $"SELECT rowid AS id, {Bm25} AS s FROM memory_fts WHERE memory_fts MATCH $q ORDER BY s LIMIT $k",
            r => (Id: r.GetOrdinal("id"), Score: r.GetOrdinal("s")), (r, o) => (Id: r.GetInt64(o.Id), Score: r.GetDouble(o.Score)),
            ct, ("$q", expression), ("$k", limit));

    /// <summary>The number of memories matching <paramref name="term"/>, counted up to <paramref name="cap"/>.</summary>
    private async Task<long> CountAsync(SqliteConnection c, long generation, string term, long cap, CancellationToken ct)
    {
        if (_statistics.TryGetCount(generation, term, out var cached, out var capped) && (!capped || cached >= cap))
        {
            return Math.Min(cached, cap);
        }

        var count = await c.ScalarAsync<long>(null, "SELECT count(*) FROM (SELECT 1 FROM memory_fts WHERE memory_fts MATCH $q LIMIT $cap)", ct,
            ("$q", FtsQueryBuilder.ToMatchExpression([term])), ("$cap", cap == long.MaxValue ? -1 : cap)).ConfigureAwait(false);
        _statistics.SetCount(generation, term, count, capped: count >= cap);
        return count;
    }

    /// <summary>FTS5's own row count (the first varint of its averages record), or -1 when it cannot be read.</summary>
    private async Task<long> RowCountAsync(SqliteConnection c, long generation, CancellationToken ct)
    {
        if (_statistics.TryGetRowCount(generation, out var cached))
        {
            return cached;
        }

        var block = await c.ScalarAsync<byte[]?>(null, "SELECT block FROM memory_fts_data WHERE id = 1", ct).ConfigureAwait(false);
        var rows = block is null ? -1 : ReadVarint(block);
        _statistics.SetRowCount(generation, rows);
        return rows;
    }

    /// <summary>An SQLite varint (big-endian groups of 7 bits, the ninth byte whole) at the start of <paramref name="data"/>, or -1.</summary>
    internal static long ReadVarint(ReadOnlySpan<byte> data)
    {
        ulong value = 0;
        for (var i = 0; i < 9 && i < data.Length; i++)
        {
            if (i == 8)
            {
                return (long)((value << 8) | data[i]);
            }

            value = (value << 7) | (uint)(data[i] & 0x7F);
            if ((data[i] & 0x80) == 0)
            {
                return (long)value;
            }
        }

        return -1;
    }
}
