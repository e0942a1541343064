namespace PeroCore.Agent.Prompts;

/// <summary>The language of a prompt template set (config key <c>prompt_language</c>).</summary>
public enum PromptLanguage
{
    /// <summary>English (<c>en</c>), the default.</summary>
    English,

    /// <summary>Simplified Chinese (<c>zh</c>).</summary>
    Chinese,
}
