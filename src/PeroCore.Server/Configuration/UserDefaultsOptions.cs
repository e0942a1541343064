namespace PeroCore.Server.Configuration;

/// <summary>
/// Section <c>Defaults</c>: default values of user settings (<c>owner_name</c>, <c>user_persona</c>...); a value stored
/// through the API in the <c>config</c> table overrides them.
/// </summary>
[SettingsSection("Defaults")]
internal sealed class UserDefaultsOptions : Dictionary<string, string>
{
    /// <summary>An empty set of defaults (the binder fills it).</summary>
    public UserDefaultsOptions()
        : base(StringComparer.Ordinal)
    {
    }
}
