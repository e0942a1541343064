namespace PeroCore.Agent.Llm;

/// <summary>
/// No usable LLM is configured for the requested role. The message says how to configure one, so the chat endpoint can
/// show it as is.
/// </summary>
public sealed class LlmNotConfiguredException : LlmException
{
    /// <summary>The standard how-to-configure text, appended to every message of this exception.</summary>
    public const string HowToConfigure =
        "Set global_llm_api_key (optional for local servers such as Ollama), global_llm_api_base and current_model_id via POST /api/configs, " +
        "or add a model card via POST /api/models and make it current by setting current_model_id.";

    /// <summary>Creates the exception with the default message.</summary>
    public LlmNotConfiguredException()
        : this("No LLM is configured.")
    {
    }

    /// <summary>Creates the exception; <see cref="HowToConfigure"/> is appended to <paramref name="reason"/>.</summary>
    public LlmNotConfiguredException(string reason)
        : base(reason.TrimEnd() + " " + HowToConfigure, LlmErrorKind.NotConfigured)
    {
        Reason = reason;
    }

    /// <summary>Creates the exception with a cause.</summary>
    public LlmNotConfiguredException(string reason, Exception? innerException)
        : base(reason.TrimEnd() + " " + HowToConfigure, LlmErrorKind.NotConfigured, innerException: innerException)
    {
        Reason = reason;
    }

    /// <summary>The specific reason, without the how-to text.</summary>
    public string Reason { get; } = "No LLM is configured.";
}
