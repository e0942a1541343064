using PeroCore.Agent.Llm;

namespace PeroCore.Server.Configuration;

/// <summary>
/// Section <c>Llm</c>: the host's default chat LLM. The stored settings <c>global_llm_api_base</c>,
/// <c>global_llm_api_key</c> and <c>current_model_id</c> (a model card) override it.
/// </summary>
[SettingsSection("Llm")]
internal sealed class LlmOptions
{
    /// <summary><c>Llm:BaseUrl</c>: the OpenAI-compatible endpoint.</summary>
    public string? BaseUrl { get; set; }

    /// <summary><c>Llm:ApiKey</c>: its key (none for a local server).</summary>
    public string? ApiKey { get; set; }

    /// <summary><c>Llm:Model</c>: the model used when no model card is selected.</summary>
    public string? Model { get; set; }

    /// <summary><c>Llm:Temperature</c>: the temperature used when no model card is selected.</summary>
    [NumberRange(0, 2)]
    public double Temperature { get; set; } = 0.7;

    /// <summary><c>Llm:MaxRetries</c>: retries on 429, 5xx or a transport error before the answer starts streaming.</summary>
    [IntegerRange(0, 10)]
    public int MaxRetries { get; set; } = 2;

    /// <summary>The agent's host defaults (blank values are none).</summary>
    public LlmHostOptions ToHostOptions() => new()
    {
        BaseUrl = Blank(BaseUrl),
        ApiKey = Blank(ApiKey),
        Model = Blank(Model),
        Temperature = Temperature,
    };

    /// <summary>The transport settings of every LLM client.</summary>
    public LlmClientOptions ToClientOptions() => new() { MaxRetries = MaxRetries };

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
