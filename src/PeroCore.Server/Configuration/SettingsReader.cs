using System.Globalization;

namespace PeroCore.Server.Configuration;

/// <summary>
/// Reads typed values from configuration, collecting one clear message per bad value (naming the key and
/// what was found) instead of failing on the first.
/// </summary>
public sealed class SettingsReader
{
    private readonly IConfiguration _configuration;
    private readonly List<string> _errors = [];

    /// <summary>Creates a reader over a configuration.</summary>
    public SettingsReader(IConfiguration configuration) => _configuration = configuration ?? throw new ArgumentNullException(nameof(configuration));

    /// <summary>The problems found so far.</summary>
    public IReadOnlyList<string> Errors => _errors;

    /// <summary>A string, or <paramref name="fallback"/> when absent or blank.</summary>
    public string String(string key, string fallback) => Raw(key) is { } v && !string.IsNullOrWhiteSpace(v) ? v.Trim() : fallback;

    /// <summary>An optional string (null when absent or blank).</summary>
    public string? OptionalString(string key) => Raw(key) is { } v && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;

    /// <summary>An integer within [min, max].</summary>
    public int Int(string key, int fallback, int min, int max)
    {
        var raw = Raw(key);
        if (string.IsNullOrWhiteSpace(raw))
        {
            return fallback;
        }

        if (!int.TryParse(raw.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            Error(key, raw, $"an integer between {min} and {max}");
            return fallback;
        }

        return value;
    }

    /// <summary>A finite number within [min, max].</summary>
    public double Double(string key, double fallback, double min, double max)
    {
        var raw = Raw(key);
        if (string.IsNullOrWhiteSpace(raw))
        {
            return fallback;
        }

        if (!double.TryParse(raw.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value) || value < min || value > max)
        {
            Error(key, raw, $"a number between {min.ToString(CultureInfo.InvariantCulture)} and {max.ToString(CultureInfo.InvariantCulture)}");
            return fallback;
        }

        return value;
    }

    /// <summary>true/false.</summary>
    public bool Bool(string key, bool fallback)
    {
        var raw = Raw(key);
        if (string.IsNullOrWhiteSpace(raw))
        {
            return fallback;
        }

        if (!bool.TryParse(raw.Trim(), out var value))
        {
            Error(key, raw, "true or false");
            return fallback;
        }

        return value;
    }

    /// <summary>One of the names of <typeparamref name="T"/> (case-insensitive).</summary>
    public T Enum<T>(string key, T fallback)
        where T : struct, System.Enum
    {
        var raw = Raw(key);
        if (string.IsNullOrWhiteSpace(raw))
        {
            return fallback;
        }

        if (!System.Enum.TryParse<T>(raw.Trim(), ignoreCase: true, out var value) || !System.Enum.IsDefined(value) || int.TryParse(raw, out _))
        {
            Error(key, raw, "one of " + string.Join(", ", System.Enum.GetNames<T>()));
            return fallback;
        }

        return value;
    }

    /// <summary>An absolute http(s) URL, or null when absent.</summary>
    public Uri? OptionalUrl(string key)
    {
        var raw = OptionalString(key);
        if (raw is null)
        {
            return null;
        }

        if (!Uri.TryCreate(raw, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            Error(key, raw, "an absolute http or https URL");
            return null;
        }

        return uri;
    }

    /// <summary>
    /// A list of strings: the children of the section (<c>Key:0</c>, <c>Key:1</c>, a JSON array in appsettings.json), or
    /// one value split at commas and semicolons. Blank items are dropped.
    /// </summary>
    public IReadOnlyList<string> StringList(string key)
    {
        var children = _configuration.GetSection(key).GetChildren().Select(c => c.Value).ToList();
        var items = children.Count > 0 ? children : [Raw(key)];
        return items
            .SelectMany(v => (v ?? string.Empty).Split([',', ';'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            .ToList();
    }

    /// <summary>Records a problem with a key that the caller checked itself.</summary>
    public void Error(string key, string? found, string expected) =>
        _errors.Add(found is null
            ? $"{key} must be {expected}."
            : $"{key} must be {expected} (got '{found}').");

    private string? Raw(string key) => _configuration[key];
}
