namespace PeroCore.Agent.Llm;

/// <summary>
/// Everything needed to call one OpenAI-compatible chat model: where it lives, how to authenticate and the sampling
/// settings of its model card. Immutable; build one per request or cache it while the settings do not change.
/// </summary>
/// <remarks>
/// <para><see cref="BaseUrl"/> follows the URL rule of the original system: a base ending in <c>/v1</c> gets
/// <c>/chat/completions</c> appended, any other base gets <c>/v1/chat/completions</c> (see <see cref="LlmEndpointUrls"/>).</para>
/// <para>An empty or null <see cref="ApiKey"/> is valid (local servers such as Ollama or llama.cpp need none); the
/// <c>Authorization</c> header is then omitted.</para>
/// <para><see cref="ToString"/> never prints the key.</para>
/// </remarks>
public sealed record LlmEndpoint
{
    /// <summary>Base URL of the OpenAI-compatible API, e.g. <c>https://api.openai.com</c> or <c>http://127.0.0.1:11434/v1</c>.</summary>
    public required string BaseUrl { get; init; }

    /// <summary>Bearer token, or null/empty for servers that need none.</summary>
    public string? ApiKey { get; init; }

    /// <summary>The provider's model id, sent as <c>model</c>.</summary>
    public required string Model { get; init; }

    /// <summary>Sampling temperature (0..2) sent with every request unless a call overrides it.</summary>
    public double Temperature { get; init; } = 0.7;

    /// <summary>Nucleus sampling (0..1], sent only when set.</summary>
    public double? TopP { get; init; }

    /// <summary>Reply token cap, sent as <c>max_tokens</c> only when set.</summary>
    public int? MaxTokens { get; init; }

    /// <summary>
    /// Whether replies are streamed. When false, <c>GetStreamingResponseAsync</c> makes one non-streaming request and
    /// yields the whole answer as updates at the end.
    /// </summary>
    public bool Stream { get; init; } = true;

    /// <summary>The model accepts images (from the model card; informational for prompt building).</summary>
    public bool EnableVision { get; init; }

    /// <summary>Display name of the model card this endpoint came from, or null for host defaults.</summary>
    public string? CardName { get; init; }

    /// <summary>True when an API key is set.</summary>
    public bool HasApiKey => !string.IsNullOrEmpty(ApiKey);

    /// <summary>A description without the API key, safe for logs and error messages.</summary>
    public override string ToString() =>
        $"LlmEndpoint {{ BaseUrl = {BaseUrl}, Model = {Model}, HasApiKey = {HasApiKey}, Temperature = {Temperature}, TopP = {TopP}, MaxTokens = {MaxTokens}, Stream = {Stream}, CardName = {CardName} }}";
}
