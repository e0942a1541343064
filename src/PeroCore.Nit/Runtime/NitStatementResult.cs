namespace PeroCore.Nit.Runtime;

/// <summary>What one statement did (the per-statement record of spec §2.6 profile R).</summary>
public sealed class NitStatementResult
{
    internal NitStatementResult(
        int index,
        int line,
        int column,
        string? target,
        string? toolName,
        string? resolvedToolName,
        IReadOnlyDictionary<string, object?>? arguments,
        bool isAsync,
        int? taskId,
        bool succeeded,
        object? value,
        string? error,
        string? warning,
        string summaryLine)
    {
        Index = index;
        Line = line;
        Column = column;
        Target = target;
        ToolName = toolName;
        ResolvedToolName = resolvedToolName;
        Arguments = arguments;
        IsAsync = isAsync;
        TaskId = taskId;
        Succeeded = succeeded;
        Value = value;
        Error = error;
        Warning = warning;
        SummaryLine = summaryLine;
    }

    /// <summary>0-based position in the script.</summary>
    public int Index { get; }

    /// <summary>1-based line of the statement.</summary>
    public int Line { get; }

    /// <summary>1-based column (code points) of the statement.</summary>
    public int Column { get; }

    /// <summary>The assigned variable, or null for a bare call.</summary>
    public string? Target { get; }

    /// <summary>The tool name as written, or null for a value assignment (<c>$x = "lit"</c>).</summary>
    public string? ToolName { get; }

    /// <summary>The tool actually called (after name normalisation or auto-routing), or null.</summary>
    public string? ResolvedToolName { get; }

    /// <summary>The arguments the tool received (checked and converted), or the evaluated ones when it was not called.</summary>
    public IReadOnlyDictionary<string, object?>? Arguments { get; }

    /// <summary>True for an <c>async</c> call.</summary>
    public bool IsAsync { get; }

    /// <summary>The background task id of an <c>async</c> call that was scheduled.</summary>
    public int? TaskId { get; }

    /// <summary>False when the statement failed (unknown tool, bad arguments, tool error, undefined variable).</summary>
    public bool Succeeded { get; }

    /// <summary>
    /// The statement's value: the tool's raw result, the literal, <c>"Async task scheduled"</c>, or on failure the
    /// string <c>"Error: …"</c> (which is also what an assignment stores, as in the seed).
    /// </summary>
    public object? Value { get; }

    /// <summary>The error message without <c>Error: </c>, or null.</summary>
    public string? Error { get; }

    /// <summary>A non-fatal note (variable not stored, arguments ignored, auto-routing), or null.</summary>
    public string? Warning { get; }

    /// <summary>The summary line: <c>Assignment: $x = …</c> or <c>Call: tool -> …</c>.</summary>
    public string SummaryLine { get; }
}
