using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PeroCore.Agent.Llm;
using PeroCore.Agent.Prompts;
using PeroCore.Memory;
using PeroCore.Memory.Ingestion;
using PeroCore.Memory.Storage;
using PeroCore.Nit.Blocks;
using PeroCore.Memory.History;

namespace PeroCore.Agent.Scoring;

/// <summary>
/// Turns one logged exchange (a <c>pair_id</c>) into a memory: asks the scorer LLM in JSON mode for
/// <c>{content, tags, clusters, importance, sentiment}</c>, writes an <c>interaction_summary</c> memory and marks the
/// pair <c>completed</c>; on failure marks it <c>failed</c> with the error and one more retry.
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

    /// <summary>Creates a scorer.</summary>
    public MemoryScorer(PeroStore store, MemoryEngine engine, LlmSettingsResolver resolver, LlmClientFactory factory, PromptLibraryProvider prompts,
        ILogger<MemoryScorer>? logger = null)
    {
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
            if (result is null || !result.HasContent)
            {
                await _store.Logs.SetAnalysisAsync(pairId, "completed", sentiment: result?.Sentiment, cancellationToken: cancellationToken).ConfigureAwait(false);
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
}
