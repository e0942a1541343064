using System.Globalization;

namespace PeroCore.Server.Configuration;

/// <summary>A finite number setting within [<see cref="Minimum"/>, <see cref="Maximum"/>].</summary>
internal sealed class NumberRangeAttribute(double minimum, double maximum) : SettingAttribute
{
    /// <summary>The smallest valid value.</summary>
    public double Minimum { get; } = minimum;

    /// <summary>The largest valid value.</summary>
    public double Maximum { get; } = maximum;

    /// <inheritdoc />
    public override string Expected => string.Create(CultureInfo.InvariantCulture, $"a number between {Minimum} and {Maximum}");

    /// <inheritdoc />
    protected override bool IsValidValue(object value) => value is double d && double.IsFinite(d) && d >= Minimum && d <= Maximum;
}
