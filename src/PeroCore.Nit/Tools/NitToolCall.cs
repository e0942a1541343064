using System.Globalization;
using PeroCore.Nit.Values;

namespace PeroCore.Nit.Tools;

/// <summary>What a tool handler receives: the tool, its checked arguments and the request context.</summary>
public sealed class NitToolCall
{
    internal NitToolCall(NitTool tool, IReadOnlyDictionary<string, object?> arguments, NitExecutionContext context)
    {
        Tool = tool;
        Arguments = arguments;
        Context = context;
    }

    /// <summary>The tool being called.</summary>
    public NitTool Tool { get; }

    /// <summary>
    /// Arguments keyed by declared parameter names, converted to the declared types, with defaults filled in
    /// (plus unmatched arguments when the tool accepts additional arguments), in call order.
    /// </summary>
    public IReadOnlyDictionary<string, object?> Arguments { get; }

    /// <summary>The request context (items, extra tools, task manager).</summary>
    public NitExecutionContext Context { get; }

    /// <summary>An argument value, or null when absent.</summary>
    public object? this[string name] => Arguments.TryGetValue(name, out object? value) ? value : null;

    /// <summary>True when the argument is present (possibly null).</summary>
    public bool Has(string name) => Arguments.ContainsKey(name);

    /// <summary>The argument as text (numbers in invariant culture), or null.</summary>
    public string? GetString(string name) => this[name] switch
    {
        null => null,
        string s => s,
        object o => NitValueFormatter.Format(o),
    };

    /// <summary>The argument as an integer, or null when absent or not integral.</summary>
    public long? GetInt64(string name) => NitValueConversion.TryConvert(this[name], NitParameterType.Integer, out object? v) && v is long l ? l : null;

    /// <summary>The argument as a floating-point number, or null.</summary>
    public double? GetDouble(string name) => NitValueConversion.TryConvert(this[name], NitParameterType.Number, out object? v) && v is double d ? d : null;

    /// <summary>The argument as a boolean, or null.</summary>
    public bool? GetBoolean(string name) => NitValueConversion.TryConvert(this[name], NitParameterType.Boolean, out object? v) && v is bool b ? b : null;

    /// <summary>The argument as a list, or null.</summary>
    public IReadOnlyList<object?>? GetList(string name)
        => this[name] is not null && NitValueConversion.TryConvert(this[name], NitParameterType.Array, out object? v) ? v as IReadOnlyList<object?> : null;

    /// <summary>The argument as a string-keyed object, or null.</summary>
    public IReadOnlyDictionary<string, object?>? GetObject(string name)
        => this[name] is not null && NitValueConversion.TryConvert(this[name], NitParameterType.Object, out object? v) ? v as IReadOnlyDictionary<string, object?> : null;

    /// <inheritdoc/>
    public override string ToString()
        => string.Create(CultureInfo.InvariantCulture, $"{Tool.Name}({Arguments.Count} args)");
}
