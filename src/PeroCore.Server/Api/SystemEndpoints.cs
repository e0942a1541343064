using PeroCore.Server.Hosting;

namespace PeroCore.Server.Api;

/// <summary>Liveness endpoints.</summary>
public static class SystemEndpoints
{
    /// <summary>
    /// Maps <c>GET /health</c> (<c>{"status":"healthy"}</c>, or 503 <c>{"status":"unhealthy","detail":…}</c> once the
    /// database was found damaged) and <c>GET /api/ping</c>.
    /// </summary>
    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapGet("/health", (DatabaseHealth health) => health.IsHealthy
            ? Results.Json(new { status = "healthy" })
            : Results.Json(new { status = "unhealthy", detail = health.Detail }, statusCode: StatusCodes.Status503ServiceUnavailable));
        routes.MapGet("/api/ping", (TimeProvider clock) => Results.Json(new { status = "ok", timestamp = clock.GetUtcNow() }));
    }
}
