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

    /// <summary>
    /// The full pipeline with its second-stage signals varied (<c>perocore eval locomo --signals</c>), beside
    /// <see cref="StandardVariants"/>: without the time signal, without the context signal (both on by default),
    /// with each stronger or weaker, and larger candidate pools.
    /// </summary>
    public static IReadOnlyList<(string Name, RecallOptions Options)> SignalVariants(RecallOptions full)
    {
        ArgumentNullException.ThrowIfNull(full);
        var f = full with { Limit = 20 };
        var before = WithoutSecondStage(f);
        return
        [
            ("before", before),
            ("full-time", f with { TimeWeight = 0 }),
            ("full-ctx", f with { ContextWeight = 0 }),
            ("full-follow", f with { FollowUpWeight = 0 }),
            ("full-length", f with { LengthWeight = 0 }),
            ("fusion0", f with { FusionWeight = 0 }),
            ("fusion0.05", f with { FusionWeight = 0.05 }),
            ("fusion0.2", f with { FusionWeight = 0.2 }),
            ("ctx0.7", f with { ContextWeight = 0.7 }),
            ("ctx1.3", f with { ContextWeight = 1.3 }),
            ("follow0.3", f with { FollowUpWeight = 0.3 }),
            ("length0.15", f with { LengthWeight = 0.15 }),
            ("length0.25", f with { LengthWeight = 0.25 }),
            ("stage2-60", f with { SecondStagePool = 60 }),
            ("pool50", f with { VectorCandidates = 50, LexicalCandidates = 50, CandidatePool = 100, SecondStagePool = 60 }),
            ("pool20", f with { VectorCandidates = 20, LexicalCandidates = 20, CandidatePool = 40 }),
            ("fusion0+ctx0.7", f with { FusionWeight = 0, ContextWeight = 0.7 }),
        ];
    }

    /// <summary>
    /// <paramref name="full"/> as the <c>Default</c> preset was before the second stage (until 2026-12-03): 20 vector and 20
    /// full-text candidates, rank fusion at 0.2, the context signal at 0.4 over every scored memory, no follow-up or
    /// length signal. The <c>before</c> variant and the bench's comparison row.
    /// </summary>
    public static RecallOptions WithoutSecondStage(RecallOptions full)
    {
        ArgumentNullException.ThrowIfNull(full);
        return full with
        {
            VectorCandidates = 20, LexicalCandidates = 20, CandidatePool = 20, FusionWeight = 0.2, ContextWeight = 0.4, FollowUpWeight = 0, LengthWeight = 0,
            SecondStagePool = 10_000,
        };
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
                }).ToList(), cancellationToken, options: new ImportOptions { Relations = RelationLinking.Inline }, origin: PeroCore.Memory.History.ChangeOrigin.Import).ConfigureAwait(false);
                await engine.WaitForIndexingAsync(cancellationToken).ConfigureAwait(false);
                await engine.WaitForAuditAsync(cancellationToken).ConfigureAwait(false); // the orphan set must not depend on timing
                report.IngestTime += watch.Elapsed;
                report.Turns += conversation.Turns.Count;
                var turnOf = imported.Ids.Select((id, i) => (id, conversation.Turns[i])).ToDictionary(x => x.id, x => x.Item2);

                var results = variants.ToDictionary(v => v.Name, v => new LocomoVariantResult(v.Name), StringComparer.Ordinal);
                report.Conversations[conversation.SampleId] = results;
                var asked = conversation.Questions.Where(q => q.Category is >= 1 and <= 5).ToList();
                var scored = asked.Where(q => q.Category <= 4).ToList();
                report.MalformedEvidence += scored.Sum(q => q.MalformedEvidence);
                report.RepairedEvidence += scored.Sum(q => q.RepairedEvidence);
                asked = asked.Where(q => q.Evidence.Count > 0).ToList();
                var questionCount = asked.Count(q => q.Category <= 4);
                report.Questions += questionCount;
                report.AdversarialQuestions += asked.Count - questionCount;
                progress?.Report($"{conversation.SampleId}: asking {questionCount} questions (and {asked.Count - questionCount} adversarial) of {variants.Count} variants");

                foreach (var question in asked)
                {
                    // Each query embedded alone, as a user's search is, and timed: the latency with embedding adds it.
                    var embedStarted = Stopwatch.GetTimestamp();
                    var queryVector = (await engine.EmbedQueriesAsync([question.Question], cancellationToken).ConfigureAwait(false))[0];
                    var embedMs = Stopwatch.GetElapsedTime(embedStarted).TotalMilliseconds;
                    var evidence = question.Evidence.ToHashSet(StringComparer.Ordinal);
                    var sessions = question.Evidence.Select(LocomoConversation.SessionOf).ToHashSet();
                    foreach (var (name, options) in variants)
                    {
                        var started = Stopwatch.GetTimestamp();
                        var result = await engine.RecallAsync(new RecallRequest
                        {
                            Query = question.Question,
                            QueryVector = queryVector,
                            Options = options with { Limit = 20, IncludeContext = false },
                        }, cancellationToken).ConfigureAwait(false);
                        var elapsed = Stopwatch.GetElapsedTime(started);
                        var turns = result.Memories.Select(m => turnOf[m.Memory.Id]).ToList();
                        var r = results[name];
                        var firstRank = FirstRank(turns, t => evidence.Contains(t.DiaId));
                        if (question.Category == 5)
                        {
                            r.Adversarial.Add(firstRank);
                            continue;
                        }

                        r.LatenciesMs.Add(elapsed.TotalMilliseconds);
                        r.LatenciesWithEmbeddingMs.Add(elapsed.TotalMilliseconds + embedMs);
                        r.Turn.Add(firstRank);
                        r.Category(question.Category).Add(firstRank);
                        r.AllEvidence.Add(AllFoundRank(turns, evidence));
                        r.Session.Add(FirstRank(turns, t => sessions.Contains(t.SessionNumber)));
                    }
                }
            }
        }
    }

    /// <summary>The rank by which every evidence turn has appeared, or null when some is missing from the results.</summary>
    private static int? AllFoundRank(List<LocomoTurn> turns, HashSet<string> evidence)
    {
        var missing = new HashSet<string>(evidence, StringComparer.Ordinal);
        for (var i = 0; i < turns.Count; i++)
        {
            if (missing.Remove(turns[i].DiaId) && missing.Count == 0)
            {
                return i + 1;
            }
        }

        return null;
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
