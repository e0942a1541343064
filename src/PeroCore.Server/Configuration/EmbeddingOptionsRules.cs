using Microsoft.Extensions.Options;

namespace PeroCore.Server.Configuration;

/// <summary>An OpenAI-compatible embedding provider needs its endpoint and model.</summary>
internal sealed class EmbeddingOptionsRules : IValidateOptions<EmbeddingOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, EmbeddingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Provider == EmbeddingProvider.OpenAI && (string.IsNullOrWhiteSpace(options.BaseUrl) || string.IsNullOrWhiteSpace(options.Model)))
        {
            return ValidateOptionsResult.Fail(SettingsMessage.Format("Embedding:BaseUrl and Embedding:Model", "set when Embedding:Provider is OpenAI", null));
        }

        return ValidateOptionsResult.Success;
    }
}
