using PeroCore.Memory.Embeddings;
using PeroCore.Memory.Graph;
using PeroCore.Memory.Storage;
using PeroCore.Memory.Text;

namespace PeroCore.Memory.Recall;

/// <summary>
/// Second-stage signals of the <see cref="RecallMode.Default"/> pipeline: bonuses added to the final score of the best
/// <see cref="RecallOptions.SecondStagePool"/> memories of the first stage (candidates and the memories the spread
/// reached), never a filter:
/// <list type="bullet">
/// <item>time (<see cref="RecallOptions.TimeWeight"/>): memories inside the window a query names ("last week", "in
/// May", "昨天"; see <see cref="TimeWindowParser"/>), relative to the recall's clock;</item>
/// <item>context (<see cref="RecallOptions.ContextWeight"/>): the similarity of the query to a memory read together
/// with its time-axis neighbour: the memory's vector plus its previous or its next memory's vector, normalised, the
/// better of the two, rescaled like the initial energy;</item>
/// <item>follow-up (<see cref="RecallOptions.FollowUpWeight"/>): how well the memory one or two places before it on
/// the time axis matches the query, rescaled like the initial energy (the better of the two): in a conversation the
/// answer comes after the turn that names the topic, and two places back is the same speaker's previous turn;</item>
/// <item>length (<see cref="RecallOptions.LengthWeight"/>): the content's length up to
/// <see cref="RecallOptions.LengthSaturation"/> characters, as a share: a one-line acknowledgement ("Take care!")
/// rarely holds what a question asks for.</item>
/// </list>
/// They need nothing beyond the stored vectors (the neighbours' read from the vector index) and the content's length.
/// </summary>
internal sealed class RecallSignals(EngineContext context, RecallStore rows)
{
    /// <summary>The bonus of each memory of <paramref name="scored"/> (ids absent from the result get none).</summary>
    /// <param name="query">The full-text query (time phrases are read from it).</param>
    /// <param name="vector">The query vector, if any.</param>
    /// <param name="options">The recall's options.</param>
    /// <param name="now">The recall's clock.</param>
    /// <param name="scored">The memories to re-score, with their rows (vectors included when the recall had them).</param>
    /// <param name="includeArchived">Whether archived neighbours count (as the recall's filter says).</param>
    /// <param name="cancellationToken">Cancels the lookups.</param>
    public async Task<Dictionary<long, double>> BonusAsync(string query, float[]? vector, RecallOptions options, DateTimeOffset now,
        IReadOnlyDictionary<long, CandidateRow> scored, bool includeArchived, CancellationToken cancellationToken)
    {
        var bonus = new Dictionary<long, double>();
        void Add(long id, double value) => bonus[id] = bonus.GetValueOrDefault(id) + value;
        if (options.TimeWeight > 0 && TimeWindowParser.Parse(query, now) is { } window)
        {
            foreach (var (id, row) in scored)
            {
                if (window.Contains(row.Timestamp))
                {
                    Add(id, options.TimeWeight);
                }
            }
        }

        if (options.LengthWeight > 0)
        {
            foreach (var (id, row) in scored)
            {
                Add(id, options.LengthWeight * Math.Min(row.Length, options.LengthSaturation) / options.LengthSaturation);
            }
        }

        if ((options.ContextWeight > 0 || options.FollowUpWeight > 0) && vector is not null && scored.Count > 0)
        {
            var neighbours = await NeighboursAsync(scored, options.FollowUpWeight > 0, includeArchived, cancellationToken).ConfigureAwait(false);
            var sum = new float[vector.Length];
            foreach (var (id, row) in scored)
            {
                if (row.Vector is not { } own || !neighbours.TryGetValue(id, out var around))
                {
                    continue;
                }

                if (options.ContextWeight > 0)
                {
                    var best = double.NegativeInfinity;
                    foreach (var other in (ReadOnlySpan<float[]?>)[around.Previous, around.Next])
                    {
                        if (other is not null && other.Length == own.Length)
                        {
                            for (var d = 0; d < sum.Length; d++)
                            {
                                sum[d] = own[d] + other[d];
                            }

                            best = Math.Max(best, VectorMath.Cosine(vector, sum));
                        }
                    }

                    if (!double.IsNegativeInfinity(best))
                    {
                        Add(id, options.ContextWeight * MemoryScoring.Energy(best, options.SimilarityFloor));
                    }
                }

                if (options.FollowUpWeight > 0)
                {
                    var best = 0d;
                    foreach (var earlier in (ReadOnlySpan<float[]?>)[around.Previous, around.BeforePrevious])
                    {
                        if (earlier is not null && earlier.Length == vector.Length)
                        {
                            best = Math.Max(best, MemoryScoring.Energy(VectorMath.Cosine(vector, earlier), options.SimilarityFloor));
                        }
                    }

                    Add(id, options.FollowUpWeight * best);
                }
            }
        }

        return bonus;
    }

    /// <summary>The vectors of each memory's time-axis neighbours: previous, next, and (when asked) the one before the previous.</summary>
    private async Task<Dictionary<long, Around>> NeighboursAsync(IReadOnlyDictionary<long, CandidateRow> scored, bool beforePrevious, bool includeArchived,
        CancellationToken cancellationToken)
    {
        var graph = context.Graph.Current;
        long? Adjacent(long id, GraphEdgeKind kind)
        {
            foreach (var n in graph.GetNeighbors(id))
            {
                if (n.Kind == kind)
                {
                    return n.Id;
                }
            }

            return null;
        }

        var links = scored.Keys.ToDictionary(id => id, id =>
        {
            var previous = Adjacent(id, GraphEdgeKind.TimePrevious);
            return (Previous: previous, Next: Adjacent(id, GraphEdgeKind.TimeNext),
                BeforePrevious: beforePrevious && previous is { } p ? Adjacent(p, GraphEdgeKind.TimePrevious) : null);
        });
        var missing = links.Values.SelectMany(l => (long?[])[l.Previous, l.Next, l.BeforePrevious])
            .Where(id => id is { } i && (!scored.TryGetValue(i, out var r) || r.Vector is null)).Select(id => id!.Value).Distinct().ToList();
        // The neighbours' vectors come from the vector index (in memory, at its precision: enough for a bonus); the few it
        // lacks are read from the database. Archived neighbours count only when the recall includes archived memories.
        var fetched = context.Index.GetVectors(missing);
        var absent = missing.Where(id => !fetched.ContainsKey(id)).ToList();
        if (!includeArchived)
        {
            foreach (var id in await rows.ArchivedAsync(fetched.Keys, cancellationToken).ConfigureAwait(false))
            {
                fetched.Remove(id);
            }
        }

        foreach (var (id, row) in await rows.CandidatesAsync(absent, withVectors: true, includeArchived, cancellationToken).ConfigureAwait(false))
        {
            if (row.Vector is not null && VectorMath.Norm(row.Vector) > 0)
            {
                fetched[id] = VectorMath.Normalize(row.Vector); // unit length, as the index's copies are
            }
        }

        float[]? VectorOf(long? id) => id is not { } i ? null
            : scored.TryGetValue(i, out var r) && r.Vector is not null ? r.Vector : fetched.GetValueOrDefault(i);
        return links.ToDictionary(l => l.Key, l => new Around(VectorOf(l.Value.Previous), VectorOf(l.Value.Next), VectorOf(l.Value.BeforePrevious)));
    }

    private readonly record struct Around(float[]? Previous, float[]? Next, float[]? BeforePrevious);
}
