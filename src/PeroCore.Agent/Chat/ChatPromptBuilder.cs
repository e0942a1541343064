using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PeroCore.Agent.Prompts;
using PeroCore.Memory;
using PeroCore.Memory.Recall;
using PeroCore.Memory.Storage;
using PeroCore.Nit.Blocks;
using PeroCore.Agent.Tools;
using PeroCore.Nit.Tools;

namespace PeroCore.Agent.Chat;

/// <summary>
/// Builds the prompt of a chat request: the system prompt (persona, pet state, memories recalled for the
/// conversation, tool documentation, the request's NIT ID) and the history that fits the token budget.
/// </summary>
public sealed class ChatPromptBuilder
{
    /// <summary>The template added to the system prompt of a voice turn.</summary>
    public const string VoiceInputTemplate = "voice_input";

    /// <summary>How the log's user row of a system-triggered turn starts (the original's marker; the row's role is then <c>system</c>).</summary>
    public const string SystemTriggerPrefix = "【系统触发】";

    private readonly PeroStore _store;
    private readonly MemoryEngine _engine;
    private readonly NitToolRegistry _tools;
    private readonly ChatAgentOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly IReadOnlyList<IToolRefresher> _refreshers;

    /// <summary>Creates the builder; <paramref name="refreshers"/> bring changing tool groups (MCP servers) up to date before each prompt.</summary>
    public ChatPromptBuilder(PeroStore store, MemoryEngine engine, NitToolRegistry tools,
        IOptions<ChatAgentOptions> options, TimeProvider? timeProvider = null, ILogger<ChatPromptBuilder>? logger = null,
        IEnumerable<IToolRefresher>? refreshers = null)
    {
        _refreshers = refreshers?.ToList() ?? [];
        ArgumentNullException.ThrowIfNull(options);
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _engine = engine ?? throw new ArgumentNullException(nameof(engine));
        _tools = tools ?? throw new ArgumentNullException(nameof(tools));
        _options = options.Value;
        _time = timeProvider ?? TimeProvider.System;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    internal async Task<ChatPrompt> BuildAsync(ChatRequest request, PromptLibrary library, CancellationToken ct)
    {
        var current = request.Messages.ToList();
        var rows = await _store.Logs.ListSessionAsync(request.Source, request.SessionId, _options.HistoryLimit, cancellationToken: ct).ConfigureAwait(false);
        var history = ConversationHistory.RemoveResentTail(ConversationHistory.FromLog(rows), current);
        DateTimeOffset? oldest = rows.Count > 0 ? rows.Min(r => r.Timestamp) : null;

        var config = await _store.Config.GetAllAsync(ct).ConfigureAwait(false);
        string? Setting(string key) => config.TryGetValue(key, out var v) && !string.IsNullOrWhiteSpace(v) ? v
            : _options.ConfigDefaults.TryGetValue(key, out var d) ? d : null;

        var pet = await _store.PetStates.GetOrCreateAsync(_options.PetStateDefaults, ct).ConfigureAwait(false);
        var now = _time.GetLocalNow();
        var memories = new List<Prompts.RecalledMemory>();
        // The recall query: the latest user, assistant and tool texts of the context (history + request), cleaned.
        List<ChatMessage> conversation = [.. history.Concat(current).Select(m => new ChatMessage(m.Role, HistoryTextCleaner.Clean(m.Text)))];
        var query = RecallQuery.FromConversation(conversation);
        try
        {
            if (query is not null)
            {
                var recall = await _engine.RecallAsync(new RecallRequest
                {
                    Conversation = conversation,
                    Options = _engine.Options.Recall with { Limit = _options.RecallLimit },
                    Filter = oldest is { } until ? new RecallFilter { Until = until } : RecallFilter.None,
                    Reinforce = true,
                }, ct).ConfigureAwait(false);
                memories.AddRange(recall.Memories.Select(m => new Prompts.RecalledMemory(m.Memory.Id, m.Memory.Content)));
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            ChatLog.RecallFailed(_logger, ex.Message);
        }

        foreach (var refresher in _refreshers)
        {
            try
            {
                await refresher.RefreshAsync(_tools, ct).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                ChatLog.ToolRefreshFailed(_logger, ex.Message);
            }
        }

        var nitId = _options.NitIdGenerator?.Invoke() ?? NitHandshake.GenerateId(_options.NitIdDigits);
        var composer = new PromptComposer(library);
        var system = composer.BuildSystemPrompt(new SystemPromptContext
        {
            CompanionName = Setting("companion_name"),
            OwnerName = Setting("owner_name"),
            UserPersona = Setting("user_persona"),
            CurrentTime = now,
            Mood = pet.Mood,
            Vibe = pet.Vibe,
            Mind = pet.Mind,
            Memories = memories,
            RecallTime = now,
            QueryUserLength = query?.UserLength ?? 0,
            QueryAssistantLength = query?.AssistantLength ?? 0,
            NitTools = _tools.RenderDocumentation(texts: ChatTexts.For(library.Language).Nit),
            NitId = nitId,
        });

        var systemText = request.IsVoice && library.Find(VoiceInputTemplate) is not null
            ? system.Text.TrimEnd() + "\n\n" + library.Render(VoiceInputTemplate).Text.Trim()
            : system.Text;
        var fitted = new PromptBudget(_options.PromptTokenBudget).Fit([new ChatMessage(ChatRole.System, systemText)], history, current);
        var userText = current.LastOrDefault(m => m.Role == ChatRole.User)?.Text;
        var recalledIds = memories.Select(m => m.Id).ToList();
        if (!string.IsNullOrWhiteSpace(request.SystemInstruction))
        {
            var instruction = request.SystemInstruction.Trim();
            return new ChatPrompt([.. fitted.Messages, new ChatMessage(ChatRole.System, instruction)], nitId,
                string.IsNullOrWhiteSpace(userText) ? SystemTriggerPrefix + instruction : userText.Trim(), recalledIds);
        }

        return new ChatPrompt([.. fitted.Messages], nitId, string.IsNullOrWhiteSpace(userText) ? null : userText.Trim(), recalledIds);
    }
}
