using PeroCore.Memory.Embeddings;
using PeroCore.Memory.Graph;
using PeroCore.Memory.Storage;
using PeroCore.Memory.Text;

namespace PeroCore.Memory.Recall;

/// <summary>
/// Second-stage signals of the <see cref="RecallMode.Default"/> pipeline, each a bonus added to the final score of the
/// memories already scored (candidates and the memories the spread reached), never a filter:
/// <list type="bullet">
/// <item>time (<see cref="RecallOptions.TimeWeight"/>): memories inside the window a query names ("last week", "in
/// May", "昨天"; see <see cref="TimeWindowParser"/>), relative to the recall's clock;</item>
/// <item>context (<see cref="RecallOptions.ContextWeight"/>): the similarity of the query to a memory read together
/// with its time-axis neighbour: the memory's vector plus its previous or its next memory's vector, normalised, the
/// better of the two, rescaled like the initial energy. It needs nothing beyond the stored vectors.</item>
/// </list>
/// </summary>
internal sealed class RecallSignals(EngineContext context, RecallStore rows)
{
    /// <summary>The bonus of each memory of <paramref name="scored"/> (ids absent from the result get none).</summary>
    /// <param name="query">The full-text query (time phrases are read from it).</param>
    /// <param name="vector">The query vector, if any.</param>
    /// <param name="options">The recall's options.</param>
    /// <param name="now">The recall's clock.</param>
    /// <param name="scored">The memories scored so far, with their rows (vectors included when the recall had them).</param>
    /// <param name="includeArchived">Whether archived neighbours count (as the recall's filter says).</param>
    /// <param name="cancellationToken">Cancels the lookups.</param>
    public async Task<Dictionary<long, double>> BonusAsync(string query, float[]? vector, RecallOptions options, DateTimeOffset now,
        IReadOnlyDictionary<long, CandidateRow> scored, bool includeArchived, CancellationToken cancellationToken)
    {
        var bonus = new Dictionary<long, double>();
        if (options.TimeWeight > 0 && TimeWindowParser.Parse(query, now) is { } window)
        {
            foreach (var (id, row) in scored)
            {
                if (window.Contains(row.Timestamp))
                {
                    bonus[id] = options.TimeWeight;
                }
            }
        }

        if (options.ContextWeight > 0 && vector is not null && scored.Count > 0)
        {
            var cosines = await NeighbourContextAsync(vector, scored, includeArchived, cancellationToken).ConfigureAwait(false);
            foreach (var (id, cos) in cosines)
            {
                var energy = Math.Max(0, (cos - options.SimilarityFloor) / (1 - options.SimilarityFloor));
                bonus[id] = bonus.GetValueOrDefault(id) + (options.ContextWeight * energy);
            }
        }

        return bonus;
    }

    private async Task<Dictionary<long, double>> NeighbourContextAsync(float[] query, IReadOnlyDictionary<long, CandidateRow> scored, bool includeArchived,
        CancellationToken cancellationToken)
    {
        var graph = context.Graph.Current;
        var neighbours = scored.Keys.ToDictionary(id => id, id => graph.GetNeighbors(id)
            .Where(n => n.Kind is GraphEdgeKind.TimePrevious or GraphEdgeKind.TimeNext).Select(n => n.Id).ToList());
        var missing = neighbours.Values.SelectMany(n => n).Where(id => !scored.TryGetValue(id, out var r) || r.Vector is null).Distinct().ToList();
        var fetched = await rows.CandidatesAsync(missing, withVectors: true, includeArchived, cancellationToken).ConfigureAwait(false);
        var result = new Dictionary<long, double>();
        var sum = new float[query.Length];
        foreach (var (id, around) in neighbours)
        {
            if (scored[id].Vector is not { } own)
            {
                continue;
            }

            var best = double.NegativeInfinity;
            foreach (var n in around)
            {
                var other = scored.TryGetValue(n, out var r) && r.Vector is not null ? r.Vector : fetched.GetValueOrDefault(n)?.Vector;
                if (other is null || other.Length != own.Length)
                {
                    continue;
                }

                for (var d = 0; d < sum.Length; d++)
                {
                    sum[d] = own[d] + other[d];
                }

                best = Math.Max(best, VectorMath.Cosine(query, sum));
            }

            if (!double.IsNegativeInfinity(best))
            {
                result[id] = best;
            }
        }

        return result;
    }
}
