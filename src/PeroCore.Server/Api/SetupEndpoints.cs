using System.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using PeroCore.Agent.Llm;
using PeroCore.Memory.Storage;
using PeroCore.Server.Configuration;

namespace PeroCore.Server.Api;

/// <summary>
/// What the dashboard's first-run wizard needs: <c>GET /api/setup</c> (is a chat LLM configured, was the wizard done or
/// skipped, which keys are set — never the keys themselves) and <c>POST /api/models/test</c>, one tiny chat call to an
/// endpoint (a model card's, or the one being typed) that reports the failure in words.
/// </summary>
internal static class SetupEndpoints
{
    /// <summary>The <c>config</c> key the wizard sets to <c>"true"</c> when it is finished or skipped.</summary>
    public const string SetupDoneKey = "dashboard_setup_done";

    private const string TestPrompt = "Reply with the single word OK.";
    private const int TestMaxTokens = 16;
    private const int ReplyShown = 200;

    /// <summary>Maps the endpoints.</summary>
    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/setup", async (LlmSettingsResolver resolver, PeroStore store, UserSettings settings, IOptions<ServerOptions> server, CancellationToken ct) =>
        {
            string? problem = null;
            try
            {
                await resolver.ResolveAsync(LlmRole.Chat, ct).ConfigureAwait(false);
            }
            catch (LlmNotConfiguredException ex)
            {
                problem = ex.Message;
            }

            var (globalKey, _) = await resolver.GetGlobalCredentialsAsync(ct).ConfigureAwait(false);
            var models = await store.Models.ListAsync(ct).ConfigureAwait(false);
            var done = string.Equals(await settings.GetAsync(SetupDoneKey, ct).ConfigureAwait(false), "true", StringComparison.OrdinalIgnoreCase);
            return TypedResults.Ok(new SetupStatusJson(problem is null, problem, done, !string.IsNullOrEmpty(server.Value.ApiKey), globalKey is not null, models.Count));
        });

        routes.MapPost("/api/models/test", async Task<Results<Ok<ModelTestJson>, ProblemHttpResult>> (HttpRequest request, PeroStore store, LlmClientFactory factory,
            LlmSettingsResolver resolver, CancellationToken ct) =>
        {
            var body = await JsonBody.ReadObjectAsync(request, ct).ConfigureAwait(false);
            JsonBody.RejectUnknown(body, ["id", "api_base", "api_key", "model_id", "provider_type"]);
            ModelConfigRecord? card = null;
            if (body.ContainsKey("id"))
            {
                var id = JsonBody.Integer(body, "id") ?? throw new RequestValidationException("'id' must be a model card id (a whole number).");
                card = await store.Models.GetAsync(id, ct).ConfigureAwait(false);
                if (card is null)
                {
                    return ApiProblems.NotFound($"Model card {id} does not exist.");
                }
            }

            var model = Blank(JsonBody.String(body, "model_id", FieldLimits.Name)) ?? Blank(card?.ModelId)
                ?? throw new RequestValidationException("'model_id' is required: the model to call (or 'id', a model card).");
            var requestedBase = Blank(JsonBody.String(body, "api_base", FieldLimits.Url));
            if (requestedBase is not null)
            {
                FieldLimits.RequireHttpUrl("api_base", requestedBase);
            }

            var providerType = Blank(JsonBody.String(body, "provider_type", FieldLimits.Name))?.ToLowerInvariant()
                ?? Blank(card?.ProviderType)?.ToLowerInvariant() ?? (requestedBase is null ? "global" : "custom");
            if (providerType is not ("global" or "custom"))
            {
                throw new RequestValidationException($"'provider_type' must be \"global\" or \"custom\" (got '{providerType}').");
            }

            var typedKey = JsonBody.String(body, "api_key", FieldLimits.Secret);
            var (globalKey, globalBase) = await resolver.GetGlobalCredentialsAsync(ct).ConfigureAwait(false);
            string baseUrl;
            string? key;
            if (providerType == "custom" && (requestedBase ?? Blank(card?.ApiBase)) is { } ownBase)
            {
                baseUrl = ownBase;
                // A stored key goes only to the base URL it was stored with.
                key = !string.IsNullOrEmpty(typedKey) && !SecretMask.IsMasked(typedKey) ? typedKey
                    : card is not null && SameEndpoint(ownBase, card.ApiBase) ? Blank(card.ApiKey) : null;
            }
            else
            {
                baseUrl = globalBase;
                key = !string.IsNullOrEmpty(typedKey) && !SecretMask.IsMasked(typedKey) ? typedKey : globalKey;
            }

            var endpoint = new LlmEndpoint { BaseUrl = baseUrl, ApiKey = key, Model = model, Temperature = 0, MaxTokens = TestMaxTokens, Stream = false };
            var watch = Stopwatch.StartNew();
            try
            {
                var response = await factory.Create(endpoint).GetResponseAsync([new ChatMessage(ChatRole.User, TestPrompt)],
                    new ChatOptions { MaxOutputTokens = TestMaxTokens }, ct).ConfigureAwait(false);
                var reply = response.Text.Trim();
                return TypedResults.Ok(new ModelTestJson(true, model, baseUrl, key is not null, reply.Length > ReplyShown ? reply[..ReplyShown] : reply,
                    watch.ElapsedMilliseconds, null));
            }
            catch (LlmException ex)
            {
                return TypedResults.Ok(new ModelTestJson(false, model, baseUrl, key is not null, null, watch.ElapsedMilliseconds, ex.Message));
            }
        }).Accepts<ModelTestBody>("application/json");
    }

    private static bool SameEndpoint(string a, string? b) =>
        LlmEndpointUrls.IsValidBase(a) && LlmEndpointUrls.IsValidBase(b) && LlmEndpointUrls.Models(a) == LlmEndpointUrls.Models(b!);

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
