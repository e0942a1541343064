using Microsoft.Extensions.Options;
using PeroCore.Memory.Storage;

namespace PeroCore.Server.Configuration;

/// <summary>
/// User settings (owner name, persona, model choice...): a value stored through the API in the <c>config</c>
/// table wins over the default from the host configuration (section <c>Defaults</c>).
/// </summary>
internal sealed class UserSettings
{
    private readonly KeyValueRepository _config;
    private readonly IReadOnlyDictionary<string, string> _defaults;

    /// <summary>Creates the service over the store's <c>config</c> table and the <c>Defaults</c> section.</summary>
    public UserSettings(PeroStore store, IOptions<UserDefaultsOptions> defaults)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(defaults);
        _config = store.Config;
        _defaults = defaults.Value;
    }

    /// <summary>The effective value of one setting, or null if neither the table nor the defaults have it.</summary>
    public async Task<string?> GetAsync(string key, CancellationToken cancellationToken = default) =>
        await _config.GetAsync(key, cancellationToken).ConfigureAwait(false) ?? _defaults.GetValueOrDefault(key);

    /// <summary>Every effective setting: defaults overlaid with stored values.</summary>
    public async Task<Dictionary<string, string>> GetAllAsync(CancellationToken cancellationToken = default)
    {
        var result = new Dictionary<string, string>(_defaults, StringComparer.Ordinal);
        foreach (var (key, value) in await _config.GetAllAsync(cancellationToken).ConfigureAwait(false))
        {
            result[key] = value;
        }

        return result;
    }

    /// <summary>Stores values (they now override the defaults).</summary>
    public Task SetAsync(IReadOnlyDictionary<string, string> values, CancellationToken cancellationToken = default) =>
        _config.SetManyAsync(values, cancellationToken);
}
