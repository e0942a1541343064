using PeroCore.Agent.Llm;

namespace PeroCore.Server.Configuration;

/// <summary>An absolute http or https URL.</summary>
internal sealed class HttpUrlAttribute : SettingAttribute
{
    /// <inheritdoc />
    public override string Expected => "an absolute http or https URL";

    /// <inheritdoc />
    protected override bool IsValidValue(object value) =>
        value is string s && LlmEndpointUrls.IsValidBase(s);
}
