using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using PeroCore.Agent.Llm;
using PeroCore.Memory.Storage;
using PeroCore.Server.Configuration;

namespace PeroCore.Server.Api;

/// <summary>Model cards: <c>/api/models</c> CRUD. API keys are masked on read.</summary>
internal static class ModelEndpoints
{
    private static readonly string[] Fields =
    [
        "id", "name", "model_id", "provider", "provider_type", "api_key", "api_base", "temperature", "top_p", "max_tokens", "stream",
        "is_multimodal", "enable_vision", "enable_voice", "enable_video", "created_at", "updated_at",
    ];

    /// <summary>Maps the endpoints.</summary>
    public static void Map(IEndpointRouteBuilder routes)
    {
        var models = routes.MapGroup("/api/models");
        models.MapGet(string.Empty, async (PeroStore store, CancellationToken ct) =>
            TypedResults.Ok((await store.Models.ListAsync(ct).ConfigureAwait(false)).Select(Masked)));

        models.MapPost(string.Empty, async (HttpRequest request, PeroStore store, CancellationToken ct) =>
        {
            var body = await JsonBody.ReadObjectAsync(request, ct).ConfigureAwait(false);
            JsonBody.RejectUnknown(body, Fields);
            var card = Apply(new ModelConfigRecord { Name = JsonBody.RequiredString(body, "name", FieldLimits.Name), ModelId = JsonBody.RequiredString(body, "model_id", FieldLimits.Name) }, body);
            return TypedResults.Ok(Masked(await store.Models.InsertAsync(card, ct).ConfigureAwait(false)));
        }).Accepts<ModelCardBody>("application/json");

        models.MapPut("/{id:long}", async Task<Results<Ok<ModelConfigRecord>, ProblemHttpResult>> (long id, HttpRequest request, PeroStore store, CancellationToken ct) =>
        {
            var body = await JsonBody.ReadObjectAsync(request, ct).ConfigureAwait(false);
            JsonBody.RejectUnknown(body, Fields);
            return await store.Models.UpdateAsync(id, card => Apply(card, body), ct).ConfigureAwait(false) is { } updated
                ? TypedResults.Ok(Masked(updated))
                : ApiProblems.NotFound($"Model card {id} does not exist.");
        }).Accepts<ModelCardBody>("application/json");

        models.MapPost("/remote", async (HttpRequest request, LlmClientFactory factory, LlmSettingsResolver resolver, CancellationToken ct) =>
        {
            var body = await JsonBody.ReadObjectAsync(request, ct).ConfigureAwait(false);
            JsonBody.RejectUnknown(body, ["api_key", "api_base", "provider"]);
            var key = JsonBody.String(body, "api_key", FieldLimits.Secret);
            var requestedBase = JsonBody.String(body, "api_base", FieldLimits.Url);
            if (requestedBase is { Length: > 0 })
            {
                FieldLimits.RequireHttpUrl("api_base", requestedBase);
            }

            var (storedKey, storedBase) = await resolver.GetGlobalCredentialsAsync(ct).ConfigureAwait(false);
            var baseUrl = requestedBase is { Length: > 0 } ? requestedBase.Trim() : storedBase;
            string? warning = null;
            if (string.IsNullOrEmpty(key) || SecretMask.IsMasked(key))
            {
                // The stored key belongs to the stored base URL: it is never sent anywhere else (a page or client that
                // names another api_base gets a keyless request, which works for local servers such as Ollama).
                key = SameEndpoint(baseUrl, storedBase) ? storedKey : null;
                if (storedKey is not null && key is null)
                {
                    warning = $"The stored API key is only sent to its own base URL ({storedBase}); send 'api_key' to list the models at {baseUrl}.";
                }
            }

            try
            {
                return TypedResults.Ok(new RemoteModelsResponse(await factory.ListModelsAsync(baseUrl, key, ct).ConfigureAwait(false)));
            }
            catch (LlmException ex)
            {
                // The original answered an empty list on any upstream error; the message says why.
                return TypedResults.Ok(new RemoteModelsResponse([], warning is null ? ex.Message : $"{ex.Message} {warning}"));
            }
        }).Accepts<RemoteModelsBody>("application/json");

        models.MapDelete("/{id:long}", async Task<Results<Ok<StatusResponse>, ProblemHttpResult>> (long id, PeroStore store, CancellationToken ct) =>
            await store.Models.DeleteAsync(id, ct).ConfigureAwait(false)
                ? TypedResults.Ok(new StatusResponse("success"))
                : ApiProblems.NotFound($"Model card {id} does not exist."));
    }

    private static bool SameEndpoint(string a, string b) =>
        LlmEndpointUrls.IsValidBase(a) && LlmEndpointUrls.IsValidBase(b) && LlmEndpointUrls.Models(a) == LlmEndpointUrls.Models(b);

    private static ModelConfigRecord Masked(ModelConfigRecord card) => card with { ApiKey = SecretMask.Mask(card.ApiKey) };

    private static ModelConfigRecord Apply(ModelConfigRecord card, JsonObject body)
    {
        var apiKey = body.ContainsKey("api_key") ? JsonBody.String(body, "api_key", FieldLimits.Secret) : card.ApiKey;
        var apiBase = body.ContainsKey("api_base") ? JsonBody.String(body, "api_base", FieldLimits.Url) : card.ApiBase;
        if (body.ContainsKey("api_base") && !string.IsNullOrWhiteSpace(apiBase))
        {
            FieldLimits.RequireHttpUrl("api_base", apiBase);
        }

        return card with
        {
            Name = JsonBody.String(body, "name", FieldLimits.Name) ?? card.Name,
            ModelId = JsonBody.String(body, "model_id", FieldLimits.Name) ?? card.ModelId,
            Provider = JsonBody.String(body, "provider", FieldLimits.Name) ?? card.Provider,
            ProviderType = JsonBody.String(body, "provider_type", FieldLimits.Name) ?? card.ProviderType,
            ApiKey = SecretMask.IsMasked(apiKey) ? card.ApiKey : apiKey,
            ApiBase = apiBase,
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
