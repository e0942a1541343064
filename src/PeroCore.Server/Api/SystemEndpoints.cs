using Microsoft.AspNetCore.Http.HttpResults;
using PeroCore.Server.Configuration;
using PeroCore.Server.Diagnostics;

namespace PeroCore.Server.Api;

/// <summary>Liveness, host status and the desktop-only <c>open-path</c>.</summary>
internal static class SystemEndpoints
{
    /// <summary>
    /// Maps <c>GET /health</c> (<c>{"status":"healthy"}</c>, or 503 <c>{"status":"unhealthy","detail":…}</c> once the
    /// database was found damaged), <c>GET /api/ping</c>, <c>GET /api/system/status</c> and <c>POST /api/open-path</c>.
    /// </summary>
    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapGet("/health", Results<Ok<HealthResponse>, JsonHttpResult<HealthResponse>> (DatabaseHealth health) => health.IsHealthy
            ? TypedResults.Ok(new HealthResponse("healthy"))
            : TypedResults.Json(new HealthResponse("unhealthy", health.Detail), statusCode: StatusCodes.Status503ServiceUnavailable));
        routes.MapGet("/api/ping", (TimeProvider clock) => TypedResults.Ok(new PingResponse("ok", clock.GetUtcNow())));

        routes.MapGet("/api/system/status", async (HostMetrics metrics, PeroCoreSettings settings, CancellationToken ct) =>
            TypedResults.Ok(await metrics.ReadAsync(settings.Server.DataPath, ct).ConfigureAwait(false)));

        // The original opened the path in the host's file manager (os.startfile even ran files). A server has no user
        // at its screen and must never run a path a request names: the body is still checked, then 501 says why.
        routes.MapPost("/api/open-path", (OpenPathRequest request) => TypedResults.Problem(
            detail: $"PeroCore runs as a server and does not open paths on the host's screen; open '{request.Path}' on the client instead.",
            statusCode: StatusCodes.Status501NotImplemented,
            title: ApiErrors.TitleFor(StatusCodes.Status501NotImplemented),
            extensions: new Dictionary<string, object?> { ["status_text"] = "unsupported", ["path"] = request.Path }))
            .Accepts<OpenPathBody>("application/json")
            .ProducesProblem(StatusCodes.Status501NotImplemented);
    }
}
