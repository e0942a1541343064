using System.Diagnostics;
using Microsoft.Extensions.AI;
using PeroCore.Memory;
using PeroCore.Memory.Embeddings;
using PeroCore.Memory.Ingestion;
using PeroCore.Memory.Recall;
using PeroCore.Memory.Storage;

namespace PeroCore.Evaluation.Locomo;

/// <summary>
/// Runs the LoCoMo retrieval evaluation: one fresh store per conversation, every turn ingested through the real
/// pipeline (session dates as timestamps, one time-axis chain), the clock one day after the last session,
/// reinforcement off, equal importance; every question of categories 1–4 with evidence is asked of every
/// variant. Deterministic for a deterministic embedder; no LLM.
/// </summary>
public sealed class LocomoEvaluator
{
    private readonly IEmbeddingGenerator<string, Embedding<float>> _embedder;
    private readonly MemoryEngineOptions _engineOptions;
    private readonly string _workDirectory;

    /// <summary>Creates the evaluator.</summary>
    /// <param name="embedder">The embedding model (shared across conversations).</param>
    /// <param name="engineOptions">Engine settings (ingestion as in production).</param>
    /// <param name="workDirectory">Where the temporary stores are created (deleted afterwards).</param>
    public LocomoEvaluator(IEmbeddingGenerator<string, Embedding<float>> embedder, MemoryEngineOptions engineOptions, string workDirectory)
    {
        _embedder = embedder ?? throw new ArgumentNullException(nameof(embedder));
        _engineOptions = engineOptions ?? throw new ArgumentNullException(nameof(engineOptions));
        _workDirectory = workDirectory ?? throw new ArgumentNullException(nameof(workDirectory));
    }

    /// <summary>The four variants the evaluation reports: dense only, BM25 only, hybrid (rank fusion), the full pipeline.</summary>
    public static IReadOnlyList<(string Name, RecallOptions Options)> StandardVariants(RecallOptions full)
    {
        ArgumentNullException.ThrowIfNull(full);
        var baseline = full with { Limit = 20, VectorCandidates = 20, LexicalCandidates = 20 };
        return
        [
            ("dense", baseline with { Mode = RecallMode.Dense }),
            ("bm25", baseline with { Mode = RecallMode.Lexical }),
            ("hybrid", baseline with { Mode = RecallMode.Hybrid }),
            ("full", full with { Limit = 20 }),
        ];
    }

    /// <summary>Evaluates every variant on every conversation.</summary>
    public async Task<LocomoReport> RunAsync(IReadOnlyList<LocomoConversation> conversations, IReadOnlyList<(string Name, RecallOptions Options)> variants,
        IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(conversations);
        ArgumentNullException.ThrowIfNull(variants);
        var report = new LocomoReport();
        foreach (var conversation in conversations)
        {
            var folder = Path.Combine(_workDirectory, $"locomo-{conversation.SampleId}-{Guid.NewGuid():N}");
            Directory.CreateDirectory(folder);
            try
            {
                await EvaluateAsync(conversation, variants, folder, report, progress, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                TryDelete(folder);
            }
        }

        return report;
    }

    private async Task EvaluateAsync(LocomoConversation conversation, IReadOnlyList<(string Name, RecallOptions Options)> variants, string folder,
        LocomoReport report, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var clock = new FixedTimeProvider(conversation.LastSessionTime.AddDays(1));
        var store = await PeroStore.OpenAsync(Path.Combine(folder, "perocore.db"), new PeroDatabaseOptions { Clock = clock }, cancellationToken).ConfigureAwait(false);
        await using (store.ConfigureAwait(false))
        {
            // Synchronous single-threaded HNSW insertion in turn order builds the same graph on every run, so the
            // evaluation is deterministic.
            var engineOptions = _engineOptions with
            {
                IndexDirectory = Path.Combine(folder, "index"),
                Clock = clock,
                Index = _engineOptions.Index with { IndexingMode = PeroCore.Memory.Indexing.VectorIndexingMode.Synchronous, IndexingThreads = 1 },
            };
            var engine = await MemoryEngine.OpenAsync(store, _embedder, engineOptions, cancellationToken: cancellationToken).ConfigureAwait(false);
            await using (engine.ConfigureAwait(false))
            {
                progress?.Report($"{conversation.SampleId}: ingesting {conversation.Turns.Count} turns");
                var watch = Stopwatch.StartNew();
                var imported = await engine.ImportAsync(conversation.Turns.Select(t => new NewMemory
                {
                    Content = t.MemoryText,
                    Timestamp = t.Timestamp,
                    Source = "locomo",
                    Type = "event",
                }).ToList(), cancellationToken, options: new ImportOptions { Relations = RelationLinking.Inline }).ConfigureAwait(false);
                await engine.WaitForIndexingAsync(cancellationToken).ConfigureAwait(false);
                await engine.WaitForAuditAsync(cancellationToken).ConfigureAwait(false); // the orphan set must not depend on timing
                report.IngestTime += watch.Elapsed;
                report.Turns += conversation.Turns.Count;
                var turnOf = imported.Ids.Select((id, i) => (id, conversation.Turns[i])).ToDictionary(x => x.id, x => x.Item2);

                var results = variants.ToDictionary(v => v.Name, v => new LocomoVariantResult(v.Name), StringComparer.Ordinal);
                report.Conversations[conversation.SampleId] = results;
                var questions = conversation.Questions.Where(q => q.Category is >= 1 and <= 4).ToList();
                report.MalformedEvidence += questions.Sum(q => q.MalformedEvidence);
                report.RepairedEvidence += questions.Sum(q => q.RepairedEvidence);
                questions = questions.Where(q => q.Evidence.Count > 0).ToList();
                report.Questions += questions.Count;
                progress?.Report($"{conversation.SampleId}: asking {questions.Count} questions of {variants.Count} variants");

                var queryVectors = await engine.EmbedQueriesAsync([.. questions.Select(q => q.Question)], cancellationToken).ConfigureAwait(false);
                for (var qi = 0; qi < questions.Count; qi++)
                {
                    var question = questions[qi];
                    var evidence = question.Evidence.ToHashSet(StringComparer.Ordinal);
                    var sessions = question.Evidence.Select(LocomoConversation.SessionOf).ToHashSet();
                    foreach (var (name, options) in variants)
                    {
                        var started = Stopwatch.GetTimestamp();
                        var result = await engine.RecallAsync(new RecallRequest
                        {
                            Query = question.Question,
                            QueryVector = queryVectors[qi],
                            Options = options with { Limit = 20, IncludeContext = false },
                        }, cancellationToken).ConfigureAwait(false);
                        var elapsed = Stopwatch.GetElapsedTime(started);
                        var turns = result.Memories.Select(m => turnOf[m.Memory.Id]).ToList();
                        var r = results[name];
                        r.LatenciesMs.Add(elapsed.TotalMilliseconds);
                        r.Turn.Add(FirstRank(turns, t => evidence.Contains(t.DiaId)));
                        r.Session.Add(FirstRank(turns, t => sessions.Contains(t.SessionNumber)));
                    }
                }
            }
        }
    }

    private static int? FirstRank(List<LocomoTurn> turns, Func<LocomoTurn, bool> relevant)
    {
        var i = turns.FindIndex(t => relevant(t));
        return i < 0 ? null : i + 1;
    }

    private static void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
