using System.ComponentModel;

namespace PeroCore.Server.Api;

/// <summary>The answer of <c>GET /api/setup</c>.</summary>
/// <param name="LlmConfigured">A chat LLM is configured (a current model card, or the host's <c>Llm:</c> default).</param>
/// <param name="LlmProblem">Why not, in words; null when configured.</param>
/// <param name="SetupDone">The dashboard's first-run wizard was finished or skipped (config <c>dashboard_setup_done</c>).</param>
/// <param name="ServerKeyRequired">The server asks clients for its API key (<c>Server:ApiKey</c> is set).</param>
/// <param name="LlmApiKeySet">A global LLM API key is set (<c>global_llm_api_key</c>, <c>Llm:ApiKey</c>); the key itself is never shown.</param>
/// <param name="ModelCount">How many model cards exist.</param>
internal sealed record SetupStatusJson(bool LlmConfigured, string? LlmProblem, bool SetupDone, bool ServerKeyRequired, bool LlmApiKeySet, int ModelCount);

/// <summary>The body of <c>POST /api/models/test</c>: an endpoint to try, or a model card (<c>id</c>) with fields overriding it.</summary>
internal sealed record ModelTestBody(
    [property: Description("A model card to test; the other fields override its values.")] long? Id,
    [property: Description("The OpenAI-compatible base URL (such as http://127.0.0.1:11434/v1); missing: the card's, else the global one.")] string? ApiBase,
    [property: Description("The key to send; missing or masked: the card's stored key (only to its own base URL), else none.")] string? ApiKey,
    [property: Description("The model to call; required unless 'id' names a card.")] string? ModelId,
    [property: Description("\"custom\" (own base and key) or \"global\" (global_llm_api_base and key).")] string? ProviderType);

/// <summary>The answer of <c>POST /api/models/test</c>: 200 whether the call worked or not.</summary>
/// <param name="Ok">The model answered.</param>
/// <param name="Model">The model called.</param>
/// <param name="ApiBase">The base URL called.</param>
/// <param name="KeySent">Whether an API key was sent.</param>
/// <param name="Reply">The start of the model's answer.</param>
/// <param name="ElapsedMs">How long the call took.</param>
/// <param name="Error">What went wrong, in words (unreachable, refused key, unknown model...).</param>
internal sealed record ModelTestJson(bool Ok, string Model, string ApiBase, bool KeySent, string? Reply, long ElapsedMs, string? Error);
