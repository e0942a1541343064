using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading.Channels;
using PeroCore.Agent.Events;
using PeroCore.Agent.Llm;
using PeroCore.Agent.Prompts;
using PeroCore.Memory.Storage;

namespace PeroCore.Agent.Chat;

/// <summary>
/// The chat agent: one request becomes a stream of <see cref="ChatEvent"/>s. It resolves the LLM, builds the prompt
/// (<see cref="ChatPromptBuilder"/>), runs the ReAct loop (<see cref="ChatTurnLoop"/>, whose tools report through the
/// same stream), logs the exchange (<see cref="ChatExchangeLog"/>) and ends with <see cref="ChatCompletedEvent"/>.
/// Thread-safe; one instance serves all requests.
/// </summary>
public sealed class ChatAgent
{
    private readonly LlmSettingsResolver _resolver;
    private readonly PromptLibraryProvider _prompts;
    private readonly PeroStore _store;
    private readonly ChatPromptBuilder _promptBuilder;
    private readonly ChatTurnLoop _loop;
    private readonly ChatExchangeLog _log;
    private readonly ChatTaskRegistry _tasks;
    private readonly ChatShutdownSignal? _shutdown;
    private readonly IEventPublisher? _events;

    /// <summary>
    /// Creates the agent from its parts. With <paramref name="events"/>, every change of the companion's state is also
    /// pushed to the events channel (<see cref="EventKinds.PetState"/>), posted in the background so the stream never waits.
    /// </summary>
    public ChatAgent(LlmSettingsResolver resolver, PromptLibraryProvider prompts, PeroStore store, ChatPromptBuilder promptBuilder, ChatTurnLoop loop,
        ChatExchangeLog log, ChatTaskRegistry tasks, ChatShutdownSignal? shutdown = null, IEventPublisher? events = null)
    {
        _resolver = resolver ?? throw new ArgumentNullException(nameof(resolver));
        _prompts = prompts ?? throw new ArgumentNullException(nameof(prompts));
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _promptBuilder = promptBuilder ?? throw new ArgumentNullException(nameof(promptBuilder));
        _loop = loop ?? throw new ArgumentNullException(nameof(loop));
        _log = log ?? throw new ArgumentNullException(nameof(log));
        _tasks = tasks ?? throw new ArgumentNullException(nameof(tasks));
        _shutdown = shutdown;
        _events = events;
    }

    /// <summary>
    /// Runs one chat request. Errors the user can act on (no LLM configured, the LLM failed) arrive as a
    /// <see cref="ChatErrorEvent"/>, and nothing is logged. When the host shuts down (<see cref="ChatShutdownSignal"/>),
    /// the user's message is logged on its own and the stream ends with an error event saying so. Cancelling
    /// <paramref name="cancellationToken"/> (the client is gone) cancels the LLM request and ends the enumeration with
    /// <see cref="OperationCanceledException"/>; nothing is logged then. The last event is always a
    /// <see cref="ChatCompletedEvent"/>.
    /// </summary>
    public async IAsyncEnumerable<ChatEvent> RunAsync(ChatRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var events = Channel.CreateUnbounded<ChatEvent>(new UnboundedChannelOptions { SingleReader = true });
        using var run = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _shutdown?.Token ?? CancellationToken.None);
        var producer = ProduceAsync(request, events.Writer, cancellationToken, run.Token);
        try
        {
            await foreach (var chatEvent in events.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return chatEvent;
            }
        }
        finally
        {
            await run.CancelAsync().ConfigureAwait(false);
            await producer.ConfigureAwait(false);
        }
    }

    /// <summary>Runs the request and writes its events; never throws (a failure completes the channel with it).</summary>
    private async Task ProduceAsync(ChatRequest request, ChannelWriter<ChatEvent> events, CancellationToken clientToken, CancellationToken runToken)
    {
        ValueTask Emit(ChatEvent e, CancellationToken ct)
        {
            if (e is ChatTriggerEvent trigger && _events is not null)
            {
                using var payload = JsonDocument.Parse(trigger.Triggers.ToJsonString());
                _events.TryPost(EventKinds.PetState, payload.RootElement);
            }

            return events.WriteAsync(e, ct);
        }

        try
        {
            var outcome = await RunCoreAsync(request, Emit, runToken).ConfigureAwait(false);
            await events.WriteAsync(new ChatCompletedEvent(outcome), runToken).ConfigureAwait(false);
            events.Complete();
        }
        catch (OperationCanceledException ex) when (_shutdown is { Token.IsCancellationRequested: true } && !clientToken.IsCancellationRequested)
        {
            // The host is stopping: the answer is lost, the user's words are not.
            if (ex is InterruptedTurnException interrupted)
            {
                await _log.SaveInterruptedAsync(interrupted.Request, interrupted.UserText).ConfigureAwait(false);
            }

            var library = await _prompts.GetForStoreAsync(_store, CancellationToken.None).ConfigureAwait(false);
            var notice = new ChatErrorEvent(ChatTexts.For(library.Language).ShuttingDown);
            await events.WriteAsync(notice, CancellationToken.None).ConfigureAwait(false);
            await events.WriteAsync(new ChatCompletedEvent(new ChatOutcome(notice.Text, 0, true, null)), CancellationToken.None).ConfigureAwait(false);
            events.Complete();
        }
#pragma warning disable CA1031 // The failure is handed to the reader, which rethrows it.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            events.Complete(ex);
        }
    }

    private async Task<ChatOutcome> RunCoreAsync(ChatRequest request, ChatEventSink emit, CancellationToken cancellationToken)
    {
        var library = await _prompts.GetForStoreAsync(_store, cancellationToken).ConfigureAwait(false);
        var texts = ChatTexts.For(library.Language);
        if (request.SystemInstruction is null)
        {
            // The owner speaks: what the companion planned to do if they stayed silent (pending reactions) is void.
            await _store.ScheduledTasks.DeletePendingReactionsAsync(cancellationToken).ConfigureAwait(false);
        }

        await emit(ChatEvent.Status(texts.Preparing), cancellationToken).ConfigureAwait(false);
        LlmEndpoint endpoint;
        try
        {
            endpoint = await _resolver.ResolveAsync(LlmRole.Chat, cancellationToken).ConfigureAwait(false);
        }
        catch (LlmNotConfiguredException ex)
        {
            var error = new ChatErrorEvent(ex.Message);
            await emit(error, cancellationToken).ConfigureAwait(false);
            return new ChatOutcome(error.Text, 0, true, null);
        }

        var control = _tasks.Begin(request.Source, request.SessionId);
        var run = new ChatRun(request, library, emit, control);
        string? userText = null;
        try
        {
            var prompt = await _promptBuilder.BuildAsync(request, library, cancellationToken).ConfigureAwait(false);
            userText = prompt.UserText;
            run.RecalledIds = prompt.RecalledIds;
            await emit(ChatEvent.Status(texts.LoadingTools), cancellationToken).ConfigureAwait(false);
            var result = await _loop.RunAsync(run, endpoint, prompt, cancellationToken).ConfigureAwait(false);
            if (result.Failed)
            {
                return new ChatOutcome(run.Visible, result.Turns, true, null);
            }

            if (run.Visible.Trim().Length == 0 && !result.ToolsRan)
            {
                await run.ShowAsync(texts.EmptyOutput, cancellationToken).ConfigureAwait(false);
                return new ChatOutcome(run.Visible, result.Turns, false, null);
            }

            var pairId = request.Save ? await _log.SaveAsync(request, userText, run.Visible, run.RecalledIds, run.ToolOutputs).ConfigureAwait(false) : null;
            return new ChatOutcome(run.Visible, result.Turns, false, pairId);
        }
        catch (OperationCanceledException ex) when (cancellationToken.IsCancellationRequested && request.Save && userText is not null)
        {
            // The caller decides whether the cut-off turn keeps the user's words (a shutdown does, a client that left does not).
            throw new InterruptedTurnException(request, userText, ex);
        }
        finally
        {
            _tasks.End(control);
        }
    }
}
