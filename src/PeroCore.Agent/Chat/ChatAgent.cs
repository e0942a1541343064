using System.Globalization;
using System.Text;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PeroCore.Agent.Llm;
using PeroCore.Agent.Prompts;
using PeroCore.Agent.Scoring;
using PeroCore.Agent.Tools;
using PeroCore.Memory;
using PeroCore.Memory.Recall;
using PeroCore.Memory.Storage;
using PeroCore.Nit.Blocks;
using PeroCore.Nit.Runtime;
using PeroCore.Nit.Streaming;
using PeroCore.Nit.Tools;

namespace PeroCore.Agent.Chat;

/// <summary>
/// The chat agent: builds the prompt (persona, pet state, recalled memories, tool documentation, history), runs the
/// ReAct loop (stream the LLM through the NIT stream filter, run NIT blocks and native tool calls through one registry,
/// feed the observations back, repeat; 30 turns, 3-strike breaker, <c>finish_task</c> ends it), reports every step
/// to an event sink, logs the exchange and queues it for the scorer. Thread-safe; one instance serves all requests.
/// </summary>
public sealed class ChatAgent
{
    private readonly PeroStore _store;
    private readonly MemoryEngine _engine;
    private readonly LlmSettingsResolver _resolver;
    private readonly LlmClientFactory _factory;
    private readonly PromptLibraryProvider _prompts;
    private readonly NitToolRegistry _tools;
    private readonly NitDispatcher _dispatcher;
    private readonly ChatTaskRegistry _tasks;
    private readonly ScorerService? _scorer;
    private readonly ChatAgentOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    /// <summary>Creates the agent.</summary>
    public ChatAgent(PeroStore store, MemoryEngine engine, LlmSettingsResolver resolver,
        LlmClientFactory factory, PromptLibraryProvider prompts, NitToolRegistry tools, ChatTaskRegistry tasks, ChatAgentOptions? options = null,
        ScorerService? scorer = null, TimeProvider? timeProvider = null, ILogger<ChatAgent>? logger = null)
    {
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _engine = engine ?? throw new ArgumentNullException(nameof(engine));
        _resolver = resolver ?? throw new ArgumentNullException(nameof(resolver));
        _factory = factory ?? throw new ArgumentNullException(nameof(factory));
        _prompts = prompts ?? throw new ArgumentNullException(nameof(prompts));
        _tools = tools ?? throw new ArgumentNullException(nameof(tools));
        _tasks = tasks ?? throw new ArgumentNullException(nameof(tasks));
        _options = options ?? new ChatAgentOptions();
        _scorer = scorer;
        _time = timeProvider ?? TimeProvider.System;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _dispatcher = new NitDispatcher(new NitRuntime(_tools, logger: _logger), NitBlockExtractor.Default, _logger);
    }

    /// <summary>The tools the agent offers.</summary>
    public NitToolRegistry Tools => _tools;

    /// <summary>The running requests.</summary>
    public ChatTaskRegistry Tasks => _tasks;

    /// <summary>
    /// Runs one chat request. Errors the user can act on (no LLM configured, the LLM failed) are reported as a status
    /// event and an <c>Error: ...</c> text event, and nothing is logged. Cancelling the token (client gone) cancels the
    /// LLM request and throws <see cref="OperationCanceledException"/>.
    /// </summary>
    public async Task<ChatOutcome> RunAsync(ChatRequest request, ChatEventSink sink, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(sink);
        var library = await _prompts.GetForStoreAsync(_store, cancellationToken).ConfigureAwait(false);
        var texts = ChatTexts.For(library.Language);
        var visible = new StringBuilder();
        async ValueTask Show(string text)
        {
            if (text.Length > 0)
            {
                visible.Append(text);
                await sink(ChatEvent.Delta(text), cancellationToken).ConfigureAwait(false);
            }
        }

        await sink(ChatEvent.Status(texts.Preparing), cancellationToken).ConfigureAwait(false);
        LlmEndpoint endpoint;
        try
        {
            endpoint = await _resolver.ResolveAsync(LlmRole.Chat, cancellationToken).ConfigureAwait(false);
        }
        catch (LlmNotConfiguredException ex)
        {
            await Show("Error: " + ex.Message).ConfigureAwait(false);
            return new ChatOutcome(visible.ToString(), 0, true, null);
        }

        var control = _tasks.Begin(request.Source, request.SessionId);
        try
        {
            var (messages, userText) = await BuildPromptAsync(request, library, cancellationToken).ConfigureAwait(false);
            await sink(ChatEvent.Status(texts.LoadingTools), cancellationToken).ConfigureAwait(false);
            var toolState = new ChatToolState(request.Source, request.SessionId, sink);
            var result = await LoopAsync(endpoint, messages.Messages, messages.NitId, control, toolState, texts, userText, library, Show, sink, cancellationToken).ConfigureAwait(false);
            if (result.Failed)
            {
                return new ChatOutcome(visible.ToString(), result.Turns, true, null);
            }

            if (visible.ToString().Trim().Length == 0 && !result.ToolsRan)
            {
                await Show(texts.EmptyOutput).ConfigureAwait(false);
                return new ChatOutcome(visible.ToString(), result.Turns, false, null);
            }

            string? pairId = null;
            if (request.Save)
            {
                pairId = await SaveAsync(request, userText, visible.ToString(), cancellationToken).ConfigureAwait(false);
            }

            return new ChatOutcome(visible.ToString(), result.Turns, false, pairId);
        }
        finally
        {
            _tasks.End(control);
        }
    }

    private sealed record PromptParts(List<ChatMessage> Messages, string NitId);

    private sealed record LoopResult(int Turns, bool Failed, bool ToolsRan);

    private async Task<(PromptParts Prompt, string? UserText)> BuildPromptAsync(ChatRequest request, PromptLibrary library, CancellationToken ct)
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
            NitTools = _tools.RenderDocumentation(),
            NitId = nitId,
        });

        var fitted = new PromptBudget(_options.PromptTokenBudget).Fit([new ChatMessage(ChatRole.System, system.Text)], history, current);
        var userText = current.LastOrDefault(m => m.Role == ChatRole.User)?.Text;
        return (new PromptParts([.. fitted.Messages], nitId), string.IsNullOrWhiteSpace(userText) ? null : userText.Trim());
    }

    private async Task<LoopResult> LoopAsync(LlmEndpoint endpoint, List<ChatMessage> messages, string nitId, ChatTaskControl control, ChatToolState toolState,
        ChatTexts texts, string? task, PromptLibrary library, Func<string, ValueTask> show, ChatEventSink sink, CancellationToken ct)
    {
        using var client = _factory.Create(endpoint);
        var context = toolState.ToContext();
        // Strict mode (config nit_strict_mode = "true", spec/nit.md §9.1) refuses plain <nit> and legacy blocks too.
        var strict = string.Equals(await _store.Config.GetAsync("nit_strict_mode", ct).ConfigureAwait(false), "true", StringComparison.OrdinalIgnoreCase);
        var dispatchOptions = new NitDispatchOptions { ExpectedId = nitId, RevealExpectedId = false, StrictId = strict };
        var disableNative = string.Equals(await _store.Config.GetAsync("disable_native_tools", ct).ConfigureAwait(false), "true", StringComparison.OrdinalIgnoreCase);
        IList<AITool>? tools = disableNative ? null : NativeTools();
        var consecutiveErrors = 0;
        var toolsRan = false;
        var turn = 0;
        while (turn < _options.MaxTurns)
        {
            await control.WaitWhilePausedAsync(_tasks.MaxPause, ct).ConfigureAwait(false);
            foreach (var instruction in control.DrainInstructions())
            {
                messages.Add(new ChatMessage(ChatRole.User, string.Format(CultureInfo.InvariantCulture, texts.InjectedFormat, instruction)));
            }

            turn++;
            control.Turn = turn;
            await sink(ChatEvent.Status(string.Format(CultureInfo.InvariantCulture, texts.ThinkingFormat, turn)), ct).ConfigureAwait(false);

            var turnText = new StringBuilder();
            var calls = new List<FunctionCallContent>();
            var filter = new NitStreamFilter();
            try
            {
                var options = new ChatOptions { Tools = tools };
                await foreach (var update in client.GetStreamingResponseAsync(messages, options, ct).ConfigureAwait(false))
                {
                    foreach (var content in update.Contents)
                    {
                        switch (content)
                        {
                            case TextContent { Text.Length: > 0 } text:
                                turnText.Append(text.Text);
                                await show(filter.Push(text.Text)).ConfigureAwait(false);
                                break;
                            case FunctionCallContent call:
                                calls.Add(call);
                                break;
                            default:
                                break;
                        }
                    }
                }

                await show(filter.Flush()).ConfigureAwait(false);
            }
            catch (LlmException ex) when (!ct.IsCancellationRequested)
            {
                ChatLog.LlmFailed(_logger, ex.Message);
                await sink(ChatEvent.Status(texts.LlmFailed), ct).ConfigureAwait(false);
                await show(FormatError(ex)).ConfigureAwait(false);
                return new LoopResult(turn, true, toolsRan);
            }

            var reply = turnText.ToString();
            var turnFailed = false;
            var ranSomething = false;
            if (calls.Count > 0)
            {
                ranSomething = true;
                var assistant = new ChatMessage(ChatRole.Assistant, []);
                if (reply.Length > 0)
                {
                    assistant.Contents.Add(new TextContent(reply));
                }

                foreach (var call in calls)
                {
                    assistant.Contents.Add(call);
                }

                messages.Add(assistant);
                foreach (var call in calls)
                {
                    string output;
                    if (toolState.Finished)
                    {
                        output = "Skipped: the task was already finished.";
                    }
                    else
                    {
                        await sink(ChatEvent.Status(string.Format(CultureInfo.InvariantCulture, texts.CallingToolFormat, call.Name)), ct).ConfigureAwait(false);
                        (output, var ok) = await InvokeNativeAsync(call, context, ct).ConfigureAwait(false);
                        turnFailed |= !ok;
                    }

                    messages.Add(new ChatMessage(ChatRole.Tool, [new FunctionResultContent(call.CallId, output)]));
                }
            }

            if (reply.Length > 0 && !toolState.Finished)
            {
                var dispatched = await _dispatcher.DispatchAsync(reply, dispatchOptions, context, ct).ConfigureAwait(false);
                if (!dispatched.IsEmpty)
                {
                    ranSomething = true;
                    if (calls.Count == 0)
                    {
                        messages.Add(new ChatMessage(ChatRole.Assistant, Cut(reply, 50_000)));
                    }

                    messages.Add(new ChatMessage(ChatRole.User, dispatched.FormatObservation(_options.ObservationMaxLength)));
                    turnFailed |= dispatched.HasErrors;
                }
            }

            if (toolState.PendingSummary is { } summary)
            {
                toolState.PendingSummary = null;
                await show(summary).ConfigureAwait(false);
            }

            toolsRan |= ranSomething;
            if (!ranSomething || toolState.Finished)
            {
                return new LoopResult(turn, false, toolsRan);
            }

            consecutiveErrors = turnFailed ? consecutiveErrors + 1 : 0;
            if (turnFailed && consecutiveErrors < _options.BreakerThreshold &&
                await ReflectAsync(messages, task, library, ct).ConfigureAwait(false) is { } advice)
            {
                messages.Add(new ChatMessage(ChatRole.System, string.Format(CultureInfo.InvariantCulture, texts.ReflectionHintFormat, advice)));
            }

            if (consecutiveErrors >= _options.BreakerThreshold)
            {
                // Tell the model once per failing streak, and stop offering native tools for the rest of the request.
                if (consecutiveErrors == _options.BreakerThreshold)
                {
                    messages.Add(new ChatMessage(ChatRole.System, texts.Breaker));
                }

                tools = null;
            }
        }

        ChatLog.TurnLimit(_logger, _options.MaxTurns);
        await show("\n" + string.Format(CultureInfo.InvariantCulture, texts.TurnLimit, _options.MaxTurns)).ConfigureAwait(false);
        return new LoopResult(turn, false, toolsRan);
    }

    /// <summary>
    /// Asks the optional reflection model (config <c>reflection_enabled</c> = "true" and <c>reflection_model_id</c>)
    /// for advice after a failed step. Returns null when reflection is off, the model says NORMAL, or it fails.
    /// </summary>
    private async Task<string?> ReflectAsync(List<ChatMessage> messages, string? task, PromptLibrary library, CancellationToken ct)
    {
        var endpoint = await _resolver.TryResolveAsync(LlmRole.Reflection, ct).ConfigureAwait(false);
        if (endpoint is null)
        {
            return null;
        }

        var composer = new PromptComposer(library);
        var tools = string.Join("\n", _tools.Tools.Select(t => $"- {t.Name}: {t.Description}"));
        var steps = string.Join("\n", messages.Skip(1).TakeLast(5).Select(m => $"[{m.Role}] {Cut(m.Text ?? string.Empty, 200)}"));
        try
        {
            using var client = _factory.Create(endpoint);
            var response = await client.GetResponseAsync(
                [new ChatMessage(ChatRole.System, composer.BuildReflectionSystemPrompt(tools).Text),
                 new ChatMessage(ChatRole.User, composer.BuildReflectionUserMessage(task ?? string.Empty, steps).Text)],
                new ChatOptions { Temperature = 0.1f }, ct).ConfigureAwait(false);
            var advice = response.Text?.Trim() ?? string.Empty;
            return advice.Length == 0 || advice.Contains("NORMAL", StringComparison.OrdinalIgnoreCase) ? null : Cut(advice, 1000);
        }
        catch (LlmException ex)
        {
            ChatLog.LlmFailed(_logger, ex.Message);
            return null;
        }
    }

    private IList<AITool> NativeTools() =>
        [.. _tools.Tools.Select(t => (AITool)AIFunctionFactory.CreateDeclaration(t.Name, t.Description, t.ParametersSchema))];

    private async Task<(string Output, bool Ok)> InvokeNativeAsync(FunctionCallContent call, Nit.NitExecutionContext context, CancellationToken ct)
    {
        var raw = call.RawRepresentation is LlmToolCall tc ? tc.Arguments : null;
        if (raw is null && call.Arguments is not null)
        {
            raw = System.Text.Json.JsonSerializer.Serialize(call.Arguments.ToDictionary(kv => kv.Key, kv => kv.Value?.ToString()));
        }

        if (_tools.Find(call.Name) is null)
        {
            return ($"Error: Tool '{call.Name}' not found or not supported.", false);
        }

        var outcome = await _tools.InvokeJsonAsync(call.Name, raw, context, ct).ConfigureAwait(false);
        if (outcome.Kind == NitToolOutcomeKind.InvalidArguments && raw is not null && outcome.Error?.Contains("JSON", StringComparison.OrdinalIgnoreCase) == true)
        {
            return ($"Error: Failed to parse arguments: {outcome.Error}. Please ensure arguments are valid JSON.", false);
        }

        return (Cut(outcome.ToString(), _options.ToolResultMaxLength), outcome.IsSuccess);
    }

    private async Task<string?> SaveAsync(ChatRequest request, string? userText, string assistantText, CancellationToken ct)
    {
        var answer = NitBlockExtractor.Default.RemoveBlocks(assistantText).Trim();
        if (userText is null || answer.Length == 0 || answer.StartsWith("Error:", StringComparison.Ordinal))
        {
            return null;
        }

        var pairId = Guid.NewGuid().ToString();
        var user = NitBlockExtractor.Default.RemoveBlocks(userText).Trim();
        await _store.Logs.AddAsync(
        [
            new ConversationLogEntry
            {
                SessionId = request.SessionId, Source = request.Source, PairId = pairId, Content = user,
                Role = user.StartsWith("【系统触发】", StringComparison.Ordinal) ? "system" : "user",
            },
            new ConversationLogEntry { SessionId = request.SessionId, Source = request.Source, PairId = pairId, Content = answer, Role = "assistant" },
        ], CancellationToken.None).ConfigureAwait(false);

        if (answer.Length > 5)
        {
            _scorer?.Enqueue(pairId);
        }

        return pairId;
    }

    /// <summary>The in-band error text: <c>Error: 401 - bad key</c>, or <c>Error: message</c> when the server did not answer.</summary>
    internal static string FormatError(LlmException ex) =>
        ex.StatusCode is { } status
            ? $"Error: {((int)status).ToString(CultureInfo.InvariantCulture)} - {ex.ProviderMessage ?? ex.Message}"
            : "Error: " + ex.Message;

    private static string Cut(string text, int max) => text.Length <= max ? text : string.Concat(text.AsSpan(0, max), "\n...(truncated)");
}
