namespace PeroCore.Agent.Llm;

/// <summary>
/// Host-level LLM defaults (configuration section <c>Llm</c>: <c>Llm:BaseUrl</c>, <c>Llm:ApiKey</c>,
/// <c>Llm:Model</c>, <c>Llm:Temperature</c>). The <c>config</c> table and model cards override them.
/// </summary>
public sealed record LlmHostOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Llm";

    /// <summary>Default base URL when <c>global_llm_api_base</c> is not set.</summary>
    public string? BaseUrl { get; init; }

    /// <summary>Default API key when <c>global_llm_api_key</c> is not set.</summary>
    public string? ApiKey { get; init; }

    /// <summary>Model used when no model card is selected.</summary>
    public string? Model { get; init; }

    /// <summary>Temperature used when no model card is selected.</summary>
    public double Temperature { get; init; } = 0.7;
}
