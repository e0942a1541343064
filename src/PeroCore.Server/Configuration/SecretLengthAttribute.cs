using System.Globalization;

namespace PeroCore.Server.Configuration;

/// <summary>A secret of at least <see cref="MinimumLength"/> characters; the message never shows it.</summary>
internal sealed class SecretLengthAttribute(int minimumLength) : SettingAttribute
{
    /// <summary>The shortest valid secret.</summary>
    public int MinimumLength { get; } = minimumLength;

    /// <inheritdoc />
    public override string Expected => string.Create(CultureInfo.InvariantCulture, $"at least {MinimumLength} characters long");

    /// <inheritdoc />
    protected override bool ShowsValue => false;

    /// <inheritdoc />
    protected override bool IsValidValue(object value) => value is string s && s.Length >= MinimumLength;
}
