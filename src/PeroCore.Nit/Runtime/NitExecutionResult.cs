namespace PeroCore.Nit.Runtime;

/// <summary>The outcome of running one script (one <c>&lt;nit&gt;</c> block).</summary>
public sealed class NitExecutionResult
{
    internal NitExecutionResult(
        NitStatus status,
        string output,
        NitException? syntaxError,
        IReadOnlyList<NitStatementResult> statements,
        IReadOnlyList<string> executedTools,
        IReadOnlyDictionary<string, object?> variables,
        IReadOnlyList<int> scheduledTasks,
        NitException? runtimeError = null)
    {
        RuntimeError = runtimeError;
        Status = status;
        Output = output;
        SyntaxError = syntaxError;
        Statements = statements;
        ExecutedTools = executedTools;
        Variables = variables;
        ScheduledTasks = scheduledTasks;
    }

    /// <summary>
    /// <see cref="NitStatus.Success"/>, or <see cref="NitStatus.Error"/> when the script did not parse or any statement
    /// failed (spec §2.6 profile R).
    /// </summary>
    public NitStatus Status { get; }

    /// <summary>True when <see cref="Status"/> is <see cref="NitStatus.Success"/>.</summary>
    public bool IsSuccess => Status == NitStatus.Success;

    /// <summary>
    /// What the LLM reads: one summary line per statement joined by <c>\n</c> (empty for an empty script), or
    /// <c>Script Error: </c> followed by the lexer or parser message.
    /// </summary>
    public string Output { get; }

    /// <summary>The lexer or parser error when the script did not parse (nothing ran).</summary>
    public NitException? SyntaxError { get; }

    /// <summary>
    /// The runtime error that stopped the script (a value larger than <see cref="NitRuntimeOptions.MaxValueSize"/>),
    /// with the line and column of the expression that built it; the statements after it did not run. Null otherwise.
    /// </summary>
    public NitException? RuntimeError { get; }

    /// <summary>One record per statement that ran, in order.</summary>
    public IReadOnlyList<NitStatementResult> Statements { get; }

    /// <summary>Names of the tools that were invoked or scheduled, in order (repeats kept).</summary>
    public IReadOnlyList<string> ExecutedTools { get; }

    /// <summary>The block's variables at the end (the scope is per block).</summary>
    public IReadOnlyDictionary<string, object?> Variables { get; }

    /// <summary>Ids of the background tasks the script scheduled.</summary>
    public IReadOnlyList<int> ScheduledTasks { get; }

    /// <summary>First statement error, or the syntax error message, or null.</summary>
    public string? FirstError => SyntaxError?.Message ?? Statements.FirstOrDefault(s => !s.Succeeded)?.Error;
}
