using PeroCore.Agent.Llm;

namespace PeroCore.Server.Api;

/// <summary>
/// The longest value, in UTF-16 characters, that each kind of request field may hold. A longer value is refused
/// with 422 naming the field; nothing is cut silently. The README lists these limits.
/// </summary>
internal static class FieldLimits
{
    /// <summary>Names, identifiers and labels: model card names, model ids, providers, sources, sessions, types, tags, setting keys.</summary>
    public const int Name = 200;

    /// <summary>API keys.</summary>
    public const int Secret = 1_000;

    /// <summary>URLs such as <c>api_base</c>.</summary>
    public const int Url = 2_048;

    /// <summary>Short texts: relation descriptions, cluster labels, message timestamps, injected instructions.</summary>
    public const int ShortText = 10_000;

    /// <summary>One memory's content (the engine keeps memories this short so they embed and recall well).</summary>
    public const int MemoryContent = 4_000;

    /// <summary>Tags on one memory.</summary>
    public const int TagCount = 50;

    /// <summary>Any other text: chat messages, history lines, setting values.</summary>
    public const int Text = 100_000;

    /// <summary>Messages in one chat request.</summary>
    public const int ChatMessages = 1_000;

    /// <summary>Throws a 400 naming <paramref name="field"/> unless <paramref name="value"/> is an absolute http(s) URL.</summary>
    public static void RequireHttpUrl(string field, string value)
    {
        if (!LlmEndpointUrls.IsValidBase(value))
        {
            throw new ArgumentException($"'{field}' must be an absolute http or https URL (got '{(value.Length > 100 ? value[..100] + "…" : value)}').");
        }
    }
}
