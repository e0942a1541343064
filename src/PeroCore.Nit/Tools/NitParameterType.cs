namespace PeroCore.Nit.Tools;

/// <summary>The declared type of a tool parameter; arguments are checked and converted before the call.</summary>
public enum NitParameterType
{
    /// <summary>Any value, passed unchanged (also structured results of earlier calls).</summary>
    Any,

    /// <summary>A <see cref="string"/>. Numbers and booleans are converted to their invariant text.</summary>
    String,

    /// <summary>A <see cref="long"/>. Accepts integral floats and numeric strings.</summary>
    Integer,

    /// <summary>A <see cref="double"/>. Accepts integers and numeric strings.</summary>
    Number,

    /// <summary>A <see cref="bool"/>. Accepts <c>"true"</c>/<c>"false"</c>/<c>"yes"</c>/<c>"no"</c>/<c>"1"</c>/<c>"0"</c> and 0/1.</summary>
    Boolean,

    /// <summary>An <see cref="IReadOnlyList{T}"/> of values. Accepts a JSON array string; a single value is wrapped.</summary>
    Array,

    /// <summary>An <see cref="IReadOnlyDictionary{TKey, TValue}"/> of string keys. Accepts a JSON object string.</summary>
    Object,
}
