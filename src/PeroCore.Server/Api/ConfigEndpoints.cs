using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using PeroCore.Server.Configuration;

namespace PeroCore.Server.Api;

/// <summary>User settings: <c>/api/configs</c> and the companion-mode switch.</summary>
internal static class ConfigEndpoints
{
    /// <summary>Maps the endpoints.</summary>
    public static void Map(IEndpointRouteBuilder routes)
    {
        var configs = routes.MapGroup("/api/configs");
        configs.MapGet(string.Empty, async (UserSettings settings, CancellationToken ct) =>
        {
            var all = await settings.GetAllAsync(ct).ConfigureAwait(false);
            return TypedResults.Ok(all.ToDictionary(p => p.Key, p => SecretMask.IsSecretKey(p.Key) ? SecretMask.Mask(p.Value) : p.Value, StringComparer.Ordinal));
        });

        configs.MapPost(string.Empty, async (SettingsUpdate update, UserSettings settings, CancellationToken ct) =>
        {
            await settings.SetAsync(update.Values, ct).ConfigureAwait(false);
            return TypedResults.Ok(new StatusResponse("success"));
        }).Accepts<Dictionary<string, string>>("application/json");

        configs.MapGet("/waifu-texts", async (UserSettings settings, CancellationToken ct) =>
        {
            var raw = await settings.GetAsync("waifu_dynamic_texts", ct).ConfigureAwait(false);
            try
            {
                return TypedResults.Text(raw is not null && JsonNode.Parse(raw) is JsonObject ? raw : "{}", "application/json");
            }
            catch (JsonException)
            {
                return TypedResults.Text("{}", "application/json");
            }
        });

        var companion = routes.MapGroup("/api/companion");
        companion.MapGet("/status", async (UserSettings settings, CancellationToken ct) =>
            TypedResults.Ok(new CompanionStatusResponse(await settings.GetAsync("companion_mode_enabled", ct).ConfigureAwait(false) == "true")));

        companion.MapPost("/toggle", async Task<Ok<CompanionToggleResponse>> (CompanionToggle toggle, UserSettings settings, CancellationToken ct) =>
        {
            await settings.SetAsync(new Dictionary<string, string> { ["companion_mode_enabled"] = toggle.Enabled ? "true" : "false" }, ct).ConfigureAwait(false);
            return TypedResults.Ok(new CompanionToggleResponse("success", toggle.Enabled));
        }).Accepts<CompanionToggleBody>("application/json");
    }
}

/// <summary>The body of <c>POST /api/configs</c>: <c>{key: "string", …}</c>; a masked secret sent back keeps the stored one.</summary>
internal sealed record SettingsUpdate(IReadOnlyDictionary<string, string> Values)
{
    /// <summary>Reads and checks the body (minimal APIs call this to bind the parameter).</summary>
    public static async ValueTask<SettingsUpdate> BindAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var body = await JsonBody.ReadObjectAsync(context.Request, context.RequestAborted).ConfigureAwait(false);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, node) in body)
        {
            if (key.Length > FieldLimits.Name)
            {
                throw new RequestValidationException($"A setting name is {key.Length} characters long; the limit is {FieldLimits.Name}.");
            }

            if (string.IsNullOrWhiteSpace(key))
            {
                throw new RequestValidationException("A setting name must not be empty.");
            }

            if (node is not JsonValue v || v.GetValueKind() != JsonValueKind.String)
            {
                throw new RequestValidationException($"The value of '{key}' must be a string.");
            }

            var value = JsonBody.Text(v, key)!;
            if (SecretMask.IsSecretKey(key) && SecretMask.IsMasked(value))
            {
                continue; // The client sent back the masked form: keep the stored secret.
            }

            CheckKnownValue(key, value);
            values[key] = value;
        }

        return new SettingsUpdate(values);
    }

    /// <summary>Settings the scheduler reads must hold values it can use: an IANA time zone, a number of minutes.</summary>
    private static void CheckKnownValue(string key, string value)
    {
        if (key == Agent.Scheduling.ReminderScheduler.TimeZoneKey && value.Length > 0 && Agent.Scheduling.TaskTimeParser.FindZone(value) is null)
        {
            throw new RequestValidationException($"'{key}' must be an IANA time zone such as Asia/Shanghai or America/New_York (empty: the server's zone).");
        }

        if (key == Agent.Scheduling.ReminderScheduler.CompanionIdleKey && value.Length > 0 &&
            !(int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var minutes) && minutes is >= 1 and <= 10_080))
        {
            throw new RequestValidationException($"'{key}' must be a whole number of minutes from 1 to 10080.");
        }
    }
}

/// <summary>The body of <c>POST /api/companion/toggle</c>: <c>{"enabled": bool}</c>.</summary>
internal sealed record CompanionToggle(bool Enabled)
{
    /// <summary>Reads and checks the body (minimal APIs call this to bind the parameter).</summary>
    public static async ValueTask<CompanionToggle> BindAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var body = await JsonBody.ReadObjectAsync(context.Request, context.RequestAborted).ConfigureAwait(false);
        return new CompanionToggle(JsonBody.Boolean(body, "enabled") ?? throw new RequestValidationException("'enabled' is required and must be true or false."));
    }
}
