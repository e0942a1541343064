using System.Globalization;
using System.Text;
using PeroCore.Nit.Values;

namespace PeroCore.Nit.Runtime;

/// <summary>
/// A finished background task, for the agent to add to its next observation (spec §2.3 profile R: completions
/// are recorded and reported back).
/// </summary>
public sealed class NitTaskEvent
{
    internal NitTaskEvent(
        int taskId,
        string toolName,
        IReadOnlyDictionary<string, object?> arguments,
        NitTaskStatus status,
        object? value,
        string? error,
        string? callback,
        object? callbackValue,
        string? callbackError,
        DateTimeOffset scheduledAt,
        DateTimeOffset completedAt)
    {
        TaskId = taskId;
        ToolName = toolName;
        Arguments = arguments;
        Status = status;
        Value = value;
        Error = error;
        Callback = callback;
        CallbackValue = callbackValue;
        CallbackError = callbackError;
        ScheduledAt = scheduledAt;
        CompletedAt = completedAt;
    }

    /// <summary>The id the task got when scheduled (see <see cref="NitStatementResult.TaskId"/>).</summary>
    public int TaskId { get; }

    /// <summary>The tool that ran.</summary>
    public string ToolName { get; }

    /// <summary>The arguments it received (without <c>callback</c>).</summary>
    public IReadOnlyDictionary<string, object?> Arguments { get; }

    /// <summary>How the task ended.</summary>
    public NitTaskStatus Status { get; }

    /// <summary>The tool's value on success.</summary>
    public object? Value { get; }

    /// <summary>The error message (without <c>Error: </c>) when the task did not succeed.</summary>
    public string? Error { get; }

    /// <summary>The callback tool called with <c>result=</c> the value, if any.</summary>
    public string? Callback { get; }

    /// <summary>The callback's value.</summary>
    public object? CallbackValue { get; }

    /// <summary>The callback's error, if it failed.</summary>
    public string? CallbackError { get; }

    /// <summary>When the statement scheduled the task.</summary>
    public DateTimeOffset ScheduledAt { get; }

    /// <summary>When the task finished.</summary>
    public DateTimeOffset CompletedAt { get; }

    /// <summary>True when the tool succeeded and its callback (if any) did too.</summary>
    public bool IsSuccess => Status == NitTaskStatus.Succeeded && CallbackError is null;

    /// <summary>A notice for the LLM, e.g. <c>[Async task #1] slow -> done</c>, with values cut to <paramref name="previewLength"/> code points
    /// (formatting stops there, so a huge value is never formatted whole; a negative length means no limit).</summary>
    public string Describe(int previewLength = 1000)
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"[Async task #{TaskId}] {ToolName} ");
        sb.Append(Status switch
        {
            NitTaskStatus.Succeeded => "-> " + NitValueFormatter.FormatPreview(Value, previewLength),
            NitTaskStatus.Cancelled => "cancelled",
            _ => "-> Error: " + Error,
        });

        if (Callback is not null && Status == NitTaskStatus.Succeeded)
        {
            sb.Append("\n  callback ").Append(Callback).Append(" -> ");
            sb.Append(CallbackError is null
                ? NitValueFormatter.FormatPreview(CallbackValue, previewLength)
                : "Error: " + CallbackError);
        }

        return sb.ToString();
    }

    /// <inheritdoc/>
    public override string ToString() => Describe();
}
