using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PeroCore.Nit.Blocks;
using PeroCore.Nit.Parsing;
using PeroCore.Nit.Tools;

namespace PeroCore.Nit.Runtime;

/// <summary>
/// The NIT 2.0 interpreter (spec §2, profile R). Each call to <see cref="ExecuteAsync(NitScript, NitExecutionContext?, CancellationToken)"/>
/// runs one block with a fresh variable scope: statements run in order, arguments are evaluated when their
/// statement runs, results feed later calls unchanged, and failures (unknown tool, bad arguments, tool exception,
/// timeout, undefined variable) become the statement value <c>"Error: …"</c>, mark the block as
/// <see cref="NitStatus.Error"/>, and execution continues. <c>async</c> calls run on a <see cref="NitTaskManager"/>.
/// Thread-safe; one instance can serve every session.
/// </summary>
public sealed class NitRuntime : IAsyncDisposable
{
    /// <summary>The statement value of an <c>async</c> call, as in the seed.</summary>
    public const string AsyncScheduledValue = "Async task scheduled";

    private readonly ILogger logger;

    /// <summary>Creates an interpreter over a tool registry.</summary>
    public NitRuntime(NitToolRegistry tools, NitRuntimeOptions? options = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(tools);
        this.Tools = tools;
        this.Options = options ?? new NitRuntimeOptions();
        this.Options.Validate();
        this.logger = logger ?? NullLogger.Instance;
        this.Tasks = new NitTaskManager(logger: this.logger);
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

        return this.ExecuteAsync(parsed, context, cancellationToken);
    }

    /// <summary>Runs the script of a <see cref="NitBlockKind.Script"/> block.</summary>
    public ValueTask<NitExecutionResult> ExecuteAsync(NitBlock block, NitExecutionContext? context = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(block);
        if (block.Kind != NitBlockKind.Script)
        {
            throw new ArgumentException("Only <nit> script blocks can be executed by the interpreter; use NitDispatcher for legacy blocks.", nameof(block));
        }

        return this.ExecuteAsync(block.Content, context, cancellationToken);
    }

    /// <summary>
    /// Runs a parsed script. Throws only <see cref="OperationCanceledException"/> (when
    /// <paramref name="cancellationToken"/> is cancelled; statements already run are not undone).
    /// </summary>
    public async ValueTask<NitExecutionResult> ExecuteAsync(NitScript script, NitExecutionContext? context = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(script);
        context ??= NitExecutionContext.Empty;
        IReadOnlyList<NitStatement> statements = script.Statements;
        var scope = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (statements.Count > this.Options.MaxStatements)
        {
            string message = string.Create(CultureInfo.InvariantCulture, $"Script Error: the block has {statements.Count} statements (limit {this.Options.MaxStatements}).");
            return new NitExecutionResult(NitStatus.Error, message, null, [], [], scope, []);
        }

        var records = new NitStatementResult[statements.Count];
        var lines = new string[statements.Count];
        var executed = new List<string>(statements.Count);
        List<int>? scheduled = null;
        bool failed = false;

        for (int i = 0; i < statements.Count; i++)
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
                if (!TryEvaluateArguments(call, scope, out OrderedDictionary<string, object?>? evaluated, out string? undefined))
                {
                    error = "Undefined variable: $" + undefined;
                }
                else if (call.IsAsync)
                {
                    arguments = evaluated;
                    error = this.Schedule(call, evaluated!, context, out NitToolCall? work, out taskId, out warning);
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
                    NitToolOutcome outcome = await this.InvokeAsync(call.ToolName, evaluated!, context, cancellationToken).ConfigureAwait(false);
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
            else if (!TryEvaluate(statement.Value, scope, out value, out string? undefined))
            {
                error = "Undefined variable: $" + undefined;
            }

            if (error is not null)
            {
                value = "Error: " + error;
                failed = true;
            }

            if (statement.Target is { } target)
            {
                warning = this.Store(scope, target, value) ?? warning;
            }

            string preview = NitValueFormatter.Preview(NitValueFormatter.Format(value), this.Options.PreviewLength);
            lines[i] = statement.Target is null
                ? "Call: " + call!.ToolName + " -> " + preview
                : "Assignment: $" + statement.Target + " = " + preview;
            records[i] = new NitStatementResult(
                i, statement.Line, statement.Column, statement.Target, call?.ToolName, resolved, arguments,
                call?.IsAsync ?? false, taskId, error is null, value, error, warning, lines[i]);
        }

        return new NitExecutionResult(
            failed ? NitStatus.Error : NitStatus.Success,
            string.Join('\n', lines),
            null,
            records,
            executed,
            scope,
            scheduled is null ? [] : scheduled);
    }

    /// <summary>Cancels and waits for the background tasks of <see cref="Tasks"/>.</summary>
    public ValueTask DisposeAsync() => this.Tasks.DisposeAsync();

    internal static NitExecutionResult SyntaxErrorResult(NitException error)
        => new(NitStatus.Error, "Script Error: " + error.Message, error, [], [], new Dictionary<string, object?>(), []);

    private ValueTask<NitToolOutcome> InvokeAsync(string name, IReadOnlyDictionary<string, object?> arguments, NitExecutionContext context, CancellationToken cancellationToken)
    {
        NitToolOutcome? failure = this.Tools.Prepare(name, arguments, context, out NitToolCall? call, out string? warning);
        return failure is not null ? ValueTask.FromResult(failure) : this.Tools.InvokePreparedAsync(call!, warning, cancellationToken);
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

        NitToolOutcome? failure = this.Tools.Prepare(call.ToolName, arguments, context, out NitToolCall? prepared, out warning);
        if (failure is not null)
        {
            return failure.Error;
        }

        NitTaskManager manager = context.Tasks ?? this.Tasks;
        NitToolRegistry tools = this.Tools;
        NitToolCall work = prepared!;
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

            if (callback is null)
            {
                return new NitTaskOutcome(NitTaskStatus.Succeeded, outcome.Value, null, null, null);
            }

            var callbackArguments = new Dictionary<string, object?>(StringComparer.Ordinal) { ["result"] = outcome.Value };
            NitToolOutcome after = await tools.InvokeAsync(callback, callbackArguments, context, token).ConfigureAwait(false);
            return new NitTaskOutcome(NitTaskStatus.Succeeded, outcome.Value, null, after.IsSuccess ? after.Value : null, after.IsSuccess ? null : after.Error);
        }
    }

    /// <summary>Stores a variable under the limits of spec §2.8; returns a warning when it was not stored.</summary>
    private string? Store(Dictionary<string, object?> scope, string target, object? value)
    {
        if (value is string text && text.Length > this.Options.MaxStringLength)
        {
            int cut = this.Options.MaxStringLength;
            if (char.IsLowSurrogate(text[cut]) && char.IsHighSurrogate(text[cut - 1]))
            {
                cut--; // never split a surrogate pair
            }

            value = string.Concat(text.AsSpan(0, cut), NitRuntimeOptions.TruncationSuffix);
        }

        if (scope.Count >= this.Options.MaxVariables && !scope.ContainsKey(target))
        {
            NitLog.VariableLimit(this.logger, this.Options.MaxVariables, target);
            return string.Create(CultureInfo.InvariantCulture, $"Variable limit ({this.Options.MaxVariables}) reached: ${target} was not stored.");
        }

        scope[target] = value;
        return null;
    }

    private static bool TryEvaluateArguments(NitCall call, Dictionary<string, object?> scope, out OrderedDictionary<string, object?>? arguments, out string? undefined)
    {
        IReadOnlyList<NitArgument> source = call.Arguments;
        arguments = new OrderedDictionary<string, object?>(source.Count, StringComparer.Ordinal);
        undefined = null;
        foreach (NitArgument argument in source)
        {
            if (!TryEvaluate(argument.Value, scope, out object? value, out undefined))
            {
                return false;
            }

            arguments[argument.Name] = value;
        }

        return true;
    }

    private static bool TryEvaluate(NitExpression expression, Dictionary<string, object?> scope, out object? value, out string? undefined)
    {
        undefined = null;
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
                foreach (NitExpression item in list.Items)
                {
                    if (!TryEvaluate(item, scope, out object? itemValue, out undefined))
                    {
                        value = null;
                        return false;
                    }

                    items.Add(itemValue);
                }

                value = items;
                return true;
            case NitDictionaryExpression dictionary:
                var entries = new OrderedDictionary<string, object?>(dictionary.Entries.Count, StringComparer.Ordinal);
                foreach (KeyValuePair<string, NitExpression> entry in dictionary.Entries)
                {
                    if (!TryEvaluate(entry.Value, scope, out object? entryValue, out undefined))
                    {
                        value = null;
                        return false;
                    }

                    entries[entry.Key] = entryValue;
                }

                value = entries;
                return true;
            default:
                throw new InvalidOperationException("A call cannot be used as a value.");
        }
    }
}
