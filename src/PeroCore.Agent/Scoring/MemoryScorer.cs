using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PeroCore.Agent.Llm;
using PeroCore.Agent.Prompts;
using PeroCore.Memory;
using PeroCore.Memory.Ingestion;
using PeroCore.Memory.Storage;
using PeroCore.Agent.Chat;
using PeroCore.Nit.Blocks;
using PeroCore.Memory.History;

namespace PeroCore.Agent.Scoring;

/// <summary>
/// Turns one logged exchange (a <c>pair_id</c>) into a memory: asks the scorer LLM in JSON mode for
/// <c>{content, tags, clusters, importance, sentiment}</c>, passes the memory through the <see cref="JunkGuard"/>,
/// writes an <c>interaction_summary</c> memory and marks the pair <c>completed</c>. Nothing fails silently: an answer
/// that is not JSON, an LLM error or a write error marks the pair <c>failed</c> with <c>last_error</c> and one more
/// retry (the <see cref="ScorerService"/> retries it with backoff); junk is refused and the pair marked <c>skipped</c>
/// with the reason; a near-duplicate reinforces the stored memory, which becomes the pair's memory.
/// </summary>
public sealed class MemoryScorer
{
    /// <summary>The error stored when no scorer LLM is configured.</summary>
    public const string NotConfiguredError = "No API Key configured";

    private readonly PeroStore _store;
    private readonly MemoryEngine _engine;
    private readonly LlmSettingsResolver _resolver;
    private readonly LlmClientFactory _factory;
    private readonly PromptLibraryProvider _prompts;
    private readonly ILogger _logger;
    private readonly JunkGuard _guard;

    /// <summary>Creates a scorer.</summary>
    /// <param name="store">The store.</param>
    /// <param name="engine">The memory engine.</param>
    /// <param name="resolver">Resolves the scorer's LLM.</param>
    /// <param name="factory">Creates LLM clients.</param>
    /// <param name="prompts">The prompt library.</param>
    /// <param name="logger">Logs failures.</param>
    /// <param name="junkOptions">The junk guard's thresholds.</param>
    public MemoryScorer(PeroStore store, MemoryEngine engine, LlmSettingsResolver resolver, LlmClientFactory factory, PromptLibraryProvider prompts,
        ILogger<MemoryScorer>? logger = null, JunkGuardOptions? junkOptions = null)
    {
        _guard = new JunkGuard(engine, junkOptions);

        _store = store ?? throw new ArgumentNullException(nameof(store));
        _engine = engine ?? throw new ArgumentNullException(nameof(engine));
        _resolver = resolver ?? throw new ArgumentNullException(nameof(resolver));
        _factory = factory ?? throw new ArgumentNullException(nameof(factory));
        _prompts = prompts ?? throw new ArgumentNullException(nameof(prompts));
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>Scores one pair. Never throws except for cancellation; the outcome is written to the log rows.</summary>
    /// <returns>The id of the memory written, or null.</returns>
    public async Task<long?> ScoreAsync(string pairId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pairId);
        var rows = await _store.Logs.GetPairAsync(pairId, cancellationToken).ConfigureAwait(false);
        var user = rows.FirstOrDefault(r => r.Role is "user" or "system");
        var assistant = rows.LastOrDefault(r => r.Role == "assistant");
        if (user is null || assistant is null)
        {
            if (rows.Count > 0)
            {
                await _store.Logs.SetAnalysisAsync(pairId, "failed", "The pair has no user or no assistant entry.", incrementRetry: true,
                    cancellationToken: cancellationToken).ConfigureAwait(false);
            }

            return null;
        }

        // Read before the slow part: a factory reset during the LLM call must not get this pair's memory afterwards.
        var generation = _engine.Generation;
        await _store.Logs.SetAnalysisAsync(pairId, "processing", cancellationToken: cancellationToken).ConfigureAwait(false);
        LlmEndpoint endpoint;
        try
        {
            endpoint = await _resolver.ResolveAsync(LlmRole.Scorer, cancellationToken).ConfigureAwait(false);
        }
        catch (LlmNotConfiguredException ex)
        {
            await _store.Logs.SetAnalysisAsync(pairId, "failed", $"{NotConfiguredError}: {ex.Reason}", incrementRetry: true,
                cancellationToken: CancellationToken.None).ConfigureAwait(false);
            return null;
        }

        try
        {
            var library = await _prompts.GetForStoreAsync(_store, cancellationToken).ConfigureAwait(false);
            var composer = new PromptComposer(library);
            var userText = user.Content.Trim();
            var systemEvent = userText.StartsWith("【系统触发】", StringComparison.Ordinal) || userText.StartsWith("【管理系统提醒", StringComparison.Ordinal) || user.Role == "system";
            var assistantText = HistoryTextCleaner.Clean(NitBlockExtractor.Default.RemoveBlocks(assistant.Content));
            using var client = _factory.Create(endpoint);
            var response = await client.GetResponseAsync(
                [
                    new ChatMessage(ChatRole.System, composer.BuildScorerSystemPrompt().Text),
                    new ChatMessage(ChatRole.User, composer.BuildScorerUserMessage(userText, assistantText, systemEvent).Text),
                ],
                new ChatOptions { ResponseFormat = ChatResponseFormat.Json, Temperature = 0.3f },
                cancellationToken).ConfigureAwait(false);

            var result = ScorerResultParser.Parse(response.Text);
            if (result is null)
            {
                var error = $"The scorer's answer was not a JSON object: {Snippet(response.Text)}";
                ScorerLog.Failed(_logger, pairId, error);
                await _store.Logs.SetAnalysisAsync(pairId, "failed", error, incrementRetry: true, cancellationToken: CancellationToken.None).ConfigureAwait(false);
                return null;
            }

            if (!result.HasContent)
            {
                await _store.Logs.SetAnalysisAsync(pairId, "completed", sentiment: result.Sentiment, cancellationToken: cancellationToken).ConfigureAwait(false);
                return null;
            }

            var verdict = await _guard.CheckAsync(await CandidateAsync(result, assistant, library, cancellationToken).ConfigureAwait(false),
                cancellationToken).ConfigureAwait(false);
            if (verdict.Kind == JunkKind.NearDuplicate && verdict.ExistingId is { } existing)
            {
                await _engine.ReinforceAsync([existing], cancellationToken).ConfigureAwait(false);
                ScorerLog.Refused(_logger, pairId, verdict.Reason!);
                await _store.Logs.SetAnalysisAsync(pairId, "completed", verdict.Reason, existing, result.Importance, result.Sentiment,
                    cancellationToken: cancellationToken).ConfigureAwait(false);
                return existing;
            }

            if (verdict.IsJunk)
            {
                ScorerLog.Refused(_logger, pairId, verdict.Reason!);
                await _store.Logs.SetAnalysisAsync(pairId, "skipped", $"Not stored: {verdict.Reason}", sentiment: result.Sentiment,
                    cancellationToken: cancellationToken).ConfigureAwait(false);
                return null;
            }

            var memory = await _engine.AddAsync(new NewMemory
            {
                Content = result.Content!,
                Tags = result.Tags,
                Clusters = result.Clusters.Count == 0 ? null : string.Join(",", result.Clusters),
                Importance = result.Importance,
                Sentiment = result.Sentiment,
                Source = user.Source,
                Type = "interaction_summary",
            }, generation, ChangeOrigin.Scorer, cancellationToken).ConfigureAwait(false);
            await _store.Logs.SetAnalysisAsync(pairId, "completed", null, memory.Id, result.Importance, result.Sentiment,
                cancellationToken: cancellationToken).ConfigureAwait(false);
            return memory.Id;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            ScorerLog.Failed(_logger, pairId, ex.Message);
            await _store.Logs.SetAnalysisAsync(pairId, "failed", ex.Message, incrementRetry: true, cancellationToken: CancellationToken.None).ConfigureAwait(false);
            return null;
        }
    }

    /// <summary>What the guard compares the extracted memory with: the system prompt, the recalled memories, the tools' outputs.</summary>
    private async Task<JunkCandidate> CandidateAsync(ScorerResult result, ConversationLogEntry assistant, PromptLibrary library, CancellationToken ct)
    {
        var (recalledIds, toolOutputs) = ExchangeMetadata.Read(assistant.MetadataJson);
        var recalled = new List<string>();
        foreach (var id in recalledIds)
        {
            if (await _store.Memories.GetAsync(id, ct).ConfigureAwait(false) is { } memory)
            {
                recalled.Add(memory.Content);
            }
        }

        var config = await _store.Config.GetAllAsync(ct).ConfigureAwait(false);
        var system = new PromptComposer(library).BuildSystemPrompt(new SystemPromptContext
        {
            CompanionName = config.GetValueOrDefault("companion_name"),
            OwnerName = config.GetValueOrDefault("owner_name"),
            UserPersona = config.GetValueOrDefault("user_persona"),
            IncludeTools = false, // NIT syntax copied from the tool documentation is caught by the guard's protocol check
        });
        return new JunkCandidate
        {
            Content = result.Content!,
            Tags = result.Tags,
            SystemPrompt = system.Text,
            RecalledTexts = recalled,
            ToolOutputs = toolOutputs,
        };
    }

    private static string Snippet(string? text)
    {
        var t = (text ?? string.Empty).Trim();
        return t.Length == 0 ? "(empty)" : t.Length <= 200 ? t : t[..200] + "…";
    }
}
