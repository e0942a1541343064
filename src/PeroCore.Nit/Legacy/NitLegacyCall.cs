namespace PeroCore.Nit.Legacy;

/// <summary>A parsed NIT 1.0 block: the plugin line and its <c>key: [START] value [END]</c> parameters.</summary>
public sealed class NitLegacyCall
{
    internal NitLegacyCall(string pluginName, IReadOnlyDictionary<string, object?> parameters)
    {
        PluginName = pluginName;
        Parameters = parameters;
    }

    /// <summary>The first line of the block, trimmed (may be empty, may contain a path or <c>Plugin.tool</c>).</summary>
    public string PluginName { get; }

    /// <summary>
    /// Parameters with normalised keys (lower case, no <c>_</c>/<c>-</c>, as the seed) and trimmed string values, in
    /// first-seen order; a repeated key takes the last value. The registry maps the keys back to declared names.
    /// </summary>
    public IReadOnlyDictionary<string, object?> Parameters { get; }
}
