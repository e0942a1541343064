using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using PeroCore.Server.Configuration;

namespace PeroCore.Server.Api;

/// <summary>
/// When <see cref="ServerOptions.ApiKey"/> is set, every request except <c>/health</c> and reads of the API's own
/// documentation (<c>GET /openapi/*</c>, <c>GET /scalar*</c>: the shape of the API, no data) must carry it as
/// <c>Authorization: Bearer KEY</c> or <c>X-API-Key: KEY</c>. The realtime channels (<c>/api/events</c> and every
/// <c>/ws/…</c> socket) may instead send it as <c>?access_token=KEY</c> (or the older <c>?api_key=KEY</c>), because a
/// browser's <c>EventSource</c> and <c>WebSocket</c> cannot set headers. A refused handshake gets 401 before any
/// socket is opened, so no event ever reaches an unauthenticated client. The key is never logged.
/// </summary>
internal sealed class ApiKeyMiddleware
{
    private readonly RequestDelegate _next;
    private readonly byte[]? _key;

    /// <summary>Creates the middleware.</summary>
    public ApiKeyMiddleware(RequestDelegate next, IOptions<ServerOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _next = next;
        _key = options.Value.ApiKey is { } key ? Encoding.UTF8.GetBytes(key) : null;
    }

    /// <summary>Checks the key, then calls the next middleware.</summary>
    public Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (_key is null || context.Request.Path.StartsWithSegments("/health", StringComparison.Ordinal) || IsDocumentation(context.Request) ||
            Matches(Presented(context.Request)))
        {
            return _next(context);
        }

        return Results.Problem(
            statusCode: StatusCodes.Status401Unauthorized,
            title: "API key required",
            detail: IsRealtime(context.Request.Path)
                ? "Send the server's API key as 'Authorization: Bearer <key>', 'X-API-Key: <key>' or the query parameter 'access_token=<key>'."
                : "Send the server's API key as 'Authorization: Bearer <key>' or 'X-API-Key: <key>'.").ExecuteAsync(context);
    }

    private static bool IsDocumentation(HttpRequest request) =>
        (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)) &&
        (request.Path.StartsWithSegments("/openapi", StringComparison.Ordinal) || request.Path.StartsWithSegments("/scalar", StringComparison.Ordinal));

    private static string? Presented(HttpRequest request)
    {
        var auth = request.Headers.Authorization.ToString();
        if (auth.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return auth["Bearer ".Length..].Trim();
        }

        var header = request.Headers["X-API-Key"].ToString();
        if (header.Length > 0)
        {
            return header;
        }

        if (!IsRealtime(request.Path))
        {
            return null;
        }

        var token = request.Query["access_token"].ToString();
        return token.Length > 0 ? token : request.Query["api_key"].ToString();
    }

    /// <summary>The paths that accept the key as a query parameter: the events stream and the WebSockets.</summary>
    private static bool IsRealtime(PathString path) =>
        path.StartsWithSegments("/ws", StringComparison.OrdinalIgnoreCase) || path.StartsWithSegments("/api/events", StringComparison.OrdinalIgnoreCase);

    private bool Matches(string? presented) =>
        presented is { Length: > 0 } && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), _key);
}
