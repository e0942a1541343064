using System.Text.Json;
using System.Text.Json.Nodes;
using PeroCore.Server.Configuration;

namespace PeroCore.Server.Api;

/// <summary>User settings: <c>/api/configs</c> and the companion-mode switch.</summary>
public static class ConfigEndpoints
{
    /// <summary>Maps the endpoints.</summary>
    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/configs", async (UserSettings settings, CancellationToken ct) =>
        {
            var all = await settings.GetAllAsync(ct).ConfigureAwait(false);
            return Results.Json(all.ToDictionary(p => p.Key, p => SecretMask.IsSecretKey(p.Key) ? SecretMask.Mask(p.Value) : p.Value, StringComparer.Ordinal));
        });

        routes.MapPost("/api/configs", async (HttpRequest request, UserSettings settings, CancellationToken ct) =>
        {
            var body = await JsonBody.ReadObjectAsync(request, ct).ConfigureAwait(false);
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

                values[key] = value;
            }

            await settings.SetAsync(values, ct).ConfigureAwait(false);
            return Results.Json(new { status = "success" });
        });

        routes.MapGet("/api/configs/waifu-texts", async (UserSettings settings, CancellationToken ct) =>
        {
            var raw = await settings.GetAsync("waifu_dynamic_texts", ct).ConfigureAwait(false);
            try
            {
                return Results.Text(raw is not null && JsonNode.Parse(raw) is JsonObject ? raw : "{}", "application/json");
            }
            catch (JsonException)
            {
                return Results.Text("{}", "application/json");
            }
        });

        routes.MapGet("/api/companion/status", async (UserSettings settings, CancellationToken ct) =>
            Results.Json(new { enabled = await settings.GetAsync("companion_mode_enabled", ct).ConfigureAwait(false) == "true" }));

        routes.MapPost("/api/companion/toggle", async (HttpRequest request, UserSettings settings, CancellationToken ct) =>
        {
            var body = await JsonBody.ReadObjectAsync(request, ct).ConfigureAwait(false);
            var enabled = JsonBody.Boolean(body, "enabled") ?? throw new RequestValidationException("'enabled' is required and must be true or false.");
            await settings.SetAsync(new Dictionary<string, string> { ["companion_mode_enabled"] = enabled ? "true" : "false" }, ct).ConfigureAwait(false);
            return Results.Json(new { status = "success", enabled });
        });
    }
}
