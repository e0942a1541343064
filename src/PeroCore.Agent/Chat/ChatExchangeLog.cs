using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PeroCore.Agent.Scoring;
using PeroCore.Memory.Storage;
using PeroCore.Nit.Blocks;

namespace PeroCore.Agent.Chat;

/// <summary>Writes a finished exchange to the conversation log and queues it for the scorer; logs cut-off requests.</summary>
public sealed class ChatExchangeLog
{
    private const string SystemTriggerPrefix = "【系统触发】";
    private readonly PeroStore _store;
    private readonly ScorerService? _scorer;
    private readonly ILogger _logger;

    /// <summary>Creates the log writer; without a scorer, exchanges stay pending.</summary>
    public ChatExchangeLog(PeroStore store, ScorerService? scorer = null, ILogger<ChatExchangeLog>? logger = null)
    {
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _scorer = scorer;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>
    /// Logs the user's text and the answer (NIT removed) as one pair and queues it for the scorer, however short the
    /// answer (the user's words may hold the memory); returns its <c>pair_id</c>, or null when there is nothing to log.
    /// The answer's metadata keeps the ids of the memories recalled into the prompt and the tools' outputs, so the
    /// scorer does not store them again as new memories.
    /// </summary>
    internal async Task<string?> SaveAsync(ChatRequest request, string? userText, string assistantText,
        IReadOnlyList<long>? recalledIds = null, IReadOnlyList<string>? toolOutputs = null)
    {
        var answer = NitBlockExtractor.Default.RemoveBlocks(assistantText).Trim();
        if (userText is null || answer.Length == 0)
        {
            return null;
        }

        var pairId = Guid.NewGuid().ToString();
        var user = NitBlockExtractor.Default.RemoveBlocks(userText).Trim();
        await _store.Logs.AddAsync(
        [
            new ConversationLogEntry { SessionId = request.SessionId, Source = request.Source, PairId = pairId, Content = user, Role = RoleOf(user) },
            new ConversationLogEntry
            {
                SessionId = request.SessionId, Source = request.Source, PairId = pairId, Content = answer, Role = "assistant",
                MetadataJson = ExchangeMetadata.Write(recalledIds ?? [], toolOutputs ?? []),
            },
        ], CancellationToken.None).ConfigureAwait(false);

        _scorer?.Enqueue(pairId);

        return pairId;
    }

    /// <summary>Logs the user's message of a turn that was cut off, alone and marked, so the scorer leaves it be.</summary>
    internal async Task SaveInterruptedAsync(ChatRequest request, string userText)
    {
        var user = NitBlockExtractor.Default.RemoveBlocks(userText).Trim();
        if (user.Length == 0)
        {
            return;
        }

        await _store.Logs.AddAsync(
        [
            new ConversationLogEntry
            {
                SessionId = request.SessionId, Source = request.Source, PairId = Guid.NewGuid().ToString(), Content = user, Role = RoleOf(user),
                AnalysisStatus = "skipped", MetadataJson = """{"interrupted":true}""",
            },
        ], CancellationToken.None).ConfigureAwait(false);
        ChatLog.Interrupted(_logger, request.SessionId);
    }

    private static string RoleOf(string user) => user.StartsWith(SystemTriggerPrefix, StringComparison.Ordinal) ? "system" : "user";
}
