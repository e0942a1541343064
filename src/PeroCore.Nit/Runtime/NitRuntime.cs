using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PeroCore.Nit.Blocks;
using PeroCore.Nit.Parsing;
using PeroCore.Nit.Tools;
using PeroCore.Nit.Values;

namespace PeroCore.Nit.Runtime;

/// <summary>
/// The NIT 2.0 interpreter (spec §2, profile R). Each call to <see cref="ExecuteAsync(NitScript, NitExecutionContext?, CancellationToken)"/>
/// runs one block with a fresh variable scope: statements run in order, arguments are evaluated when their
/// statement runs, results feed later calls unchanged, and failures (unknown tool, bad arguments, tool exception,
/// timeout, undefined variable) become the statement value <c>"Error: …"</c>, mark the block as
/// <see cref="NitStatus.Error"/>, and execution continues. A value larger than <see cref="NitRuntimeOptions.MaxValueSize"/>
/// is the exception: it fails its statement and stops the script (<see cref="NitExecutionResult.RuntimeError"/>).
/// <c>async</c> calls run on a <see cref="NitTaskManager"/>.
/// Thread-safe; one instance can serve every session.
/// </summary>
public sealed class NitRuntime : IAsyncDisposable
{
    /// <summary>The statement value of an <c>async</c> call, as in the seed.</summary>
    public const string AsyncScheduledValue = "Async task scheduled";

    private readonly ILogger _logger;

    /// <summary>Creates an interpreter over a tool registry.</summary>
    public NitRuntime(NitToolRegistry tools, NitRuntimeOptions? options = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(tools);
        Tools = tools;
        Options = options ?? new NitRuntimeOptions();
        Options.Validate();
        _logger = logger ?? NullLogger.Instance;
        Tasks = new NitTaskManager(logger: _logger);
    }

    /// <summary>The registry scripts call into.</summary>
    public NitToolRegistry Tools { get; }

    /// <summary>Limits and preview length.</summary>
    public NitRuntimeOptions Options { get; }

    /// <summary>
    /// The task manager used when the context brings none. Agents should pass a per-session manager in
    /// <see cref="NitExecutionContext.Tasks"/> so each session drains only its own events.
    /// </summary>
    public NitTaskManager Tasks { get; }

    /// <summary>Parses and runs a script. A syntax error gives an error result (nothing runs); it is not thrown.</summary>
    public ValueTask<NitExecutionResult> ExecuteAsync(string script, NitExecutionContext? context = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(script);
        if (!NitParser.TryParse(script, out NitScript? parsed, out NitException? error))
        {
            return ValueTask.FromResult(SyntaxErrorResult(error));
        }

        return ExecuteCoreAsync(parsed, script, context, cancellationToken);
    }

    /// <summary>Runs the script of a <see cref="NitBlockKind.Script"/> block.</summary>
    public ValueTask<NitExecutionResult> ExecuteAsync(NitBlock block, NitExecutionContext? context = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(block);
        if (block.Kind != NitBlockKind.Script)
        {
            throw new ArgumentException("Only <nit> script blocks can be executed by the interpreter; use NitDispatcher for legacy blocks.", nameof(block));
        }

        return ExecuteAsync(block.Content, context, cancellationToken);
    }

    /// <summary>
    /// Runs a parsed script. Throws only <see cref="OperationCanceledException"/> (when
    /// <paramref name="cancellationToken"/> is cancelled; statements already run are not undone).
    /// </summary>
    public ValueTask<NitExecutionResult> ExecuteAsync(NitScript script, NitExecutionContext? context = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(script);
        return ExecuteCoreAsync(script, null, context, cancellationToken);
    }

    /// <summary>Cancels and waits for the background tasks of <see cref="Tasks"/>.</summary>
    public ValueTask DisposeAsync() => Tasks.DisposeAsync();

    internal static NitExecutionResult SyntaxErrorResult(NitException error)
        => new(NitStatus.Error, "Script Error: " + error.Message, error, [], [], new Dictionary<string, object?>(), []);

    /// <summary>Runs a parsed script; <paramref name="source"/> (when known) gives runtime errors a source excerpt.</summary>
    private async ValueTask<NitExecutionResult> ExecuteCoreAsync(NitScript script, string? source, NitExecutionContext? context, CancellationToken cancellationToken)
    {
        context ??= NitExecutionContext.Empty;
        IReadOnlyList<NitStatement> statements = script.Statements;
        var scope = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (statements.Count > Options.MaxStatements)
        {
            string message = string.Create(CultureInfo.InvariantCulture, $"Script Error: the block has {statements.Count} statements (limit {Options.MaxStatements}).");
            return new NitExecutionResult(NitStatus.Error, message, null, [], [], scope, []);
        }

        var records = new NitStatementResult[statements.Count];
        var lines = new string[statements.Count];
        var executed = new List<string>(statements.Count);
        List<int>? scheduled = null;
        bool failed = false;
        var budget = new NitValueBudget(Options.MaxValueSize);
        NitException? stop = null;
        int ran = 0;

        for (int i = 0; i < statements.Count && stop is null; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            NitStatement statement = statements[i];
            object? value = null;
            string? error = null;
            string? warning = null;
            string? resolved = null;
            IReadOnlyDictionary<string, object?>? arguments = null;
            int? taskId = null;
            NitCall? call = statement.Value as NitCall;

            if (call is not null)
            {
                if (!TryEvaluateArguments(call, scope, budget, out OrderedDictionary<string, object?>? evaluated, out string? undefined, out NitExpression? oversized))
                {
                    stop = oversized is null ? null : TooLarge(source, oversized, null);
                    error = stop?.Headline ?? "Undefined variable: $" + undefined;
                }
                else if (call.IsAsync)
                {
                    arguments = evaluated;
                    error = Schedule(call, evaluated!, context, out NitToolCall? work, out taskId, out warning);
                    if (work is not null)
                    {
                        value = AsyncScheduledValue;
                        resolved = work.Tool.Name;
                        arguments = work.Arguments;
                        executed.Add(work.Tool.Name);
                        (scheduled ??= []).Add(taskId!.Value);
                    }
                }
                else
                {
                    NitToolOutcome outcome = await InvokeAsync(call.ToolName, evaluated!, context, cancellationToken).ConfigureAwait(false);
                    arguments = outcome.Arguments ?? evaluated;
                    resolved = outcome.Tool?.Name;
                    warning = outcome.Warning;
                    if (outcome.IsSuccess)
                    {
                        value = outcome.Value;
                    }
                    else
                    {
                        error = outcome.Error;
                    }

                    if (outcome.WasInvoked)
                    {
                        executed.Add(outcome.Tool!.Name);
                    }
                }
            }
            else if (!TryEvaluate(statement.Value, scope, budget, out value, out string? undefined, out NitExpression? oversized))
            {
                stop = oversized is null ? null : TooLarge(source, oversized, null);
                error = stop?.Headline ?? "Undefined variable: $" + undefined;
            }

            if (statement.Target is not null && error is null)
            {
                // What is kept must fit the budget: a tool's result, a string (after the string limit), a copy.
                if (budget.MeasureTop(CutString(value), budget.Limit) > budget.Limit)
                {
                    stop = TooLarge(source, statement.Value, call?.ToolName);
                    error = stop.Headline;
                }
            }

            if (error is not null)
            {
                value = "Error: " + error;
                failed = true;
            }

            if (statement.Target is { } target)
            {
                warning = Store(scope, target, value) ?? warning;
            }

            string preview = NitValueFormatter.FormatPreview(value, Options.PreviewLength);
            lines[i] = statement.Target is null
                ? "Call: " + call!.ToolName + " -> " + preview
                : "Assignment: $" + statement.Target + " = " + preview;
            records[i] = new NitStatementResult(
                i, statement.Line, statement.Column, statement.Target, call?.ToolName, resolved, arguments,
                call?.IsAsync ?? false, taskId, error is null, value, error, warning, lines[i]);
            ran = i + 1;
        }

        string output = string.Join('\n', lines, 0, ran);
        if (stop is not null && ran < statements.Count)
        {
            output += string.Create(CultureInfo.InvariantCulture, $"\nScript stopped at line {stop.Line}: {statements.Count - ran} statement(s) after it did not run.");
        }

        return new NitExecutionResult(
            failed ? NitStatus.Error : NitStatus.Success,
            output,
            null,
            ran == records.Length ? records : records[..ran],
            executed,
            scope,
            scheduled is null ? [] : scheduled,
            stop);
    }

    /// <summary>The error that stops a script whose value at <paramref name="at"/> grew past the budget.</summary>
    private NitException TooLarge(string? source, NitExpression at, string? toolName)
    {
        string what = at switch
        {
            NitListExpression => "this list",
            NitDictionaryExpression => "this dictionary",
            _ when toolName is not null => "the result of " + toolName,
            _ => "this value",
        };
        return SizeError(source, at.Line, at.Column, what, Options.MaxValueSize);
    }

    private static NitException SizeError(string? source, int line, int column, string what, int limit)
    {
        string reason = string.Create(
            CultureInfo.InvariantCulture,
            $"Value too large: {what} would take more than {limit} characters when formatted (limit MaxValueSize = {limit}). The script was stopped; build smaller values.");
        return source is null
            ? new NitException(NitErrorKind.Runtime, line, column, reason)
            : NitException.Create(NitErrorKind.Runtime, source, line, column, reason);
    }

    private ValueTask<NitToolOutcome> InvokeAsync(string name, IReadOnlyDictionary<string, object?> arguments, NitExecutionContext context, CancellationToken cancellationToken)
    {
        NitToolOutcome? failure = Tools.Prepare(name, arguments, context, out NitToolCall? call, out string? warning);
        return failure is not null ? ValueTask.FromResult(failure) : Tools.InvokePreparedAsync(call!, warning, cancellationToken);
    }

    /// <summary>Checks and schedules an <c>async</c> call; returns the error message or null.</summary>
    private string? Schedule(NitCall call, OrderedDictionary<string, object?> arguments, NitExecutionContext context, out NitToolCall? scheduled, out int? taskId, out string? warning)
    {
        scheduled = null;
        taskId = null;
        string? callback = call.Callback;
        if (callback is not null)
        {
            arguments.Remove("callback"); // [FIX] the callback name is not passed to the tool itself
        }

        NitToolOutcome? failure = Tools.Prepare(call.ToolName, arguments, context, out NitToolCall? prepared, out warning);
        if (failure is not null)
        {
            return failure.Error;
        }

        NitTaskManager manager = context.Tasks ?? Tasks;
        NitToolRegistry tools = Tools;
        NitToolCall work = prepared!;
        int limit = Options.MaxValueSize;
        if (!manager.TrySchedule(work.Tool.Name, work.Arguments, callback, RunAsync, out int id))
        {
            return string.Create(CultureInfo.InvariantCulture, $"Too many background tasks (limit {manager.MaxOutstanding}); '{call.ToolName}' was not started.");
        }

        scheduled = work;
        taskId = id;
        return null;

        async ValueTask<NitTaskOutcome> RunAsync(CancellationToken token)
        {
            NitToolOutcome outcome = await tools.InvokePreparedAsync(work, null, token).ConfigureAwait(false);
            if (!outcome.IsSuccess)
            {
                return new NitTaskOutcome(outcome.Kind == NitToolOutcomeKind.TimedOut ? NitTaskStatus.TimedOut : NitTaskStatus.Failed, null, outcome.Error, null, null);
            }

            // A background result is kept in the task's event and handed to the callback: it must fit the budget too.
            if (TooLargeFor(limit, outcome.Value))
            {
                string error = SizeError(null, call.Line, call.Column, "the result of " + work.Tool.Name, limit).Headline;
                return new NitTaskOutcome(NitTaskStatus.Failed, null, error, null, null);
            }

            if (callback is null)
            {
                return new NitTaskOutcome(NitTaskStatus.Succeeded, outcome.Value, null, null, null);
            }

            var callbackArguments = new Dictionary<string, object?>(StringComparer.Ordinal) { ["result"] = outcome.Value };
            NitToolOutcome after = await tools.InvokeAsync(callback, callbackArguments, context, token).ConfigureAwait(false);
            if (after.IsSuccess && TooLargeFor(limit, after.Value))
            {
                string error = SizeError(null, call.Line, call.Column, "the result of " + callback, limit).Headline;
                return new NitTaskOutcome(NitTaskStatus.Succeeded, outcome.Value, null, null, error);
            }

            return new NitTaskOutcome(NitTaskStatus.Succeeded, outcome.Value, null, after.IsSuccess ? after.Value : null, after.IsSuccess ? null : after.Error);
        }
    }

    private static bool TooLargeFor(int limit, object? value) => new NitValueBudget(limit).MeasureTop(value, limit) > limit;

    /// <summary>Cuts a string longer than <see cref="NitRuntimeOptions.MaxStringLength"/> and marks it (spec §2.8).</summary>
    private object? CutString(object? value)
    {
        if (value is string text && text.Length > Options.MaxStringLength)
        {
            int cut = Options.MaxStringLength;
            if (char.IsLowSurrogate(text[cut]) && char.IsHighSurrogate(text[cut - 1]))
            {
                cut--; // never split a surrogate pair
            }

            value = string.Concat(text.AsSpan(0, cut), NitRuntimeOptions.TruncationSuffix);
        }

        return value;
    }

    /// <summary>Stores a variable under the limits of spec §2.8; returns a warning when it was not stored.</summary>
    private string? Store(Dictionary<string, object?> scope, string target, object? value)
    {
        value = CutString(value);
        if (scope.Count >= Options.MaxVariables && !scope.ContainsKey(target))
        {
            NitLog.VariableLimit(_logger, Options.MaxVariables, target);
            return string.Create(CultureInfo.InvariantCulture, $"Variable limit ({Options.MaxVariables}) reached: ${target} was not stored.");
        }

        scope[target] = value;
        return null;
    }

    private static bool TryEvaluateArguments(
        NitCall call, Dictionary<string, object?> scope, NitValueBudget budget, out OrderedDictionary<string, object?>? arguments, out string? undefined, out NitExpression? oversized)
    {
        IReadOnlyList<NitArgument> source = call.Arguments;
        arguments = new OrderedDictionary<string, object?>(source.Count, StringComparer.Ordinal);
        undefined = null;
        oversized = null;
        foreach (NitArgument argument in source)
        {
            if (!TryEvaluate(argument.Value, scope, budget, out object? value, out undefined, out oversized))
            {
                return false;
            }

            arguments[argument.Name] = value;
        }

        return true;
    }

    /// <summary>
    /// Evaluates a value. Fails with <paramref name="undefined"/> for an unknown variable, or with
    /// <paramref name="oversized"/> (the innermost list or dictionary literal) when a value passes the size budget.
    /// </summary>
    private static bool TryEvaluate(NitExpression expression, Dictionary<string, object?> scope, NitValueBudget budget, out object? value, out string? undefined, out NitExpression? oversized)
    {
        undefined = null;
        oversized = null;
        long limit = budget.Limit;
        switch (expression)
        {
            case NitLiteral literal:
                value = literal.Value;
                return true;
            case NitVariableReference variable:
                if (scope.TryGetValue(variable.Name, out value))
                {
                    return true;
                }

                undefined = variable.Name;
                return false;
            case NitListExpression list:
                var items = new List<object?>(list.Items.Count);
                long size = 2; // []
                foreach (NitExpression item in list.Items)
                {
                    if (!TryEvaluate(item, scope, budget, out object? itemValue, out undefined, out oversized))
                    {
                        value = null;
                        return false;
                    }

                    size += (items.Count == 0 ? 0 : 1) + budget.Measure(itemValue, limit - size);
                    if (size > limit)
                    {
                        oversized = list;
                        value = null;
                        return false;
                    }

                    items.Add(itemValue);
                }

                budget.Remember(items, size);
                value = items;
                return true;
            case NitDictionaryExpression dictionary:
                var entries = new OrderedDictionary<string, object?>(dictionary.Entries.Count, StringComparer.Ordinal);
                long total = 2; // {}
                foreach (KeyValuePair<string, NitExpression> entry in dictionary.Entries)
                {
                    if (!TryEvaluate(entry.Value, scope, budget, out object? entryValue, out undefined, out oversized))
                    {
                        value = null;
                        return false;
                    }

                    total += (entries.Count == 0 ? 0 : 1) + budget.MeasureString(entry.Key, limit - total) + 1; // "key":
                    total += budget.Measure(entryValue, limit - total);
                    if (total > limit)
                    {
                        oversized = dictionary;
                        value = null;
                        return false;
                    }

                    entries[entry.Key] = entryValue;
                }

                budget.Remember(entries, total);
                value = entries;
                return true;
            default:
                throw new InvalidOperationException("A call cannot be used as a value.");
        }
    }
}
