using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PeroCore.Agent.Events;
using PeroCore.Agent.Llm;
using PeroCore.Agent.Prompts;
using PeroCore.Agent.Scoring;
using PeroCore.Agent.Secretary.Steps;
using PeroCore.Memory;
using PeroCore.Memory.Storage;

namespace PeroCore.Agent.Secretary;

/// <summary>
/// The memory secretary: runs maintenance (and the reflection jobs) one at a time. A run is one
/// <c>maintenance_record</c>, written when it starts and after every step. Each step plans from a bounded batch and
/// a validated model answer, then its operations are applied in one transaction tagged with the run; a step whose
/// answer is refused or that fails applies nothing, says why in the record, and the run goes on with the next step
/// (steps are independent: a failed consolidation is no reason to skip the audit). Progress and the report are
/// pushed on the events channel (<see cref="EventKinds.Secretary"/>).
/// </summary>
public sealed class MemorySecretary
{
    private static readonly JsonSerializerOptions EventJson = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly PeroStore _store;
    private readonly MemoryEngine _engine;
    private readonly ISecretaryChanges _changes;
    private readonly LlmSettingsResolver _resolver;
    private readonly LlmClientFactory _factory;
    private readonly PromptLibraryProvider _prompts;
    private readonly IEventPublisher? _events;
    private readonly MemorySecretaryOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly JunkGuard _guard;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private long _runningRecordId;

    /// <summary>Creates the secretary.</summary>
    public MemorySecretary(PeroStore store, MemoryEngine engine, ISecretaryChanges changes, LlmSettingsResolver resolver, LlmClientFactory factory,
        PromptLibraryProvider prompts, IOptions<MemorySecretaryOptions>? options = null, IEventPublisher? events = null, TimeProvider? time = null,
        ILogger<MemorySecretary>? logger = null, JunkGuardOptions? junkOptions = null)
    {
        _guard = new JunkGuard(engine ?? throw new ArgumentNullException(nameof(engine)), junkOptions);
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _engine = engine ?? throw new ArgumentNullException(nameof(engine));
        _changes = changes ?? throw new ArgumentNullException(nameof(changes));
        _resolver = resolver ?? throw new ArgumentNullException(nameof(resolver));
        _factory = factory ?? throw new ArgumentNullException(nameof(factory));
        _prompts = prompts ?? throw new ArgumentNullException(nameof(prompts));
        _options = options?.Value ?? new MemorySecretaryOptions();
        _events = events;
        _time = time ?? TimeProvider.System;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>Whether a run (or an undo) is in progress.</summary>
    public bool IsRunning => _gate.CurrentCount == 0;

    /// <summary>The steps of a kind of run, in order.</summary>
    public static IReadOnlyList<SecretaryStep> StepsFor(string kind) => kind switch
    {
        SecretaryJobs.Maintenance =>
        [
            new ImportanceStep(), new ConsolidationStep(), new AuditStep(), new PreferenceStep(), new ArchivalStep(), new PetLinesStep(),
            new RelationDiscoveryStep(), new ForgettingStep(),
        ],
        SecretaryJobs.DailySummary => [new DailySummaryStep()],
        SecretaryJobs.RelationAnalysis => [new RelationDiscoveryStep()],
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, $"Unknown run kind; expected one of {string.Join(", ", SecretaryJobs.All)}."),
    };

    /// <summary>Marks runs left <c>running</c> by a previous process as <c>interrupted</c> (call once at start).</summary>
    public async Task<int> RecoverAsync(CancellationToken cancellationToken = default)
    {
        var count = await _store.Maintenance.MarkInterruptedAsync(cancellationToken).ConfigureAwait(false);
        if (count > 0)
        {
            SecretaryLog.Interrupted(_logger, count);
        }

        return count;
    }

    /// <summary>
    /// Runs <paramref name="kind"/> now. Throws <see cref="SecretaryBusyException"/> when a run is in progress.
    /// </summary>
    public async Task<SecretaryReport> RunAsync(string kind = SecretaryJobs.Maintenance, string trigger = "manual", CancellationToken cancellationToken = default)
    {
        var steps = StepsFor(kind);
        if (!_gate.Wait(0))
        {
            throw new SecretaryBusyException(Interlocked.Read(ref _runningRecordId) is var id and > 0 ? id : null);
        }

        try
        {
            return await RunLockedAsync(kind, trigger, steps, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Exchange(ref _runningRecordId, 0);
            _gate.Release();
        }
    }

    /// <summary>
    /// Undoes a run. Returns false when the record does not exist; throws <see cref="InvalidOperationException"/> when it
    /// was undone already or is still running, <see cref="SecretaryUndoConflictException"/> when a later change blocks
    /// it (nothing is reverted), <see cref="SecretaryBusyException"/> while a run is in progress.
    /// </summary>
    public async Task<bool> UndoAsync(long recordId, CancellationToken cancellationToken = default)
    {
        if (!_gate.Wait(0))
        {
            throw new SecretaryBusyException(Interlocked.Read(ref _runningRecordId) is var id and > 0 ? id : null);
        }

        try
        {
            var record = await _store.Maintenance.GetAsync(recordId, cancellationToken).ConfigureAwait(false);
            if (record is null)
            {
                return false;
            }

            if (record.UndoneAt is not null)
            {
                throw new InvalidOperationException($"Maintenance run {recordId} was undone already.");
            }

            await _changes.UndoRunAsync(recordId, cancellationToken).ConfigureAwait(false);
            await RestorePetLinesAsync(record, cancellationToken).ConfigureAwait(false);
            await _store.Database.WriteAsync((tx, ct) => MaintenanceRecordRepository.MarkUndoneAsync(tx, recordId, _store.Database.NowMs, ct),
                CancellationToken.None).ConfigureAwait(false);
            SecretaryLog.Undone(_logger, recordId);
            Publish(new { phase = "undone", record_id = recordId });
            return true;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Puts back the Live2D lines a run's <c>pet_lines</c> step replaced, when the pet state still holds the lines it
    /// wrote; lines changed since (by a later run or an import) are left as they are.
    /// </summary>
    private async Task RestorePetLinesAsync(MaintenanceRecord record, CancellationToken cancellationToken)
    {
        List<SecretaryStepResult>? steps;
        try
        {
            steps = JsonSerializer.Deserialize<List<SecretaryStepResult>>(record.StepsJson, EventJson);
        }
        catch (JsonException)
        {
            return; // a record written before steps kept their lines has nothing to put back
        }

        foreach (var change in (steps ?? []).Select(s => s.PetLines).OfType<PetLinesChange>().Reverse())
        {
            if (await _store.PetStates.ReplaceLinesIfAsync(change.After, change.Before, cancellationToken).ConfigureAwait(false))
            {
                SecretaryLog.PetLinesRestored(_logger, record.Id);
            }
            else
            {
                SecretaryLog.PetLinesKept(_logger, record.Id);
            }
        }
    }

    private async Task<SecretaryReport> RunLockedAsync(string kind, string trigger, IReadOnlyList<SecretaryStep> steps, CancellationToken cancellationToken)
    {
        var generation = _engine.Generation;
        var record = await _store.Maintenance.AddAsync(new MaintenanceRecord { Kind = kind, Trigger = trigger, Status = "running" }, cancellationToken)
            .ConfigureAwait(false);
        Interlocked.Exchange(ref _runningRecordId, record.Id);
        SecretaryLog.Started(_logger, record.Id, kind, trigger);
        Publish(new { phase = "started", record_id = record.Id, kind, trigger, steps = steps.Select(s => s.Name).ToList() });

        var budget = new SecretaryBudget(_options.MaxLlmCallsPerRun);
        var results = new List<SecretaryStepResult>();
        var created = new List<long>();
        var report = new SecretaryReport { RecordId = record.Id, Kind = kind, Status = "running" };
        var library = await _prompts.GetForStoreAsync(_store, cancellationToken).ConfigureAwait(false);
        LlmEndpoint? endpoint = null;

        async Task<string> AskAsync(string system, string user, float temperature, CancellationToken ct)
        {
            endpoint ??= await _resolver.ResolveAsync(LlmRole.Secretary, ct).ConfigureAwait(false);
            using var client = _factory.Create(endpoint);
            var response = await client.GetResponseAsync(
                [new ChatMessage(ChatRole.System, system), new ChatMessage(ChatRole.User, user)],
                new ChatOptions { ResponseFormat = ChatResponseFormat.Json, Temperature = temperature },
                ct).ConfigureAwait(false);
            return response.Text;
        }

        try
        {
            for (var i = 0; i < steps.Count; i++)
            {
                var step = steps[i];
                var context = new SecretaryStepContext(record.Id, _store, _engine, _options, library, _time.GetUtcNow(), budget, AskAsync, _changes);
                var result = await RunStepAsync(step, context, generation, cancellationToken).ConfigureAwait(false);
                results.Add(result);
                created.AddRange(result.CreatedIds);
                report = Tally(report, step.Counter, result) with { Steps = results.ToList(), LlmCalls = budget.Used };
                await SaveAsync(record, report, created, "running", null, CancellationToken.None).ConfigureAwait(false);
                Publish(new { phase = "step", record_id = record.Id, index = i + 1, total = steps.Count, result });
            }
        }
        catch (OperationCanceledException)
        {
            report = report with { Status = "interrupted", Steps = results.ToList(), LlmCalls = budget.Used };
            await SaveAsync(record, report, created, "interrupted", _time.GetUtcNow(), CancellationToken.None).ConfigureAwait(false);
            SecretaryLog.Finished(_logger, record.Id, report.Status, budget.Used);
            Publish(new { phase = "interrupted", record_id = record.Id, report });
            throw;
        }

        report = report with { Status = "completed", LlmCalls = budget.Used };
        await SaveAsync(record, report, created, "completed", _time.GetUtcNow(), CancellationToken.None).ConfigureAwait(false);
        SecretaryLog.Finished(_logger, record.Id, report.Status, budget.Used);
        Publish(new { phase = "completed", record_id = record.Id, report });
        return report;
    }

    private async Task<SecretaryStepResult> RunStepAsync(SecretaryStep step, SecretaryStepContext context, long generation, CancellationToken cancellationToken)
    {
        SecretaryStepResult result;
        try
        {
            var plan = await step.PlanAsync(context, cancellationToken).ConfigureAwait(false);
            if (plan is not null)
            {
                plan = await GuardAsync(plan, context, cancellationToken).ConfigureAwait(false);
            }

            if (plan is null || (plan.Operations.Count == 0 && plan.ApplyOutside is null && plan.ApplyPass is null))
            {
                result = Result(step, context, "nothing_to_do", plan?.Note);
            }
            else if (_engine.Generation != generation)
            {
                result = Result(step, context, "failed", "The store was reset or restored during the run; nothing was applied.");
            }
            else
            {
                var createdIds = plan.Operations.Count == 0
                    ? []
                    : await _changes.ApplyAsync(context.RunId, plan.Operations, cancellationToken).ConfigureAwait(false);
                if (plan.ApplyOutside is { } outside)
                {
                    await outside(cancellationToken).ConfigureAwait(false);
                }

                IReadOnlyList<long> passArchived = plan.ApplyPass is { } pass ? await pass(cancellationToken).ConfigureAwait(false) : [];
                var archivedIds = plan.Operations.OfType<ArchiveMemoryOperation>().Select(o => o.Id).Concat(passArchived).ToList();
                result = Result(step, context, plan.Operations.Count == 0 && plan.ApplyOutside is null && passArchived.Count == 0 ? "nothing_to_do" : "applied", plan.Note) with
                {
                    Count = plan.Count + passArchived.Count,
                    CreatedIds = createdIds,
                    UpdatedIds = plan.Operations.OfType<UpdateMemoryOperation>().Select(o => o.Id).ToList(),
                    ArchivedIds = archivedIds,
                    RelationsAdded = plan.Operations.OfType<RelateMemoriesOperation>().Count(),
                    PetLines = plan.PetLines,
                };
            }
        }
        catch (SecretaryAnswerException ex)
        {
            result = Result(step, context, "rejected", "The model's answer was refused, nothing was applied: " + ex.Message);
        }
        catch (SecretaryBudgetExhaustedException ex)
        {
            result = Result(step, context, "skipped", ex.Message);
        }
        catch (LlmNotConfiguredException ex)
        {
            result = Result(step, context, "failed", "No model is configured for the secretary: " + ex.Reason);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            SecretaryLog.StepFailed(_logger, context.RunId, step.Name, ex.Message);
            result = Result(step, context, "failed", "The step failed, nothing was applied: " + ex.Message);
        }

        SecretaryLog.Step(_logger, context.RunId, step.Name, result.Status, result.Count, result.Message);
        return result;
    }

    /// <summary>
    /// Keeps junk out of what a step adds (see <see cref="JunkGuard"/>): a new memory copied from the step's prompt, shaped
    /// like tool output or nearly the same as a stored memory is dropped, with the sources it would have replaced (they
    /// stay as they are), and the note says why; a near-duplicate reinforces the stored memory instead. Memories the step
    /// archives never count as duplicates of what replaces them.
    /// </summary>
    private async Task<SecretaryPlan> GuardAsync(SecretaryPlan plan, SecretaryStepContext context, CancellationToken cancellationToken)
    {
        var adds = plan.Operations.OfType<AddMemoryOperation>().ToList();
        if (adds.Count == 0)
        {
            return plan;
        }

        var consumed = plan.Operations.OfType<ArchiveMemoryOperation>().Select(o => o.Id).ToHashSet();
        var dropped = new HashSet<SecretaryOperation>();
        var reasons = new List<string>();
        foreach (var add in adds)
        {
            var verdict = await _guard.CheckAsync(new JunkCandidate
            {
                Content = add.Memory.Content,
                Tags = add.Memory.Tags ?? [],
                SystemPrompt = context.LastSystemPrompt,
                ExcludedIds = consumed.Concat(add.DerivedFrom).ToHashSet(),
            }, cancellationToken).ConfigureAwait(false);
            if (!verdict.IsJunk)
            {
                continue;
            }

            dropped.Add(add);
            foreach (var archive in plan.Operations.OfType<ArchiveMemoryOperation>().Where(o => add.DerivedFrom.Contains(o.Id)))
            {
                dropped.Add(archive);
            }

            if (verdict is { Kind: JunkKind.NearDuplicate, ExistingId: { } existing })
            {
                await _engine.ReinforceAsync([existing], cancellationToken).ConfigureAwait(false);
            }

            reasons.Add($"not stored \"{Cut(add.Memory.Content)}\": {verdict.Reason}");
        }

        if (dropped.Count == 0)
        {
            return plan;
        }

        var note = string.Join("; ", new[] { plan.Note }.Concat(reasons).Where(n => !string.IsNullOrWhiteSpace(n)));
        return plan with { Operations = plan.Operations.Where(o => !dropped.Contains(o)).ToList(), Count = Math.Max(0, plan.Count - reasons.Count), Note = note };
    }

    private static string Cut(string text) => text.Length <= 60 ? text : text[..60] + "…";

    private static SecretaryStepResult Result(SecretaryStep step, SecretaryStepContext context, string status, string? message = null) => new()
    {
        Step = step.Name,
        Status = status,
        LlmCalls = context.LlmCalls,
        BatchSize = context.BatchSize,
        Message = message,
    };

    private static SecretaryReport Tally(SecretaryReport report, SecretaryCounter counter, SecretaryStepResult result)
    {
        report = report with { RelationsAdded = report.RelationsAdded + result.RelationsAdded };
        if (result.Status != "applied")
        {
            return report;
        }

        return counter switch
        {
            SecretaryCounter.PreferencesExtracted => report with { PreferencesExtracted = report.PreferencesExtracted + result.Count },
            SecretaryCounter.ImportantTagged => report with { ImportantTagged = report.ImportantTagged + result.Count },
            SecretaryCounter.Consolidated => report with { Consolidated = report.Consolidated + result.Count },
            SecretaryCounter.Cleaned => report with { CleanedCount = report.CleanedCount + result.Count },
            SecretaryCounter.Retired => report with { RetiredCount = report.RetiredCount + result.Count },
            SecretaryCounter.PetLines => report with { WaifuTextsUpdated = true },
            _ => report,
        };
    }

    private Task<bool> SaveAsync(MaintenanceRecord record, SecretaryReport report, List<long> created, string status, DateTimeOffset? finished,
        CancellationToken cancellationToken) =>
        _store.Maintenance.SaveProgressAsync(record with
        {
            PreferencesExtracted = report.PreferencesExtracted,
            ImportantTagged = report.ImportantTagged,
            Consolidated = report.Consolidated,
            CleanedCount = report.CleanedCount,
            RetiredCount = report.RetiredCount,
            CreatedIdsJson = JsonSerializer.Serialize(created),
            StepsJson = JsonSerializer.Serialize(report.Steps, EventJson),
            Status = status,
            FinishedAt = finished,
        }, cancellationToken);

    private void Publish(object payload)
    {
        // Posted without waiting: a slow or full outbox never holds a run up, and the record is the durable truth.
        _events?.TryPost(EventKinds.Secretary, JsonSerializer.SerializeToElement(payload, EventJson));
    }
}
