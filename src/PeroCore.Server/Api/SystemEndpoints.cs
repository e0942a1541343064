namespace PeroCore.Server.Api;

/// <summary>Liveness endpoints.</summary>
public static class SystemEndpoints
{
    /// <summary>Maps <c>GET /health</c> and <c>GET /api/ping</c>.</summary>
    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapGet("/health", () => Results.Json(new { status = "healthy" }));
        routes.MapGet("/api/ping", (TimeProvider clock) => Results.Json(new { status = "ok", timestamp = clock.GetUtcNow() }));
    }
}
