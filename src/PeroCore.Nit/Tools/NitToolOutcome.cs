using PeroCore.Nit.Values;

namespace PeroCore.Nit.Tools;

/// <summary>The result of invoking a tool through the registry.</summary>
public sealed class NitToolOutcome
{
    private NitToolOutcome(NitToolOutcomeKind kind, object? value, string? error, NitTool? tool, IReadOnlyDictionary<string, object?>? arguments, string? warning)
    {
        Kind = kind;
        Value = value;
        Error = error;
        Tool = tool;
        Arguments = arguments;
        Warning = warning;
    }

    /// <summary>How the invocation ended.</summary>
    public NitToolOutcomeKind Kind { get; }

    /// <summary>True when the tool returned a value.</summary>
    public bool IsSuccess => Kind == NitToolOutcomeKind.Success;

    /// <summary>The tool's raw return value (on success).</summary>
    public object? Value { get; }

    /// <summary>The error message without the <c>Error: </c> prefix (on failure).</summary>
    public string? Error { get; }

    /// <summary>The resolved tool, when one was found.</summary>
    public NitTool? Tool { get; }

    /// <summary>The checked arguments the tool received (or would have received).</summary>
    public IReadOnlyDictionary<string, object?>? Arguments { get; }

    /// <summary>A note such as dropped unknown arguments or an auto-routed name.</summary>
    public string? Warning { get; }

    /// <summary>The statement value the seed uses: the raw value, or the string <c>Error: …</c>.</summary>
    public object? ResultValue => IsSuccess ? Value : "Error: " + Error;

    /// <summary>True when the tool was actually invoked (it returned, threw or timed out).</summary>
    public bool WasInvoked => Kind is NitToolOutcomeKind.Success or NitToolOutcomeKind.Failed or NitToolOutcomeKind.TimedOut;

    /// <summary>The result as text for a tool message (<see cref="NitValueFormatter.Format"/> of <see cref="ResultValue"/>).</summary>
    public override string ToString() => NitValueFormatter.Format(ResultValue);

    /// <summary>
    /// The result as text for a tool message, at most <paramref name="maxCodePoints"/> code points followed by
    /// <paramref name="marker"/> when it was cut. Formatting stops at the limit, so a huge result is never formatted whole.
    /// </summary>
    public string ToString(int maxCodePoints, string marker)
    {
        ArgumentNullException.ThrowIfNull(marker);
        string text = NitValueFormatter.FormatBounded(ResultValue, maxCodePoints, out bool truncated);
        return truncated ? text + marker : text;
    }

    internal static NitToolOutcome Success(NitTool tool, IReadOnlyDictionary<string, object?> arguments, object? value, string? warning)
        => new(NitToolOutcomeKind.Success, value, null, tool, arguments, warning);

    internal static NitToolOutcome Failure(NitToolOutcomeKind kind, string error, NitTool? tool = null, IReadOnlyDictionary<string, object?>? arguments = null, string? warning = null)
        => new(kind, null, error, tool, arguments, warning);
}
