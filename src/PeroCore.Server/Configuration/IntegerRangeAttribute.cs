using System.Globalization;

namespace PeroCore.Server.Configuration;

/// <summary>An integer setting within [<see cref="Minimum"/>, <see cref="Maximum"/>].</summary>
internal sealed class IntegerRangeAttribute(int minimum, int maximum) : SettingAttribute
{
    /// <summary>The smallest valid value.</summary>
    public int Minimum { get; } = minimum;

    /// <summary>The largest valid value.</summary>
    public int Maximum { get; } = maximum;

    /// <inheritdoc />
    public override string Expected => string.Create(CultureInfo.InvariantCulture, $"an integer between {Minimum} and {Maximum}");

    /// <inheritdoc />
    protected override bool IsValidValue(object value) => value is int i && i >= Minimum && i <= Maximum;
}
