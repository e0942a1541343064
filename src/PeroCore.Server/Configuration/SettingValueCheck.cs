using System.ComponentModel;
using System.Globalization;
using System.Reflection;

namespace PeroCore.Server.Configuration;

/// <summary>
/// Finds the values the configuration binder could not even convert (<c>Server:Port=abc</c>), which it would report
/// one at a time as an <see cref="InvalidOperationException"/> without the value. Each is reported in the form of the
/// validators' messages: <c>Server:Port must be an integer between 0 and 65535 (got 'abc').</c>
/// </summary>
internal static class SettingValueCheck
{
    /// <summary>The key and message of each value of <paramref name="optionTypes"/>' sections that does not convert.</summary>
    public static IReadOnlyList<(string Key, string Message)> Find(IConfiguration configuration, IEnumerable<Type> optionTypes)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(optionTypes);
        var problems = new List<(string, string)>();
        foreach (var type in optionTypes)
        {
            var section = SettingsSectionAttribute.Of(type);
            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            {
                var nullable = Nullable.GetUnderlyingType(property.PropertyType);
                var target = nullable ?? property.PropertyType;
                if (property.SetMethod?.IsPublic != true || property.GetIndexParameters().Length > 0 || !(target.IsPrimitive || target.IsEnum))
                {
                    continue; // text and lists take any value
                }

                var key = $"{section}:{property.Name}";
                var raw = configuration[key];
                if (raw is null || (nullable is not null && raw.Length == 0) || Converts(target, raw))
                {
                    continue; // the binder leaves an empty nullable value unset
                }

                problems.Add((key, SettingsMessage.Format(key, Expected(property, target), raw)));
            }
        }

        return problems;
    }

    private static bool Converts(Type type, string raw)
    {
        try
        {
            // What ConfigurationBinder does with a leaf value.
            var value = TypeDescriptor.GetConverter(type).ConvertFromInvariantString(raw);
            return !type.IsEnum || (value is not null && Enum.IsDefined(type, value) && !long.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out _));
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or NotSupportedException or OverflowException or InvalidCastException)
        {
            return false;
        }
    }

    private static string Expected(PropertyInfo property, Type type) =>
        property.GetCustomAttribute<SettingAttribute>()?.Expected ?? type switch
        {
            _ when type == typeof(bool) => "true or false",
            _ when type.IsEnum => "one of " + string.Join(", ", Enum.GetNames(type)),
            _ when type == typeof(double) || type == typeof(float) => "a number",
            _ => "an integer",
        };
}
