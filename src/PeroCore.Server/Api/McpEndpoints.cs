using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using PeroCore.Agent.Mcp;
using PeroCore.Memory.Storage;
using PeroCore.Nit.Tools;
using PeroCore.Server.Configuration;

namespace PeroCore.Server.Api;

/// <summary>
/// MCP servers: <c>/api/mcp</c> CRUD with the original's shapes (env and header values masked on read), <c>GET
/// /api/nit/status</c>, and PeroCore's own MCP endpoint <c>/mcp</c> (Streamable HTTP; behind the API key like the rest).
/// A changed or removed server's session is closed at once, so its process stops.
/// </summary>
internal static class McpEndpoints
{
    private static readonly string[] Fields = ["id", "name", "type", "command", "args", "env", "url", "headers", "enabled", "created_at", "updated_at"];

    /// <summary>Maps the endpoints.</summary>
    public static void Map(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var mcp = app.MapGroup("/api/mcp");
        mcp.MapGet(string.Empty, async (PeroStore store, CancellationToken ct) =>
            TypedResults.Ok((await store.McpServers.ListAsync(ct).ConfigureAwait(false)).Select(ToJson)));

        mcp.MapPost(string.Empty, async (HttpRequest request, PeroStore store, CancellationToken ct) =>
        {
            var body = await JsonBody.ReadObjectAsync(request, ct).ConfigureAwait(false);
            JsonBody.RejectUnknown(body, Fields);
            var row = Apply(new McpConfigRecord { Name = JsonBody.RequiredString(body, "name", FieldLimits.Name) }, body, isNew: true);
            return TypedResults.Ok(ToJson(await store.McpServers.InsertAsync(row, ct).ConfigureAwait(false)));
        }).Accepts<McpServerBody>("application/json");

        RouteHandlerBuilder Update(string method) =>
            mcp.MapMethods("/{id:long}", [method], async Task<Results<Ok<McpServerJson>, ProblemHttpResult>> (long id, HttpRequest request, PeroStore store, McpBridge bridge, CancellationToken ct) =>
            {
                var body = await JsonBody.ReadObjectAsync(request, ct).ConfigureAwait(false);
                JsonBody.RejectUnknown(body, Fields);
                var before = await store.McpServers.GetAsync(id, ct).ConfigureAwait(false);
                if (before is null)
                {
                    return ApiProblems.NotFound($"MCP server {id} does not exist.");
                }

                var updated = await store.McpServers.UpdateAsync(id, row => Apply(row, body, isNew: false), ct).ConfigureAwait(false);
                if (updated is null)
                {
                    return ApiProblems.NotFound($"MCP server {id} does not exist.");
                }

                await bridge.ForgetAsync(before.Name, ct).ConfigureAwait(false);
                return TypedResults.Ok(ToJson(updated));
            }).Accepts<McpServerBody>("application/json");
        Update("PUT");
        Update("PATCH");

        mcp.MapDelete("/{id:long}", async Task<Results<Ok<StatusResponse>, ProblemHttpResult>> (long id, PeroStore store, McpBridge bridge, CancellationToken ct) =>
        {
            var row = await store.McpServers.GetAsync(id, ct).ConfigureAwait(false);
            if (row is null || !await store.McpServers.DeleteAsync(id, ct).ConfigureAwait(false))
            {
                return ApiProblems.NotFound($"MCP server {id} does not exist.");
            }

            await bridge.ForgetAsync(row.Name, ct).ConfigureAwait(false);
            return TypedResults.Ok(new StatusResponse("success"));
        });

        app.MapGet("/api/nit/status", (NitToolRegistry registry, McpBridge bridge) =>
        {
            var plugins = registry.Tools
                .GroupBy(t => t.Plugin ?? t.Name, StringComparer.Ordinal)
                .OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => new NitPluginJson(g.Key, g.First().Category, [.. g.Select(t => t.Name)]))
                .ToList();
            var active = bridge.ActiveServers;
            return TypedResults.Ok(new NitStatusJson("2.0", plugins.Count, active.Count, plugins,
                [.. active.Select(s => new McpActiveServerJson(s.Name, s.Transport.ToString().ToLowerInvariant(), s.Tools))]));
        });

        if (app.Services.GetRequiredService<IOptions<McpOptions>>().Value.ServerEnabled)
        {
            app.MapMcp("/mcp");
        }
    }

    private static McpServerJson ToJson(McpConfigRecord row) => new(
        row.Id, row.Name, row.Type, row.Command, row.ArgsJson, MaskValues(row.EnvJson), row.Url, row.Enabled, row.CreatedAt, row.UpdatedAt, MaskValues(row.HeadersJson));

    private static string MaskValues(string json)
    {
        var obj = JsonNode.Parse(json) as JsonObject ?? [];
        foreach (var (key, value) in obj.ToList())
        {
            obj[key] = SecretMask.Mask(value is JsonValue v && v.TryGetValue<string>(out var s) ? s : value?.ToJsonString()) ?? string.Empty;
        }

        return obj.ToJsonString();
    }

    private static McpConfigRecord Apply(McpConfigRecord row, JsonObject body, bool isNew)
    {
        var command = body.ContainsKey("command") ? JsonBody.String(body, "command", FieldLimits.Url) : row.Command;
        var url = body.ContainsKey("url") ? JsonBody.String(body, "url", FieldLimits.Url) : row.Url;
        var type = JsonBody.String(body, "type", FieldLimits.Name)?.Trim().ToLowerInvariant();
        if (type is null && isNew)
        {
            // The original treated a missing type as "sse"; a command says it is a stdio server.
            type = !string.IsNullOrWhiteSpace(command) ? "stdio" : "sse";
        }

        type ??= row.Type;
        if (type is not ("stdio" or "sse" or "http"))
        {
            throw new RequestValidationException($"'type' must be \"stdio\", \"sse\" or \"http\" (got '{type}').");
        }

        if (type == "stdio" && string.IsNullOrWhiteSpace(command))
        {
            throw new RequestValidationException("'command' is required for a stdio MCP server.");
        }

        if (type is "sse" or "http")
        {
            FieldLimits.RequireHttpUrl("url", url ?? string.Empty);
        }

        return row with
        {
            Name = JsonBody.String(body, "name", FieldLimits.Name) ?? row.Name,
            Type = type,
            Command = string.IsNullOrWhiteSpace(command) ? null : command.Trim(),
            Url = string.IsNullOrWhiteSpace(url) ? null : url.Trim(),
            ArgsJson = body.ContainsKey("args") ? Args(body["args"]) : row.ArgsJson,
            EnvJson = body.ContainsKey("env") ? Secrets(body["env"], "env", row.EnvJson) : row.EnvJson,
            HeadersJson = body.ContainsKey("headers") ? Secrets(body["headers"], "headers", row.HeadersJson) : row.HeadersJson,
            Enabled = JsonBody.Boolean(body, "enabled") ?? row.Enabled,
        };
    }

    /// <summary>The node itself, or the JSON its text holds (the original sent args and env as JSON strings).</summary>
    private static JsonNode? Unwrap(JsonNode? node, string field)
    {
        if (node is JsonValue v && v.TryGetValue<string>(out var text))
        {
            try
            {
                return string.IsNullOrWhiteSpace(text) ? null : JsonNode.Parse(text);
            }
            catch (JsonException ex)
            {
                throw new RequestValidationException($"'{field}' is not valid JSON: {ex.Message}", ex);
            }
        }

        return node;
    }

    private static string Args(JsonNode? node)
    {
        var value = Unwrap(node, "args") ?? new JsonArray();
        if (value is not JsonArray array || array.Any(a => a is not JsonValue item || !item.TryGetValue<string>(out _)))
        {
            throw new RequestValidationException("'args' must be a JSON array of strings.");
        }

        if (array.Sum(a => a!.GetValue<string>().Length) > FieldLimits.ShortText)
        {
            throw JsonBody.TooLong("args", array.Sum(a => a!.GetValue<string>().Length), FieldLimits.ShortText);
        }

        return array.ToJsonString();
    }

    private static string Secrets(JsonNode? node, string field, string storedJson)
    {
        var value = Unwrap(node, field) ?? new JsonObject();
        if (value is not JsonObject obj || obj.Any(p => p.Value is not JsonValue item || !item.TryGetValue<string>(out _)))
        {
            throw new RequestValidationException($"'{field}' must be a JSON object of string values.");
        }

        var stored = JsonNode.Parse(storedJson) as JsonObject ?? [];
        var result = new JsonObject();
        foreach (var (key, item) in obj)
        {
            var text = item!.GetValue<string>();
            if (text.Length > FieldLimits.Secret)
            {
                throw JsonBody.TooLong($"{field}.{key}", text.Length, FieldLimits.Secret);
            }

            // A masked value written back (a dashboard saving the whole form) keeps the stored secret.
            result[key] = SecretMask.IsMasked(text) && stored[key] is JsonValue old && old.TryGetValue<string>(out var kept) ? kept : text;
        }

        return result.ToJsonString();
    }
}
