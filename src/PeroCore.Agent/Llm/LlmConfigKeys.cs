namespace PeroCore.Agent.Llm;

/// <summary>Keys of the <c>config</c> table that select and configure LLMs (all values are strings).</summary>
public static class LlmConfigKeys
{
    /// <summary>API key used by model cards of provider type <c>global</c> and by the no-card fallback.</summary>
    public const string GlobalApiKey = "global_llm_api_key";

    /// <summary>Base URL used by <c>global</c> cards (default <see cref="LlmSettingsResolver.DefaultBaseUrl"/>).</summary>
    public const string GlobalApiBase = "global_llm_api_base";

    /// <summary>Id of the model card used for chat.</summary>
    public const string CurrentModelId = "current_model_id";

    /// <summary>Id of the model card used by the scorer.</summary>
    public const string ScorerModelId = "scorer_model_id";

    /// <summary>Id of the model card used by reflection.</summary>
    public const string ReflectionModelId = "reflection_model_id";

    /// <summary>"true" turns reflection on.</summary>
    public const string ReflectionEnabled = "reflection_enabled";

    /// <summary>Id of the model card used by the memory secretary.</summary>
    public const string SecretaryModelId = "secretary_model_id";

    /// <summary>Legacy key written by the original desktop client; lowest-priority fallback for the API key.</summary>
    public const string LegacyApiKey = "ppc.apiKey";

    /// <summary>Legacy key written by the original desktop client; lowest-priority fallback for the model id.</summary>
    public const string LegacyModelName = "ppc.modelName";
}
