using System.Text.Json;
using Microsoft.Data.Sqlite;
using PeroCore.Memory.Embeddings;
using PeroCore.Memory.Graph;
using PeroCore.Memory.Indexing;
using PeroCore.Memory.Recall;
using PeroCore.Memory.Storage;
using PeroCore.Memory.Text;

namespace PeroCore.Memory;

public sealed partial class MemoryEngine
{
    // Below this many memories every query term is kept: document frequencies are too noisy to prune on.
    private const int MinDocumentsForPruning = 200;

    /// <summary>
    /// Recalls the memories most relevant to a query. Default mode: vector and full-text candidates are fused by
    /// rank, each candidate's initial energy is its exact cosine to the query rescaled above
    /// <see cref="RecallOptions.SimilarityFloor"/>, energy spreads over relations and the time axis (reaching
    /// memories that were not candidates), and the final score combines activation, lexical match, importance
    /// with time decay, and recency.
    /// </summary>
    /// <exception cref="ArgumentException">An empty query without a vector, a vector of the wrong dimension, bad options.</exception>
    public async Task<RecallResult> RecallAsync(RecallRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        var options = request.Options ?? Options.Recall;
        options.Validate();
        var recallQuery = request.ResolveQuery();
        if (recallQuery is null && request.QueryVector is null)
        {
            throw new ArgumentException("A recall needs a query text, a conversation with text, or a query vector.", nameof(request));
        }

        var query = recallQuery?.Text ?? string.Empty;
        var vector = request.QueryVector;
        if (vector is not null)
        {
            VectorValidation.EnsureValid(vector, Model.Dimensions, nameof(request));
        }
        else if (options.Mode != RecallMode.Lexical)
        {
            vector = await _queries.EmbedAsync(recallQuery!, cancellationToken).ConfigureAwait(false);
        }

        var watch = System.Diagnostics.Stopwatch.StartNew();
        var now = request.Now ?? Options.Clock.GetUtcNow();
        var context = new RecallContext(query, vector, options, request.Filter, now);
        var (ranked, vectorHits, lexicalHits, activated) = options.Mode switch
        {
            RecallMode.SeedCompat => await SeedCompatAsync(context, cancellationToken).ConfigureAwait(false),
            RecallMode.Dense or RecallMode.Lexical or RecallMode.Hybrid => await BaselineAsync(context, cancellationToken).ConfigureAwait(false),
            _ => await SpreadRecallAsync(context, cancellationToken).ConfigureAwait(false),
        };

        var top = await RerankAsync(query, ranked, options.Limit, cancellationToken).ConfigureAwait(false);
        var rows = await LoadResultRowsAsync(top.Select(t => t.Id).ToList(), options.IncludeContext, cancellationToken).ConfigureAwait(false);
        var memories = top.Where(t => rows.ContainsKey(t.Id))
            .Select(t => new RecalledMemory(rows[t.Id].Memory, t.Score, t.IsCandidate, rows[t.Id].Previous, rows[t.Id].Next))
            .ToList();
        watch.Stop();

        if (request.Reinforce && memories.Count > 0)
        {
            TrackBackground(ReinforceAsync(memories.Select(m => m.Memory.Id).ToList(), now, CancellationToken.None));
        }

        return new RecallResult(memories, vectorHits, lexicalHits, activated, watch.Elapsed) { Query = recallQuery };
    }

    /// <summary>
    /// The query vectors of several questions, embedded in one call the way <see cref="RecallAsync"/> embeds a query
    /// (for evaluations that pass them back as <see cref="RecallRequest.QueryVector"/>).
    /// </summary>
    public Task<IReadOnlyList<float[]>> EmbedQueriesAsync(IReadOnlyList<string> queries, CancellationToken cancellationToken = default) =>
        _queries.EmbedManyAsync(queries, cancellationToken);

    /// <summary>Tags whose meaning is closest to a query.</summary>
    public async Task<IReadOnlyList<TagHit>> SearchTagsAsync(string query, int limit = 10, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var vector = await _queries.EmbedTextAsync(query, cancellationToken).ConfigureAwait(false);
        var hits = TagIndex.Search(vector, limit);
        var names = await Store.Database.ReadAsync((c, ct) => c.QueryAsync(null,
            "SELECT id, name FROM tag WHERE id IN (SELECT value FROM json_each($ids))", r => (r.GetInt64(0), r.GetString(1)), ct,
            ("$ids", JsonSerializer.Serialize(hits.Select(h => h.Key)))), cancellationToken).ConfigureAwait(false);
        var byId = names.ToDictionary(n => n.Item1, n => n.Item2);
        return hits.Where(h => byId.ContainsKey(h.Key)).Select(h => new TagHit(byId[h.Key], h.Similarity)).ToList();
    }

    /// <summary>Full-text search: ids and BM25 scores normalised so the best match is 1 (best first).</summary>
    public Task<List<(long Id, double Score)>> SearchFullTextAsync(string query, int limit, CancellationToken cancellationToken = default) =>
        LexicalCandidatesAsync(query, limit, Options.Recall, cancellationToken);

    private async Task<(List<Ranked> Ranked, int VectorHits, int LexicalHits, int Activated)> SeedCompatAsync(RecallContext ctx, CancellationToken ct)
    {
        var found = SearchVectors(ctx.Vector!, ctx.Options.VectorCandidates);
        var rows = await LoadCandidateRowsAsync(found.Select(h => h.Key).ToList(), withVectors: true, ct).ConfigureAwait(false);
        var hits = Exact(found, ctx.Vector!, rows);
        var anchors = hits.Where(h => rows.TryGetValue(h.Key, out var r) && ctx.Filter.Accepts(r.Timestamp, r.Type, r.Tags))
            .Select(h => (Id: h.Key, Energy: Math.Max(0f, h.Similarity))).ToList();
        var spread = _spreader.Spread(Graph.Current, anchors, ctx.Options.Spread);
        var ranked = anchors.Select(a =>
            {
                var act = spread.GetActivation(a.Id);
                var row = rows[a.Id];
                return new Ranked(a.Id, MemoryScoring.Score(ctx.Options.Scoring, a.Energy, 0, act, row.BaseImportance, Age(ctx, row)), IsCandidate: true);
            })
            .Where(r => r.Score.Final > ctx.Options.Scoring.MinScore)
            .OrderByDescending(r => r.Score.Final).ThenBy(r => r.Id)
            .ToList();
        return (ranked, found.Count, 0, spread.ActivatedCount);
    }

    private async Task<(List<Ranked> Ranked, int VectorHits, int LexicalHits, int Activated)> BaselineAsync(RecallContext ctx, CancellationToken ct)
    {
        var o = ctx.Options;
        var dense = o.Mode == RecallMode.Lexical || ctx.Vector is null ? [] : SearchVectors(ctx.Vector, Math.Max(o.VectorCandidates, o.Limit));
        var lexical = o.Mode == RecallMode.Dense ? [] : await LexicalCandidatesAsync(ctx.Query, Math.Max(o.LexicalCandidates, o.Limit), o, ct).ConfigureAwait(false);
        var rows = await LoadCandidateRowsAsync(dense.Select(h => h.Key).Concat(lexical.Select(l => l.Id)).Distinct().ToList(), withVectors: dense.Count > 0, ct).ConfigureAwait(false);
        var vectorHits = dense.Count;
        dense = ctx.Vector is null ? dense : Exact(dense, ctx.Vector, rows);
        List<(long Id, double Score)> order = o.Mode switch
        {
            RecallMode.Dense => dense.Select(h => (h.Key, (double)h.Similarity)).ToList(),
            RecallMode.Lexical => lexical,
            _ => Fuse(dense.Select(h => h.Key).ToList(), lexical.Select(l => l.Id).ToList()),
        };
        var cos = dense.ToDictionary(h => h.Key, h => (double)h.Similarity);
        var lex = lexical.ToDictionary(l => l.Id, l => l.Score);
        var ranked = order.Where(x => rows.TryGetValue(x.Id, out var r) && ctx.Filter.Accepts(r.Timestamp, r.Type, r.Tags))
            .Select(x => new Ranked(x.Id, new ScoreBreakdown(cos.GetValueOrDefault(x.Id), lex.GetValueOrDefault(x.Id), 0, 0, 0, x.Score), IsCandidate: true))
            .ToList();
        return (ranked, vectorHits, lexical.Count, 0);

        static List<(long, double)> Fuse(List<long> a, List<long> b)
        {
            var fused = RankFusion.Reciprocal([a, b]);
            return fused.Select((id, i) => (id, 1.0 / (i + 1))).ToList();
        }
    }

    private async Task<(List<Ranked> Ranked, int VectorHits, int LexicalHits, int Activated)> SpreadRecallAsync(RecallContext ctx, CancellationToken ct)
    {
        var o = ctx.Options;
        var found = ctx.Vector is null ? [] : SearchVectors(ctx.Vector, o.VectorCandidates);
        var lexical = o.LexicalCandidates == 0 ? [] : await LexicalCandidatesAsync(ctx.Query, o.LexicalCandidates, o, ct).ConfigureAwait(false);
        var rows = await LoadCandidateRowsAsync(found.Select(h => h.Key).Concat(lexical.Select(l => l.Id)).Distinct().ToList(), withVectors: true, ct).ConfigureAwait(false);
        var dense = ctx.Vector is null ? found : Exact(found, ctx.Vector, rows);
        var fused = RankFusion.ReciprocalScores([dense.Select(h => h.Key).ToList(), lexical.Select(l => l.Id).ToList()]);
        var pool = fused.Take(o.CandidatePool).Select(f => f.Id).ToList();
        var bestFusion = fused.Count == 0 ? 1 : fused[0].Score;
        var fusion = fused.Take(o.CandidatePool).ToDictionary(f => f.Id, f => f.Score / bestFusion);
        var lex = lexical.ToDictionary(l => l.Id, l => l.Score);

        var seeds = new List<(long Id, float Energy)>(pool.Count);
        var semantic = new Dictionary<long, double>();
        foreach (var id in pool)
        {
            if (!rows.TryGetValue(id, out var row) || !ctx.Filter.Accepts(row.Timestamp, row.Type, row.Tags))
            {
                continue;
            }

            var cos = ctx.Vector is null || row.Vector is null ? 0 : VectorMath.Cosine(ctx.Vector, row.Vector);
            var energy = Energy(cos, o.SimilarityFloor);
            if (energy <= 0 && !lex.ContainsKey(id))
            {
                continue; // Below the unrelated band and no word in common: the index returned it only to fill k.
            }

            semantic[id] = cos;
            seeds.Add((id, energy));
        }

        var spread = _spreader.Spread(Graph.Current, seeds, o.Spread);
        var reached = spread.Nodes.Where(n => !n.IsSeed).Take(3 * o.Limit).Select(n => n.Id).ToList();
        var reachedRows = await LoadCandidateRowsAsync(reached, withVectors: true, ct).ConfigureAwait(false);
        foreach (var (id, row) in reachedRows)
        {
            if (ctx.Filter.Accepts(row.Timestamp, row.Type, row.Tags))
            {
                rows[id] = row;
                semantic[id] = ctx.Vector is null || row.Vector is null ? 0 : VectorMath.Cosine(ctx.Vector, row.Vector);
            }
        }

        var energies = seeds.ToDictionary(s => s.Id, s => (double)s.Energy);
        var ranked = semantic.Keys.Select(id =>
            {
                var row = rows[id];
                var total = spread.GetActivation(id);
                var isSeed = energies.TryGetValue(id, out var own);
                var activation = isSeed ? own + (o.SeedSpreadShare * Math.Max(0, total - own)) : total;
                var score = MemoryScoring.Score(o.Scoring, semantic[id], lex.GetValueOrDefault(id), activation, row.BaseImportance, Age(ctx, row));
                score = score with { Final = score.Final + (o.FusionWeight * fusion.GetValueOrDefault(id)) };
                return new Ranked(id, score, IsCandidate: isSeed);
            })
            .Where(r => r.Score.Final > o.Scoring.MinScore)
            .OrderByDescending(r => r.Score.Final).ThenBy(r => r.Id)
            .ToList();
        return (ranked, found.Count, lexical.Count, spread.ActivatedCount);
    }

    /// <summary>
    /// The vector hits re-scored with the exact cosine of the stored float32 vectors (the HNSW graph may hold them at
    /// lower precision), best first, ties by id; hits whose row is gone are dropped.
    /// </summary>
    private static List<VectorSearchHit> Exact(IReadOnlyList<VectorSearchHit> hits, float[] query, Dictionary<long, CandidateRow> rows) =>
    [
        .. hits.Where(h => rows.ContainsKey(h.Key))
            .Select(h => rows[h.Key].Vector is { } v ? new VectorSearchHit(h.Key, (float)VectorMath.Cosine(query, v)) : h)
            .OrderByDescending(h => h.Similarity).ThenBy(h => h.Key),
    ];

    /// <summary>The initial energy of a candidate: its cosine rescaled so the unrelated band maps to 0.</summary>
    private static float Energy(double cosine, double floor) => (float)Math.Max(0, (cosine - floor) / (1 - floor));

    private static double Age(RecallContext ctx, CandidateRow row) => (ctx.Now - row.Timestamp).TotalMilliseconds;

    private async Task<List<(long Id, double Score)>> LexicalCandidatesAsync(string query, int limit, RecallOptions options, CancellationToken cancellationToken)
    {
        var terms = FtsQueryBuilder.Default.ExtractTerms(query);
        if (terms.Count == 0 || limit == 0)
        {
            return [];
        }

        return await Store.Database.ReadAsync(async (c, ct) =>
        {
            var kept = terms.ToList();
            var total = Graph.Current.NodeCount;
            if (total > MinDocumentsForPruning || kept.Count > options.MaxQueryTerms)
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
                var common = total > MinDocumentsForPruning ? byRarity.Where(t => df.GetValueOrDefault(t) > options.MaxTermDocumentFraction * total).ToHashSet(StringComparer.Ordinal) : [];
                kept = [.. byRarity.Where(t => !common.Contains(t)).Take(options.MaxQueryTerms)];
                if (kept.Count == 0)
                {
                    kept = [byRarity[0]];
                }

                // Bound the ranking work: rarest terms first, until their postings exceed the budget.
                var postings = 0L;
                kept = [.. kept.TakeWhile(t => (postings += df.GetValueOrDefault(t)) <= options.MaxLexicalPostings)];
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
                "SELECT rowid, bm25(memory_fts, 1.0, 0.5) AS s FROM memory_fts WHERE memory_fts MATCH $q ORDER BY s LIMIT $k",
                r => (Id: r.GetInt64(0), Score: r.GetDouble(1)), ct, ("$q", expression), ("$k", limit)).ConfigureAwait(false);
            var best = hits.Count == 0 ? 0 : hits.Min(h => h.Score);
            return hits.Select(h => (h.Id, best < 0 ? h.Score / best : 1.0)).ToList();
        }, cancellationToken).ConfigureAwait(false);
    }

    private Task<Dictionary<long, CandidateRow>> LoadCandidateRowsAsync(IReadOnlyCollection<long> ids, bool withVectors, CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
        {
            return Task.FromResult(new Dictionary<long, CandidateRow>());
        }

        var sql = $"SELECT id, timestamp, type, tags, base_importance, {(withVectors ? "embedding" : "NULL")} FROM memory WHERE id IN (SELECT value FROM json_each($ids))";
        return Store.Database.ReadAsync(async (c, ct) =>
        {
            var rows = await c.QueryAsync(null, sql, r => new CandidateRow(r.GetInt64(0), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(1)), r.GetString(2),
                TagList.Parse(r.GetString(3)), r.GetDouble(4), r.IsDBNull(5) ? null : VectorBlob.Decode((byte[])r.GetValue(5))), ct,
                ("$ids", JsonSerializer.Serialize(ids))).ConfigureAwait(false);
            return rows.ToDictionary(r => r.Id);
        }, cancellationToken);
    }

    private Task<Dictionary<long, (MemoryRecord Memory, string? Previous, string? Next)>> LoadResultRowsAsync(List<long> ids, bool withContext, CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
        {
            return Task.FromResult(new Dictionary<long, (MemoryRecord, string?, string?)>());
        }

        var columns = string.Join(", ", MemoryRepository.ColumnsWithoutEmbedding.Split(", ").Select(c => c.StartsWith("NULL", StringComparison.Ordinal) ? c : "m." + c));
        var sql = withContext
            ? $"SELECT {columns}, p.content, n.content FROM memory m LEFT JOIN memory p ON p.id = m.prev_id LEFT JOIN memory n ON n.id = m.next_id WHERE m.id IN (SELECT value FROM json_each($ids))"
            : $"SELECT {columns}, NULL, NULL FROM memory m WHERE m.id IN (SELECT value FROM json_each($ids))";
        return Store.Database.ReadAsync(async (c, ct) =>
        {
            var rows = await c.QueryAsync(null, sql, r => (MemoryRepository.Map(r), r.IsDBNull(18) ? null : r.GetString(18), r.IsDBNull(19) ? null : r.GetString(19)), ct,
                ("$ids", JsonSerializer.Serialize(ids))).ConfigureAwait(false);
            return rows.ToDictionary(r => r.Item1.Id, r => (r.Item1, r.Item2, r.Item3));
        }, cancellationToken);
    }

    private async Task<List<Ranked>> RerankAsync(string query, List<Ranked> ranked, int limit, CancellationToken cancellationToken)
    {
        var reranker = Reranker;
        if (reranker is null || ranked.Count <= 1 || string.IsNullOrWhiteSpace(query))
        {
            return ranked.Take(limit).ToList();
        }

        var pool = ranked.Take(2 * limit).ToList();
        var rows = await LoadResultRowsAsync(pool.Select(p => p.Id).ToList(), withContext: false, cancellationToken).ConfigureAwait(false);
        var order = await reranker.RerankAsync(query, pool.Where(p => rows.ContainsKey(p.Id)).Select(p => (p.Id, rows[p.Id].Memory.Content)).ToList(), limit, cancellationToken).ConfigureAwait(false);
        var byId = pool.ToDictionary(p => p.Id);
        return order.Where(byId.ContainsKey).Select(id => byId[id]).Take(limit).ToList();
    }

    private async Task ReinforceAsync(List<long> ids, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await Store.Database.WriteAsync((tx, ct) => tx.Connection!.ExecuteAsync(tx, """
            UPDATE memory SET access_count = access_count + 1, last_accessed = $now, updated_at = $now,
                base_importance = min(10.0, round(base_importance + 0.1, 6)),
                importance = max(importance, CAST(min(10.0, round(base_importance + 0.1, 6)) AS INTEGER))
            WHERE id IN (SELECT value FROM json_each($ids))
            """, ct, ("$now", now.ToUnixTimeMilliseconds()), ("$ids", JsonSerializer.Serialize(ids))), cancellationToken).ConfigureAwait(false);
    }

    private void TrackBackground(Task task)
    {
        lock (_background)
        {
            _background.RemoveAll(t => t.IsCompleted);
            _background.Add(task);
        }
    }

    private sealed record RecallContext(string Query, float[]? Vector, RecallOptions Options, RecallFilter Filter, DateTimeOffset Now);

    private sealed record CandidateRow(long Id, DateTimeOffset Timestamp, string Type, IReadOnlyList<string> Tags, double BaseImportance, float[]? Vector);

    private sealed record Ranked(long Id, ScoreBreakdown Score, bool IsCandidate);
}
