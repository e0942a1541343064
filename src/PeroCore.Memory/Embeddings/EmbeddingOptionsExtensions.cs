using Microsoft.Extensions.AI;

namespace PeroCore.Memory.Embeddings;

/// <summary>
/// Reads and writes the <see cref="EmbeddingPurpose"/> carried in
/// <see cref="EmbeddingGenerationOptions.AdditionalProperties"/> under <see cref="PurposeKey"/>.
/// </summary>
public static class EmbeddingOptionsExtensions
{
    /// <summary>The key under which the purpose is stored in the additional properties.</summary>
    public const string PurposeKey = "perocore.embedding_purpose";

    /// <summary>Creates generation options that carry the given purpose.</summary>
    /// <param name="purpose">The purpose of the texts being embedded.</param>
    /// <returns>New options with only the purpose set.</returns>
    public static EmbeddingGenerationOptions ForPurpose(EmbeddingPurpose purpose) =>
        new() { AdditionalProperties = new AdditionalPropertiesDictionary { [PurposeKey] = purpose } };

    /// <summary>
    /// Gets the purpose carried by the options: <see cref="EmbeddingPurpose.Document"/> when the options
    /// are null or carry none. The value may be an <see cref="EmbeddingPurpose"/> or its name as a string.
    /// </summary>
    /// <param name="options">The options, or null.</param>
    /// <returns>The purpose.</returns>
    public static EmbeddingPurpose GetPurpose(this EmbeddingGenerationOptions? options)
    {
        if (options?.AdditionalProperties is null || !options.AdditionalProperties.TryGetValue(PurposeKey, out object? value))
        {
            return EmbeddingPurpose.Document;
        }

        return value switch
        {
            EmbeddingPurpose purpose => purpose,
            string text when Enum.TryParse(text, ignoreCase: true, out EmbeddingPurpose parsed) => parsed,
            _ => throw new ArgumentException(
                $"Embedding option '{PurposeKey}' must be an {nameof(EmbeddingPurpose)}, got '{value}'.", nameof(options)),
        };
    }

    /// <summary>Returns a copy of the options (or new options) with the purpose set.</summary>
    /// <param name="options">Options to copy, or null.</param>
    /// <param name="purpose">The purpose to set.</param>
    /// <returns>Options carrying the purpose; the input is not modified.</returns>
    public static EmbeddingGenerationOptions WithPurpose(this EmbeddingGenerationOptions? options, EmbeddingPurpose purpose)
    {
        if (options is null)
        {
            return ForPurpose(purpose);
        }

        EmbeddingGenerationOptions copy = options.Clone();
        copy.AdditionalProperties = copy.AdditionalProperties is null
            ? new AdditionalPropertiesDictionary()
            : new AdditionalPropertiesDictionary(copy.AdditionalProperties);
        copy.AdditionalProperties[PurposeKey] = purpose;
        return copy;
    }
}
