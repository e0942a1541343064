using Microsoft.AspNetCore.Http.HttpResults;

namespace PeroCore.Server.Api;

/// <summary>Liveness endpoints.</summary>
internal static class SystemEndpoints
{
    /// <summary>
    /// Maps <c>GET /health</c> (<c>{"status":"healthy"}</c>, or 503 <c>{"status":"unhealthy","detail":…}</c> once the
    /// database was found damaged) and <c>GET /api/ping</c>.
    /// </summary>
    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapGet("/health", Results<Ok<HealthResponse>, JsonHttpResult<HealthResponse>> (DatabaseHealth health) => health.IsHealthy
            ? TypedResults.Ok(new HealthResponse("healthy"))
            : TypedResults.Json(new HealthResponse("unhealthy", health.Detail), statusCode: StatusCodes.Status503ServiceUnavailable));
        routes.MapGet("/api/ping", (TimeProvider clock) => TypedResults.Ok(new PingResponse("ok", clock.GetUtcNow())));
    }
}
