using PeroCore.Memory.Embeddings;
using PeroCore.Memory.Graph;
using PeroCore.Memory.Indexing;
using PeroCore.Memory.Storage;

namespace PeroCore.Memory.Recall;

/// <summary>
/// The recall pipeline. Default mode: vector and full-text candidates are fused by rank, each candidate's initial
/// energy is its exact cosine to the query rescaled above <see cref="RecallOptions.SimilarityFloor"/>, energy spreads
/// over relations and the time axis (reaching memories that were not candidates), and the final score combines
/// activation, lexical match, importance with time decay, and recency. The baseline modes (dense, lexical, hybrid)
/// and the original's rule (<see cref="RecallMode.SeedCompat"/>) share the candidate stages.
/// </summary>
internal sealed class MemoryRecaller(EngineContext context, ReachabilityAudit vectors, QueryEmbedder queries, RecallStore rows, FullTextSearch fullText)
{
    private readonly SpreadingActivationEngine _spreader = new();
    private readonly RecallSignals _signals = new(context, rows);

    /// <summary>Answers one request (see <see cref="MemoryEngine.RecallAsync"/>).</summary>
    public async Task<RecallResult> RecallAsync(RecallRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var options = request.Options ?? context.Options.Recall;
        options.Validate();
        var recallQuery = request.ResolveQuery();
        if (recallQuery is null && request.QueryVector is null)
        {
            throw new ArgumentException("A recall needs a query text, a conversation with text, or a query vector.", nameof(request));
        }

        var query = recallQuery?.Text ?? string.Empty;
        var vector = request.QueryVector;
        var embedding = TimeSpan.Zero;
        if (vector is not null)
        {
            VectorValidation.EnsureValid(vector, context.Model.Dimensions, nameof(request));
        }
        else if (options.Mode != RecallMode.Lexical)
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            vector = await queries.EmbedAsync(recallQuery!, cancellationToken).ConfigureAwait(false);
            embedding = System.Diagnostics.Stopwatch.GetElapsedTime(started);
        }

        var watch = System.Diagnostics.Stopwatch.StartNew();
        var now = request.Now ?? context.Options.Clock.GetUtcNow();
        var ctx = new RecallContext(query, vector, options, request.Filter, now);
        var (ranked, vectorHits, lexicalHits, activated) = options.Mode switch
        {
            RecallMode.SeedCompat => await SeedCompatAsync(ctx, cancellationToken).ConfigureAwait(false),
            RecallMode.Dense or RecallMode.Lexical or RecallMode.Hybrid => await BaselineAsync(ctx, cancellationToken).ConfigureAwait(false),
            _ => await SpreadRecallAsync(ctx, cancellationToken).ConfigureAwait(false),
        };

        var top = await RerankAsync(query, ranked, options.Limit, cancellationToken).ConfigureAwait(false);
        var results = await rows.ResultsAsync(top.Select(t => t.Id).ToList(), options.IncludeContext, cancellationToken).ConfigureAwait(false);
        var memories = top.Where(t => results.ContainsKey(t.Id))
            .Select(t => new RecalledMemory(results[t.Id].Memory, t.Score, t.IsCandidate, results[t.Id].Previous, results[t.Id].Next))
            .ToList();
        watch.Stop();

        if (request.Reinforce && memories.Count > 0)
        {
            context.Track(rows.ReinforceAsync(memories.Select(m => m.Memory.Id).ToList(), now, CancellationToken.None));
        }

        return new RecallResult(memories, vectorHits, lexicalHits, activated, watch.Elapsed) { Query = recallQuery, EmbeddingElapsed = embedding };
    }

    /// <summary>Tags whose meaning is closest to a query.</summary>
    public async Task<IReadOnlyList<TagHit>> SearchTagsAsync(string query, int limit, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var vector = await queries.EmbedTextAsync(query, cancellationToken).ConfigureAwait(false);
        var hits = context.TagIndex.Search(vector, limit);
        var byId = await rows.TagNamesAsync(hits.Select(h => h.Key), cancellationToken).ConfigureAwait(false);
        return hits.Where(h => byId.ContainsKey(h.Key)).Select(h => new TagHit(byId[h.Key], h.Similarity)).ToList();
    }

    /// <summary>Full-text candidates under the budget of <paramref name="options"/>: ids and BM25 scores normalised so the best is 1.</summary>
    public Task<List<(long Id, double Score)>> SearchFullTextAsync(string query, int limit, RecallOptions options, CancellationToken cancellationToken) =>
        fullText.SearchAsync(query, limit, context.Graph.Current.NodeCount, options.MaxQueryTerms, options.MaxTermDocumentFraction, options.MaxLexicalPostings,
            cancellationToken);

    private async Task<(List<Ranked> Ranked, int VectorHits, int LexicalHits, int Activated)> SeedCompatAsync(RecallContext ctx, CancellationToken ct)
    {
        var found = vectors.Search(ctx.Vector!, ctx.Options.VectorCandidates);
        var candidates = await rows.CandidatesAsync(found.Select(h => h.Key).ToList(), withVectors: true, ctx.Filter.IncludeArchived, ct).ConfigureAwait(false);
        var hits = Exact(found, ctx.Vector!, candidates);
        var anchors = hits.Where(h => candidates.TryGetValue(h.Key, out var r) && ctx.Filter.Accepts(r.Timestamp, r.Type, r.Tags))
            .Select(h => (Id: h.Key, Energy: Math.Max(0f, h.Similarity))).ToList();
        var spread = _spreader.Spread(context.Graph.Current, anchors, ctx.Options.Spread);
        var ranked = anchors.Select(a =>
            {
                var act = spread.GetActivation(a.Id);
                var row = candidates[a.Id];
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
        var dense = o.Mode == RecallMode.Lexical || ctx.Vector is null ? [] : vectors.Search(ctx.Vector, Math.Max(o.VectorCandidates, o.Limit));
        var lexical = o.Mode == RecallMode.Dense ? [] : await SearchFullTextAsync(ctx.Query, Math.Max(o.LexicalCandidates, o.Limit), o, ct).ConfigureAwait(false);
        var candidates = await rows.CandidatesAsync(dense.Select(h => h.Key).Concat(lexical.Select(l => l.Id)).Distinct().ToList(), withVectors: dense.Count > 0, ctx.Filter.IncludeArchived, ct).ConfigureAwait(false);
        var vectorHits = dense.Count;
        dense = ctx.Vector is null ? dense : Exact(dense, ctx.Vector, candidates);
        List<(long Id, double Score)> order = o.Mode switch
        {
            RecallMode.Dense => dense.Select(h => (h.Key, (double)h.Similarity)).ToList(),
            RecallMode.Lexical => lexical,
            _ => Fuse(dense.Select(h => h.Key).ToList(), lexical.Select(l => l.Id).ToList()),
        };
        var cos = dense.ToDictionary(h => h.Key, h => (double)h.Similarity);
        var lex = lexical.ToDictionary(l => l.Id, l => l.Score);
        var ranked = order.Where(x => candidates.TryGetValue(x.Id, out var r) && ctx.Filter.Accepts(r.Timestamp, r.Type, r.Tags))
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
        var found = ctx.Vector is null ? [] : vectors.Search(ctx.Vector, o.VectorCandidates);
        var lexical = o.LexicalCandidates == 0 ? [] : await SearchFullTextAsync(ctx.Query, o.LexicalCandidates, o, ct).ConfigureAwait(false);
        var candidates = await rows.CandidatesAsync(found.Select(h => h.Key).Concat(lexical.Select(l => l.Id)).Distinct().ToList(), withVectors: true, ctx.Filter.IncludeArchived, ct).ConfigureAwait(false);
        var dense = ctx.Vector is null ? found : Exact(found, ctx.Vector, candidates);
        var fused = RankFusion.ReciprocalScores([dense.Select(h => h.Key).ToList(), lexical.Select(l => l.Id).ToList()]);
        var pool = fused.Take(o.CandidatePool).Select(f => f.Id).ToList();
        var bestFusion = fused.Count == 0 ? 1 : fused[0].Score;
        var fusion = fused.Take(o.CandidatePool).ToDictionary(f => f.Id, f => f.Score / bestFusion);
        var lex = lexical.ToDictionary(l => l.Id, l => l.Score);

        var seeds = new List<(long Id, float Energy)>(pool.Count);
        var semantic = new Dictionary<long, double>();
        foreach (var id in pool)
        {
            if (!candidates.TryGetValue(id, out var row) || !ctx.Filter.Accepts(row.Timestamp, row.Type, row.Tags))
            {
                continue;
            }

            var cos = ctx.Vector is null || row.Vector is null ? 0 : VectorMath.Cosine(ctx.Vector, row.Vector);
            var energy = (float)MemoryScoring.Energy(cos, o.SimilarityFloor);
            if (energy <= 0 && !lex.ContainsKey(id))
            {
                continue; // Below the unrelated band and no word in common: the index returned it only to fill k.
            }

            semantic[id] = cos;
            seeds.Add((id, energy));
        }

        var spread = _spreader.Spread(context.Graph.Current, seeds, o.Spread);
        var reached = spread.Nodes.Where(n => !n.IsSeed).Take(3 * o.Limit).Select(n => n.Id).ToList();
        var reachedRows = await rows.CandidatesAsync(reached, withVectors: true, ctx.Filter.IncludeArchived, ct).ConfigureAwait(false);
        foreach (var (id, row) in reachedRows)
        {
            if (ctx.Filter.Accepts(row.Timestamp, row.Type, row.Tags))
            {
                candidates[id] = row;
                semantic[id] = ctx.Vector is null || row.Vector is null ? 0 : VectorMath.Cosine(ctx.Vector, row.Vector);
            }
        }

        var energies = seeds.ToDictionary(s => s.Id, s => (double)s.Energy);
        var ranked = semantic.Keys.Select(id =>
            {
                var row = candidates[id];
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
        ranked = await AddSignalsAsync(ctx, ranked, ranked.Take(o.SecondStagePool).ToDictionary(r => r.Id, r => candidates[r.Id]), ct).ConfigureAwait(false);
        ranked = await BoostEntitiesAsync(ctx, ranked, ct).ConfigureAwait(false);
        return (ranked, found.Count, lexical.Count, spread.ActivatedCount);
    }

    /// <summary>Adds the second-stage signals (<see cref="RecallSignals"/>) and re-sorts.</summary>
    private async Task<List<Ranked>> AddSignalsAsync(RecallContext ctx, List<Ranked> ranked, Dictionary<long, CandidateRow> scored, CancellationToken ct)
    {
        var bonus = await _signals.BonusAsync(ctx.Query, ctx.Vector, ctx.Options, ctx.Now, scored, ctx.Filter.IncludeArchived, ct).ConfigureAwait(false);
        return bonus.Count == 0
            ? ranked
            : [.. ranked.Select(r => bonus.TryGetValue(r.Id, out var b) ? r with { Score = r.Score with { Final = r.Score.Final + b } } : r)
                .OrderByDescending(r => r.Score.Final).ThenBy(r => r.Id)];
    }

    /// <summary>Adds the entity signal (<see cref="RecallOptions.EntityWeight"/>) to the best memories and re-sorts them.</summary>
    private async Task<List<Ranked>> BoostEntitiesAsync(RecallContext ctx, List<Ranked> ranked, CancellationToken ct)
    {
        var weight = ctx.Options.EntityWeight;
        var entities = weight > 0 ? Text.EntityTerms.Extract(ctx.Query) : [];
        if (entities.Count == 0 || ranked.Count <= 1)
        {
            return ranked;
        }

        var head = ranked.Take(3 * ctx.Options.Limit).ToList();
        var contents = await rows.ResultsAsync(head.Select(r => r.Id).ToList(), withContext: false, ct).ConfigureAwait(false);
        var boosted = head
            .Select(r => contents.TryGetValue(r.Id, out var row)
                ? r with { Score = r.Score with { Final = r.Score.Final + (weight * Text.EntityTerms.Overlap(entities, row.Memory.Content)) } }
                : r)
            .OrderByDescending(r => r.Score.Final).ThenBy(r => r.Id)
            .ToList();
        return [.. boosted, .. ranked.Skip(head.Count)];
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

    private static double Age(RecallContext ctx, CandidateRow row) => (ctx.Now - row.Timestamp).TotalMilliseconds;

    private async Task<List<Ranked>> RerankAsync(string query, List<Ranked> ranked, int limit, CancellationToken cancellationToken)
    {
        var reranker = context.Options.Reranker;
        if (reranker is null || ranked.Count <= 1 || string.IsNullOrWhiteSpace(query))
        {
            return ranked.Take(limit).ToList();
        }

        var pool = ranked.Take(2 * limit).ToList();
        var contents = await rows.ResultsAsync(pool.Select(p => p.Id).ToList(), withContext: false, cancellationToken).ConfigureAwait(false);
        var order = await reranker.RerankAsync(query, pool.Where(p => contents.ContainsKey(p.Id)).Select(p => (p.Id, contents[p.Id].Memory.Content)).ToList(), limit, cancellationToken).ConfigureAwait(false);
        var byId = pool.ToDictionary(p => p.Id);
        return order.Where(byId.ContainsKey).Select(id => byId[id]).Take(limit).ToList();
    }

    private sealed record RecallContext(string Query, float[]? Vector, RecallOptions Options, RecallFilter Filter, DateTimeOffset Now);

    private sealed record Ranked(long Id, ScoreBreakdown Score, bool IsCandidate);
}
