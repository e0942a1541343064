namespace PeroCore.Memory.Embeddings;

/// <summary>Settings of <see cref="OpenAiCompatibleEmbeddingGenerator"/>.</summary>
public sealed class OpenAiCompatibleEmbeddingOptions
{
    /// <summary>
    /// Gets or sets the API base URL that <c>embeddings</c> is appended to, for example
    /// <c>http://localhost:11434/v1</c> (Ollama) or <c>https://api.openai.com/v1</c>.
    /// </summary>
    public Uri? BaseUrl { get; set; }

    /// <summary>Gets or sets the bearer API key; null or empty sends no Authorization header.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Gets or sets the model name sent with each request (required).</summary>
    public string Model { get; set; } = string.Empty;

    /// <summary>
    /// Gets or sets the vector length. When null it is taken from the first response, and every later
    /// response must match it.
    /// </summary>
    public int? Dimensions { get; set; }

    /// <summary>
    /// Gets or sets a value indicating whether <see cref="Dimensions"/> is sent as the <c>dimensions</c> request
    /// field (only models with adjustable output length accept it, such as text-embedding-3). Default false.
    /// </summary>
    public bool SendDimensions { get; set; }

    /// <summary>Gets or sets the largest number of texts sent in one request (default 64).</summary>
    public int MaxBatchSize { get; set; } = 64;

    /// <summary>Gets or sets an optional prefix for <see cref="EmbeddingPurpose.Query"/> texts (for example "search_query: ").</summary>
    public string? QueryPrefix { get; set; }

    /// <summary>Gets or sets an optional prefix for <see cref="EmbeddingPurpose.Document"/> texts (for example "search_document: ").</summary>
    public string? DocumentPrefix { get; set; }

    /// <summary>Gets or sets a value indicating whether returned vectors are L2-normalised (default true).</summary>
    public bool Normalize { get; set; } = true;

    /// <summary>Checks the settings.</summary>
    /// <exception cref="ArgumentException">A setting is missing or invalid.</exception>
    public void Validate()
    {
        if (BaseUrl is null || !BaseUrl.IsAbsoluteUri)
        {
            throw new ArgumentException("An absolute BaseUrl is required, for example http://localhost:11434/v1.", nameof(BaseUrl));
        }

        if (string.IsNullOrWhiteSpace(Model))
        {
            throw new ArgumentException("A Model name is required.", nameof(Model));
        }

        if (Dimensions is { } dimensions)
        {
            VectorValidation.EnsureDimensions(dimensions, nameof(Dimensions));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(MaxBatchSize, 1);
    }
}
