using Microsoft.Data.Sqlite;
using PeroCore.Memory.Text;

namespace PeroCore.Memory.Storage;

/// <summary>
/// Full-text candidates from <c>memory_fts</c> (BM25, content weighted 1.0 and tags 0.5), with the query planned
/// against the index: terms found in too many memories are dropped and the kept ones, rarest first, may match at
/// most a budget of postings (ranking a very common term costs more than the rest of a recall and says little).
/// </summary>
internal sealed class FullTextSearch(PeroDatabase database) : IDisposable
{
    // Below this many memories every query term is kept: document frequencies are too noisy to prune on.
    private const int MinDocumentsForPruning = 200;

    private readonly FtsTermLookup _termLookup = new();

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

        return await database.ReadAsync(async (c, ct) =>
        {
            var kept = terms.ToList();
            var total = documentCount;
            if (total > MinDocumentsForPruning || kept.Count > maxQueryTerms)
            {
                // Document frequencies are kept per stored token ("hiking" is stored as "hike"); a term of several
                // tokens (a phrase) is in at most as many memories as its rarest token. One equality lookup per token:
                // fts5vocab answers `term = ?` from the index, but scans every term for IN.
                var tokens = _termLookup.Tokens(kept);
                var tokenDf = new Dictionary<string, long>(StringComparer.Ordinal);
                using (var lookup = c.CreateCommand())
                {
                    lookup.CommandText = "SELECT doc FROM memory_fts_vocab WHERE term = $t";
                    var parameter = lookup.Parameters.Add("$t", SqliteType.Text);
                    foreach (var token in tokens.SelectMany(t => t).Distinct(StringComparer.Ordinal))
                    {
                        parameter.Value = token;
                        tokenDf[token] = await lookup.ExecuteScalarAsync(ct).ConfigureAwait(false) is long count ? count : 0;
                    }
                }

                var df = new Dictionary<string, long>(StringComparer.Ordinal);
                for (var i = 0; i < kept.Count; i++)
                {
                    df[kept[i]] = tokens[i].Count == 0 ? 0 : tokens[i].Min(t => tokenDf[t]);
                }

                var byRarity = kept.OrderBy(t => df.GetValueOrDefault(t)).ToList();
                var common = total > MinDocumentsForPruning ? byRarity.Where(t => df.GetValueOrDefault(t) > maxTermDocumentFraction * total).ToHashSet(StringComparer.Ordinal) : [];
                kept = [.. byRarity.Where(t => !common.Contains(t)).Take(maxQueryTerms)];
                if (kept.Count == 0)
                {
                    kept = [byRarity[0]];
                }

                // Bound the ranking work: rarest terms first, until their postings exceed the budget.
                var postings = 0L;
                kept = [.. kept.TakeWhile(t => (postings += df.GetValueOrDefault(t)) <= maxPostings)];
                if (kept.Count == 0)
                {
                    return [];
                }
            }

            var expression = FtsQueryBuilder.ToMatchExpression(kept);
            if (expression is null)
            {
                return [];
            }

            var hits = await c.QueryAsync(null,
                "SELECT rowid AS id, bm25(memory_fts, 1.0, 0.5) AS s FROM memory_fts WHERE memory_fts MATCH $q ORDER BY s LIMIT $k",
                r => (Id: r.GetOrdinal("id"), Score: r.GetOrdinal("s")), (r, o) => (Id: r.GetInt64(o.Id), Score: r.GetDouble(o.Score)),
                ct, ("$q", expression), ("$k", limit)).ConfigureAwait(false);
            var best = hits.Count == 0 ? 0 : hits.Min(h => h.Score);
            return hits.Select(h => (h.Id, best < 0 ? h.Score / best : 1.0)).ToList();
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public void Dispose() => _termLookup.Dispose();
}
