using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PeroCore.Memory.Storage;

namespace PeroCore.Agent.Llm;

/// <summary>
/// Decides which LLM endpoint a role uses, from the <c>config</c> table, the model cards and the host defaults. Reads
/// the store on every call, so changes made through the API apply to the next request.
/// </summary>
/// <remarks>
/// <para><b>Card selection.</b> Chat uses <c>current_model_id</c>; the scorer <c>scorer_model_id</c>, then
/// <c>current_model_id</c>; the secretary <c>secretary_model_id</c>, then <c>current_model_id</c>; reflection only
/// <c>reflection_model_id</c>, and only when <c>reflection_enabled</c> is <c>"true"</c>. A key naming a missing card is
/// skipped with a warning.</para>
/// <para><b>A card of provider type <c>custom</c></b> uses its own base URL and key (the global key is never sent to a
/// custom endpoint); without a base of its own it uses the global base and, lacking its own key, the global key.
/// A <c>global</c> card uses <c>global_llm_api_base</c> (default <see cref="DefaultBaseUrl"/>) and
/// <c>global_llm_api_key</c>. Temperature, top_p, max_tokens, stream and vision come from the card.</para>
/// <para><b>Without a card</b> (chat, scorer, secretary) the global endpoint is used with the host's
/// <see cref="LlmHostOptions.Model"/>, or the legacy <c>ppc.modelName</c>.</para>
/// <para><b>Precedence</b> for the global settings: <c>config</c> table, then <see cref="LlmHostOptions"/>, then the
/// legacy <c>ppc.apiKey</c>, then the built-in default base. An endpoint needs a model and either a key or an explicitly
/// configured base (a keyless local server such as Ollama is valid); otherwise <see cref="LlmNotConfiguredException"/>.</para>
/// </remarks>
public sealed class LlmSettingsResolver
{
    /// <summary>The base URL used when nothing else is configured.</summary>
    public const string DefaultBaseUrl = "https://api.openai.com";

    private readonly PeroStore _store;
    private readonly LlmHostOptions _host;
    private readonly ILogger _logger;

    /// <summary>Creates a resolver over a store.</summary>
    public LlmSettingsResolver(PeroStore store, IOptions<LlmHostOptions>? hostOptions = null, ILogger<LlmSettingsResolver>? logger = null)
    {
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _host = hostOptions?.Value ?? new LlmHostOptions();
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>The endpoint for <paramref name="role"/>.</summary>
    /// <exception cref="LlmNotConfiguredException">Nothing usable is configured for the role (or reflection is off).</exception>
    public async Task<LlmEndpoint> ResolveAsync(LlmRole role = LlmRole.Chat, CancellationToken cancellationToken = default)
    {
        var config = await _store.Config.GetAllAsync(cancellationToken).ConfigureAwait(false);
        return await ResolveAsync(role, config, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The endpoint for <paramref name="role"/>, or null when nothing usable is configured (or reflection is off).</summary>
    public async Task<LlmEndpoint?> TryResolveAsync(LlmRole role = LlmRole.Chat, CancellationToken cancellationToken = default)
    {
        try
        {
            return await ResolveAsync(role, cancellationToken).ConfigureAwait(false);
        }
        catch (LlmNotConfiguredException)
        {
            return null;
        }
    }

    /// <summary>
    /// The global API key (stored setting, host setting or legacy key; null when none) and the base URL it belongs to:
    /// the key is meant for that endpoint and no other.
    /// </summary>
    public async Task<(string? ApiKey, string BaseUrl)> GetGlobalCredentialsAsync(CancellationToken cancellationToken = default)
    {
        var global = Global(await _store.Config.GetAllAsync(cancellationToken).ConfigureAwait(false));
        return (global.ApiKey, global.BaseUrl);
    }

    private GlobalSettings Global(Dictionary<string, string> config)
    {
        var globalKey = NonEmpty(config.GetValueOrDefault(LlmConfigKeys.GlobalApiKey)) ?? NonEmpty(_host.ApiKey) ?? NonEmpty(config.GetValueOrDefault(LlmConfigKeys.LegacyApiKey));
        var configBase = NonEmpty(config.GetValueOrDefault(LlmConfigKeys.GlobalApiBase));
        var hostBase = NonEmpty(_host.BaseUrl);
        return configBase is not null ? new GlobalSettings(globalKey, configBase, true, LlmConfigKeys.GlobalApiBase)
            : hostBase is not null ? new GlobalSettings(globalKey, hostBase, true, "Llm:BaseUrl")
            : new GlobalSettings(globalKey, DefaultBaseUrl, false, "the built-in default");
    }

    private async Task<LlmEndpoint> ResolveAsync(LlmRole role, Dictionary<string, string> config, CancellationToken cancellationToken)
    {
        var global = Global(config);

        string[] chain;
        switch (role)
        {
            case LlmRole.Chat:
                chain = [LlmConfigKeys.CurrentModelId];
                break;
            case LlmRole.Scorer:
                chain = [LlmConfigKeys.ScorerModelId, LlmConfigKeys.CurrentModelId];
                break;
            case LlmRole.Secretary:
                chain = [LlmConfigKeys.SecretaryModelId, LlmConfigKeys.CurrentModelId];
                break;
            case LlmRole.Reflection:
                if (!string.Equals(config.GetValueOrDefault(LlmConfigKeys.ReflectionEnabled)?.Trim(), "true", StringComparison.OrdinalIgnoreCase))
                {
                    throw new LlmNotConfiguredException("Reflection is turned off (config reflection_enabled is not \"true\").");
                }

                chain = [LlmConfigKeys.ReflectionModelId];
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(role), role, "Unknown LLM role.");
        }

        foreach (var key in chain)
        {
            if (NonEmpty(config.GetValueOrDefault(key)) is not { } idText)
            {
                continue;
            }

            ModelConfigRecord? card = null;
            if (long.TryParse(idText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var id))
            {
                card = await _store.Models.GetAsync(id, cancellationToken).ConfigureAwait(false);
            }

            if (card is null)
            {
                LlmLog.MissingCard(_logger, key, idText);
                continue;
            }

            return FromCard(card, key, global);
        }

        if (role == LlmRole.Reflection)
        {
            throw new LlmNotConfiguredException("Reflection is on, but reflection_model_id does not name an existing model card.");
        }

        var model = NonEmpty(_host.Model) ?? NonEmpty(config.GetValueOrDefault(LlmConfigKeys.LegacyModelName));
        if (model is null)
        {
            throw new LlmNotConfiguredException(
                $"No LLM is configured: {chain[^1]} is not set or names no existing model card, and the host has no default model (Llm:Model).");
        }

        if (global.ApiKey is null && !global.BaseConfigured)
        {
            throw new LlmNotConfiguredException("No LLM is configured: neither global_llm_api_key nor global_llm_api_base is set.");
        }

        return Build(global.BaseUrl, global.BaseSource, global.ApiKey, model, null) with { Temperature = _host.Temperature };
    }

    private static LlmEndpoint FromCard(ModelConfigRecord card, string key, GlobalSettings global)
    {
        string baseUrl;
        string baseSource;
        string? apiKey;
        var custom = string.Equals(card.ProviderType, "custom", StringComparison.OrdinalIgnoreCase);
        if (custom && NonEmpty(card.ApiBase) is { } ownBase)
        {
            baseUrl = ownBase;
            baseSource = $"the api_base of model card '{card.Name}'";
            apiKey = NonEmpty(card.ApiKey);
        }
        else
        {
            if (!global.BaseConfigured && global.ApiKey is null && !(custom && NonEmpty(card.ApiKey) is not null))
            {
                throw new LlmNotConfiguredException(
                    $"Model card '{card.Name}' (selected by {key}) uses the global endpoint, but neither global_llm_api_key nor global_llm_api_base is set.");
            }

            baseUrl = global.BaseUrl;
            baseSource = global.BaseSource;
            apiKey = custom ? NonEmpty(card.ApiKey) ?? global.ApiKey : global.ApiKey;
        }

        return Build(baseUrl, baseSource, apiKey, card.ModelId, card.Name) with
        {
            Temperature = card.Temperature,
            TopP = card.TopP,
            MaxTokens = card.MaxTokens,
            Stream = card.Stream,
            EnableVision = card.EnableVision,
        };
    }

    private static LlmEndpoint Build(string baseUrl, string baseSource, string? apiKey, string model, string? cardName)
    {
        if (!LlmEndpointUrls.IsValidBase(baseUrl))
        {
            throw new LlmNotConfiguredException($"The LLM base URL '{baseUrl}' (from {baseSource}) is not an absolute http(s) URL.");
        }

        return new LlmEndpoint { BaseUrl = baseUrl.Trim(), ApiKey = apiKey, Model = model.Trim(), CardName = cardName };
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private sealed record GlobalSettings(string? ApiKey, string BaseUrl, bool BaseConfigured, string BaseSource);
}
