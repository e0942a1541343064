using System.Text.Json.Nodes;
using PeroCore.Agent.Llm;
using PeroCore.Memory.Storage;
using PeroCore.Server.Configuration;

namespace PeroCore.Server.Api;

/// <summary>Model cards: <c>/api/models</c> CRUD. API keys are masked on read.</summary>
public static class ModelEndpoints
{
    private static readonly string[] Fields =
    [
        "id", "name", "model_id", "provider", "provider_type", "api_key", "api_base", "temperature", "top_p", "max_tokens", "stream",
        "is_multimodal", "enable_vision", "enable_voice", "enable_video", "created_at", "updated_at",
    ];

    /// <summary>Maps the endpoints.</summary>
    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/models", async (PeroStore store, CancellationToken ct) =>
            Results.Json((await store.Models.ListAsync(ct).ConfigureAwait(false)).Select(Masked)));

        routes.MapPost("/api/models", async (HttpRequest request, PeroStore store, CancellationToken ct) =>
        {
            var body = await JsonBody.ReadObjectAsync(request, ct).ConfigureAwait(false);
            JsonBody.RejectUnknown(body, Fields);
            var card = Apply(new ModelConfigRecord { Name = JsonBody.RequiredString(body, "name"), ModelId = JsonBody.RequiredString(body, "model_id") }, body);
            return Results.Json(Masked(await store.Models.InsertAsync(card, ct).ConfigureAwait(false)));
        });

        routes.MapPut("/api/models/{id:long}", async (long id, HttpRequest request, PeroStore store, CancellationToken ct) =>
        {
            var body = await JsonBody.ReadObjectAsync(request, ct).ConfigureAwait(false);
            JsonBody.RejectUnknown(body, Fields);
            var updated = await store.Models.UpdateAsync(id, card => Apply(card, body), ct).ConfigureAwait(false)
                          ?? throw new KeyNotFoundException($"Model card {id} does not exist.");
            return Results.Json(Masked(updated));
        });

        routes.MapPost("/api/models/remote", async (HttpRequest request, LlmClientFactory factory, UserSettings settings, CancellationToken ct) =>
        {
            var body = await JsonBody.ReadObjectAsync(request, ct).ConfigureAwait(false);
            JsonBody.RejectUnknown(body, ["api_key", "api_base", "provider"]);
            var key = JsonBody.String(body, "api_key");
            if (string.IsNullOrEmpty(key) || SecretMask.IsMasked(key))
            {
                key = await settings.GetAsync("global_llm_api_key", ct).ConfigureAwait(false);
            }

            var baseUrl = JsonBody.String(body, "api_base") is { Length: > 0 } b ? b : "https://api.openai.com";
            if (!Uri.TryCreate(baseUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                throw new ArgumentException($"'api_base' must be an absolute http or https URL (got '{baseUrl}').");
            }

            try
            {
                return Results.Json(new { models = await factory.ListModelsAsync(baseUrl, key, ct).ConfigureAwait(false) });
            }
            catch (LlmException ex)
            {
                // The original answered an empty list on any upstream error; the message says why.
                return Results.Json(new { models = Array.Empty<string>(), error = ex.Message });
            }
        });

        routes.MapDelete("/api/models/{id:long}", async (long id, PeroStore store, CancellationToken ct) =>
            await store.Models.DeleteAsync(id, ct).ConfigureAwait(false)
                ? Results.Json(new { status = "success" })
                : throw new KeyNotFoundException($"Model card {id} does not exist."));
    }

    private static ModelConfigRecord Masked(ModelConfigRecord card) => card with { ApiKey = SecretMask.Mask(card.ApiKey) };

    private static ModelConfigRecord Apply(ModelConfigRecord card, JsonObject body)
    {
        var apiKey = body.ContainsKey("api_key") ? JsonBody.String(body, "api_key") : card.ApiKey;
        return card with
        {
            Name = JsonBody.String(body, "name") ?? card.Name,
            ModelId = JsonBody.String(body, "model_id") ?? card.ModelId,
            Provider = JsonBody.String(body, "provider") ?? card.Provider,
            ProviderType = JsonBody.String(body, "provider_type") ?? card.ProviderType,
            ApiKey = SecretMask.IsMasked(apiKey) ? card.ApiKey : apiKey,
            ApiBase = body.ContainsKey("api_base") ? JsonBody.String(body, "api_base") : card.ApiBase,
            Temperature = JsonBody.Number(body, "temperature") ?? card.Temperature,
            TopP = body.ContainsKey("top_p") ? JsonBody.Number(body, "top_p") : card.TopP,
            MaxTokens = body.ContainsKey("max_tokens") ? JsonBody.Integer(body, "max_tokens") : card.MaxTokens,
            Stream = JsonBody.Boolean(body, "stream") ?? card.Stream,
            IsMultimodal = JsonBody.Boolean(body, "is_multimodal") ?? card.IsMultimodal,
            EnableVision = JsonBody.Boolean(body, "enable_vision") ?? card.EnableVision,
            EnableVoice = JsonBody.Boolean(body, "enable_voice") ?? card.EnableVoice,
            EnableVideo = JsonBody.Boolean(body, "enable_video") ?? card.EnableVideo,
        };
    }
}
