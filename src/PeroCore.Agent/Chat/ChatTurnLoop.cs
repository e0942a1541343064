using System.Globalization;
using System.Text;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PeroCore.Agent.Llm;
using PeroCore.Agent.Prompts;
using PeroCore.Memory.Storage;
using PeroCore.Nit.Runtime;
using PeroCore.Nit.Streaming;

namespace PeroCore.Agent.Chat;

/// <summary>
/// The ReAct loop of one request: stream the LLM through the NIT stream filter, run native calls and NIT blocks,
/// feed the observations back, repeat (up to <see cref="ChatAgentOptions.MaxTurns"/>, with the failure breaker and the
/// optional reflection model); <c>finish_task</c> or a turn without tools ends it. Pauses and injected instructions
/// of the request's <see cref="ChatTaskControl"/> apply between turns.
/// </summary>
public sealed class ChatTurnLoop
{
    private readonly LlmClientFactory _factory;
    private readonly LlmSettingsResolver _resolver;
    private readonly PeroStore _store;
    private readonly ChatToolInvoker _invoker;
    private readonly ChatTaskRegistry _tasks;
    private readonly ChatAgentOptions _options;
    private readonly ILogger _logger;

    /// <summary>Creates the loop.</summary>
    public ChatTurnLoop(LlmClientFactory factory, LlmSettingsResolver resolver, PeroStore store, ChatToolInvoker invoker, ChatTaskRegistry tasks,
        IOptions<ChatAgentOptions> options, ILogger<ChatTurnLoop>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _factory = factory ?? throw new ArgumentNullException(nameof(factory));
        _resolver = resolver ?? throw new ArgumentNullException(nameof(resolver));
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _invoker = invoker ?? throw new ArgumentNullException(nameof(invoker));
        _tasks = tasks ?? throw new ArgumentNullException(nameof(tasks));
        _options = options.Value;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    internal sealed record Result(int Turns, bool Failed, bool ToolsRan);

    internal async Task<Result> RunAsync(ChatRun run, LlmEndpoint endpoint, ChatPrompt prompt, CancellationToken ct)
    {
        using var client = _factory.Create(endpoint);
        var messages = prompt.Messages;
        var context = run.ToolState.ToContext();
        var texts = run.Texts;
        // Strict mode (config nit_strict_mode = "true", spec/nit.md §9.1) refuses plain <nit> and legacy blocks too.
        var strict = await IsOnAsync("nit_strict_mode", ct).ConfigureAwait(false);
        var dispatchOptions = new NitDispatchOptions { ExpectedId = prompt.NitId, RevealExpectedId = false, StrictId = strict, Texts = texts.Nit };
        var tools = await IsOnAsync("disable_native_tools", ct).ConfigureAwait(false) ? null : _invoker.NativeTools(texts.Nit);
        var consecutiveErrors = 0;
        var toolsRan = false;
        var turn = 0;
        while (turn < _options.MaxTurns)
        {
            await run.Control.WaitWhilePausedAsync(_tasks.MaxPause, ct).ConfigureAwait(false);
            foreach (var instruction in run.Control.DrainInstructions())
            {
                messages.Add(new ChatMessage(ChatRole.User, string.Format(CultureInfo.InvariantCulture, texts.InjectedFormat, instruction)));
            }

            turn++;
            run.Control.Turn = turn;
            await run.EmitAsync(ChatEvent.Status(string.Format(CultureInfo.InvariantCulture, texts.ThinkingFormat, turn)), ct).ConfigureAwait(false);

            var streamed = await StreamTurnAsync(run, client, messages, tools, ct).ConfigureAwait(false);
            if (streamed is null)
            {
                return new Result(turn, true, toolsRan);
            }

            var (reply, calls) = streamed.Value;
            var (ranSomething, turnFailed) = await RunToolsAsync(run, messages, reply, calls, dispatchOptions, context, ct).ConfigureAwait(false);
            if (run.ToolState.PendingSummary is { } summary)
            {
                run.ToolState.PendingSummary = null;
                await run.ShowAsync(summary, ct).ConfigureAwait(false);
            }

            toolsRan |= ranSomething;
            if (!ranSomething || run.ToolState.Finished)
            {
                return new Result(turn, false, toolsRan);
            }

            consecutiveErrors = turnFailed ? consecutiveErrors + 1 : 0;
            if (turnFailed && consecutiveErrors < _options.BreakerThreshold &&
                await ReflectAsync(messages, run, ct).ConfigureAwait(false) is { } advice)
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
        await run.ShowAsync("\n" + string.Format(CultureInfo.InvariantCulture, texts.TurnLimit, _options.MaxTurns), ct).ConfigureAwait(false);
        return new Result(turn, false, toolsRan);
    }

    /// <summary>The error event for a failed LLM call: <c>401 - bad key</c>, or the message when the server did not answer.</summary>
    internal static ChatErrorEvent ErrorOf(LlmException ex) =>
        ex.StatusCode is { } status
            ? new ChatErrorEvent($"{((int)status).ToString(CultureInfo.InvariantCulture)} - {ex.ProviderMessage ?? ex.Message}", (int)status)
            : new ChatErrorEvent(ex.Message);

    /// <summary>Streams one LLM turn to the user through the NIT filter; null when the LLM failed (an error event was sent).</summary>
    private async Task<(string Reply, List<FunctionCallContent> Calls)?> StreamTurnAsync(ChatRun run, IChatClient client, List<ChatMessage> messages,
        IList<AITool>? tools, CancellationToken ct)
    {
        var reply = new StringBuilder();
        var calls = new List<FunctionCallContent>();
        var filter = new NitStreamFilter();
        try
        {
            await foreach (var update in client.GetStreamingResponseAsync(messages, new ChatOptions { Tools = tools }, ct).ConfigureAwait(false))
            {
                foreach (var content in update.Contents)
                {
                    switch (content)
                    {
                        case TextContent { Text.Length: > 0 } text:
                            reply.Append(text.Text);
                            await run.ShowAsync(filter.Push(text.Text), ct).ConfigureAwait(false);
                            break;
                        case FunctionCallContent call:
                            calls.Add(call);
                            break;
                        default:
                            break;
                    }
                }
            }

            await run.ShowAsync(filter.Flush(), ct).ConfigureAwait(false);
            return (reply.ToString(), calls);
        }
        catch (LlmException ex) when (!ct.IsCancellationRequested)
        {
            ChatLog.LlmFailed(_logger, ex.Message);
            await run.EmitAsync(ChatEvent.Status(run.Texts.LlmFailed), ct).ConfigureAwait(false);
            await run.FailAsync(ErrorOf(ex), ct).ConfigureAwait(false);
            return null;
        }
    }

    /// <summary>Runs the turn's native calls, then its NIT blocks, and appends what the model must read back.</summary>
    private async Task<(bool Ran, bool Failed)> RunToolsAsync(ChatRun run, List<ChatMessage> messages, string reply, List<FunctionCallContent> calls,
        NitDispatchOptions dispatchOptions, Nit.NitExecutionContext context, CancellationToken ct)
    {
        var failed = false;
        var ran = false;
        if (calls.Count > 0)
        {
            ran = true;
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
                if (run.ToolState.Finished)
                {
                    output = run.Texts.SkippedAfterFinish;
                }
                else
                {
                    var started = string.Format(CultureInfo.InvariantCulture, run.Texts.CallingToolFormat, call.Name);
                    await run.EmitAsync(new ChatToolEvent(call.Name, started), ct).ConfigureAwait(false);
                    (output, var ok) = await _invoker.InvokeNativeAsync(call, context, run.Texts, ct).ConfigureAwait(false);
                    await run.EmitAsync(new ChatToolEvent(call.Name, started, ok), ct).ConfigureAwait(false);
                    failed |= !ok;
                }

                run.RecordToolOutput(output);
                messages.Add(new ChatMessage(ChatRole.Tool, [new FunctionResultContent(call.CallId, output)]));
            }
        }

        if (reply.Length > 0 && !run.ToolState.Finished)
        {
            var dispatched = await _invoker.DispatchAsync(reply, dispatchOptions, context, ct).ConfigureAwait(false);
            if (!dispatched.IsEmpty)
            {
                ran = true;
                if (calls.Count == 0)
                {
                    messages.Add(new ChatMessage(ChatRole.Assistant, Cut(reply, 50_000, run.Texts)));
                }

                var observation = dispatched.FormatObservation(_options.ObservationMaxLength, texts: run.Texts.Nit);
                run.RecordToolOutput(observation);
                messages.Add(new ChatMessage(ChatRole.User, observation));
                failed |= dispatched.HasErrors;
            }
        }

        return (ran, failed);
    }

    /// <summary>
    /// Asks the optional reflection model (config <c>reflection_enabled</c> = "true" and <c>reflection_model_id</c>)
    /// for advice after a failed step. Returns null when reflection is off, the model says NORMAL, or it fails.
    /// </summary>
    private async Task<string?> ReflectAsync(List<ChatMessage> messages, ChatRun run, CancellationToken ct)
    {
        var (request, library, texts) = (run.Request, run.Library, run.Texts);
        var endpoint = await _resolver.TryResolveAsync(LlmRole.Reflection, ct).ConfigureAwait(false);
        if (endpoint is null)
        {
            return null;
        }

        var task = request.Messages.LastOrDefault(m => m.Role == ChatRole.User)?.Text?.Trim() ?? string.Empty;
        var composer = new PromptComposer(library);
        var tools = string.Join("\n", _invoker.Tools.Select(t => $"- {t.Name}: {t.Description}"));
        var steps = string.Join("\n", messages.Skip(1).TakeLast(5).Select(m => $"[{m.Role}] {Cut(m.Text ?? string.Empty, 200, texts)}"));
        try
        {
            using var client = _factory.Create(endpoint);
            var response = await client.GetResponseAsync(
                [new ChatMessage(ChatRole.System, composer.BuildReflectionSystemPrompt(tools).Text),
                 new ChatMessage(ChatRole.User, composer.BuildReflectionUserMessage(task, steps).Text)],
                new ChatOptions { Temperature = 0.1f }, ct).ConfigureAwait(false);
            var advice = response.Text?.Trim() ?? string.Empty;
            return advice.Length == 0 || advice.Contains("NORMAL", StringComparison.OrdinalIgnoreCase) ? null : Cut(advice, 1000, texts);
        }
        catch (LlmException ex)
        {
            ChatLog.LlmFailed(_logger, ex.Message);
            return null;
        }
    }

    private async Task<bool> IsOnAsync(string key, CancellationToken ct) =>
        string.Equals(await _store.Config.GetAsync(key, ct).ConfigureAwait(false), "true", StringComparison.OrdinalIgnoreCase);

    private static string Cut(string text, int max, ChatTexts texts) => text.Length <= max ? text : string.Concat(text.AsSpan(0, max), texts.Truncated);
}
