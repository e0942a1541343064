using Microsoft.AspNetCore.Http.HttpResults;
using PeroCore.Agent.Tools;
using PeroCore.Memory.Storage;
using PeroCore.Nit.Tools;
using PeroCore.Server.Hosting;

namespace PeroCore.Server.Api;

/// <summary>
/// The tool switches: <c>GET /api/tools</c> lists the tool groups (plugin, or category for tools without one) with their
/// tools and whether they are on; <c>POST /api/tools/switches</c> <c>{"group","enabled"}</c> switches one on or off at once
/// (stored in the <c>config</c> table as <c>tools_disabled</c>). Groups off in <c>Tools:Disabled</c> stay off (409), and
/// <c>CoreOps</c> cannot be switched off.
/// </summary>
internal static class ToolSwitchEndpoints
{
    /// <summary>Maps the endpoints.</summary>
    public static void Map(IEndpointRouteBuilder routes)
    {
        var tools = routes.MapGroup("/api/tools");
        tools.MapGet(string.Empty, (NitToolRegistry registry, ToolSwitchState state) => TypedResults.Ok(List(registry, state)));

        tools.MapPost("/switches", async Task<Results<Ok<ToolGroupJson>, ProblemHttpResult>> (HttpRequest request, NitToolRegistry registry, ToolSwitchState state,
            PeroStore store, CancellationToken ct) =>
        {
            var body = await JsonBody.ReadObjectAsync(request, ct).ConfigureAwait(false);
            JsonBody.RejectUnknown(body, ["group", "enabled"]);
            var name = JsonBody.RequiredString(body, "group", FieldLimits.Name).Trim();
            var enabled = JsonBody.Boolean(body, "enabled") ?? throw new RequestValidationException("'enabled' is required (true or false).");
            var groups = List(registry, state);
            var group = groups.FirstOrDefault(g => string.Equals(g.Name, name, StringComparison.OrdinalIgnoreCase))
                ?? throw new RequestValidationException($"'group' must name a tool group ({string.Join(", ", groups.Select(g => g.Name))}); got '{name}'.");
            if (string.Equals(group.Name, ToolSwitches.CorePlugin, StringComparison.OrdinalIgnoreCase) && !enabled)
            {
                throw new RequestValidationException($"'group' {ToolSwitches.CorePlugin} cannot be switched off: finish_task ends every task.");
            }

            if (enabled && state.Configured.Contains(group.Name))
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: ApiErrors.TitleFor(StatusCodes.Status409Conflict),
                    detail: $"The group {group.Name} is switched off in the server's configuration (Tools:Disabled); remove it there and restart.");
            }

            await state.SetAsync(store, group.Name, enabled, ct).ConfigureAwait(false);
            return TypedResults.Ok(List(registry, state).First(g => g.Name == group.Name));
        }).Accepts<ToolSwitchBody>("application/json");
    }

    private static List<ToolGroupJson> List(NitToolRegistry registry, ToolSwitchState state) =>
        [.. registry.Tools
            .GroupBy(t => t.Plugin ?? t.Category, StringComparer.OrdinalIgnoreCase)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g =>
            {
                var core = string.Equals(g.Key, ToolSwitches.CorePlugin, StringComparison.OrdinalIgnoreCase);
                var configured = state.Configured.Contains(g.Key) || g.Any(t => state.Configured.Contains(t.Category));
                var off = state.IsOff(g.Key) || g.Any(t => state.IsOff(t.Category));
                return new ToolGroupJson(g.Key, g.First().Category, [.. g.Select(t => t.Name)], !off || core, core, configured && !core);
            })];
}
