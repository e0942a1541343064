using System.Reflection;

namespace PeroCore.Server.Configuration;

/// <summary>
/// The configuration section an options class is bound from (<c>Server</c>, <c>Memory:Index</c>...). Registration binds
/// it with <c>BindConfiguration</c>, and every start-up error names its key as <c>Section:Property</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
internal sealed class SettingsSectionAttribute(string path) : Attribute
{
    /// <summary>The section path, with <c>:</c> between levels.</summary>
    public string Path { get; } = path;

    /// <summary>The section of <paramref name="optionsType"/>.</summary>
    public static string Of(Type optionsType) =>
        optionsType.GetCustomAttribute<SettingsSectionAttribute>()?.Path
        ?? throw new InvalidOperationException($"{optionsType.Name} has no [SettingsSection].");

    /// <summary>The full configuration key of a property of <paramref name="optionsType"/>.</summary>
    public static string KeyOf(Type optionsType, string? property) => $"{Of(optionsType)}:{property}";
}
