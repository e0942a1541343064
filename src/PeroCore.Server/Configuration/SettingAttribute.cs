using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace PeroCore.Server.Configuration;

/// <summary>
/// A validation rule of one setting whose message names the configuration key and the value found, as
/// <c>Server:Port must be an integer between 0 and 65535 (got '70000').</c> The source-generated options validators
/// run it; the value check (<see cref="SettingValueCheck"/>) uses <see cref="Expected"/> for values the binder cannot
/// even convert.
/// </summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false)]
internal abstract class SettingAttribute : ValidationAttribute
{
    /// <summary>What a valid value is: the end of "Server:Port must be …".</summary>
    public abstract string Expected { get; }

    /// <summary>Whether the value is shown in the message (false for secrets).</summary>
    protected virtual bool ShowsValue => true;

    /// <summary>Whether a non-null value is valid.</summary>
    protected abstract bool IsValidValue(object value);

    /// <inheritdoc />
    protected sealed override ValidationResult? IsValid(object? value, ValidationContext validationContext)
    {
        ArgumentNullException.ThrowIfNull(validationContext);
        if (value is null || IsValidValue(value))
        {
            return ValidationResult.Success;
        }

        var key = SettingsSectionAttribute.KeyOf(validationContext.ObjectType, validationContext.MemberName);
        var shown = ShowsValue ? Convert.ToString(value, CultureInfo.InvariantCulture) : "***";

        // No member names: the options failure is then exactly this message.
        return new ValidationResult(SettingsMessage.Format(key, Expected, shown));
    }
}
