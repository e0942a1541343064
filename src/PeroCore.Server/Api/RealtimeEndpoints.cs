using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using PeroCore.Server.Configuration;
using PeroCore.Server.Realtime;

namespace PeroCore.Server.Api;

/// <summary>
/// The realtime channels: the events channel (<c>GET /api/events</c> as SSE, <c>/ws/events</c>, <c>POST /api/events/read</c>)
/// and the browser extension's socket (<c>/ws/browser</c>). The API key and the origin are checked before these run
/// (<see cref="ApiKeyMiddleware"/>, <see cref="DriveByGuardMiddleware"/>).
/// </summary>
internal static class RealtimeEndpoints
{
    /// <summary>The query parameter that carries a resume cursor (the SSE <c>Last-Event-ID</c> header wins over it).</summary>
    public const string CursorParameter = "last_event_id";

    /// <summary>Maps the endpoints.</summary>
    public static void Map(IEndpointRouteBuilder routes)
    {
        var events = routes.MapGroup("/api/events");
        // A stream ends when the host stops (clients reconnect and resume by cursor), so it never holds up a shutdown.
        events.MapGet("/", async Task (HttpContext http, EventHub hub, IOptions<EventsOptions> options, IHostApplicationLifetime lifetime) =>
        {
            var cursor = Cursor(http.Request, useHeader: true);
            await EventStreams.RunSseAsync(http, hub, cursor, options.Value.Heartbeat, lifetime.ApplicationStopping).ConfigureAwait(false);
        });

        events.MapPost("/read", async Task<Ok<EventReadResponse>> (EventReadRequest request, EventHub hub, CancellationToken ct) =>
        {
            var marked = request.UpTo is { } upTo
                ? await hub.Outbox.MarkReadUpToAsync(upTo, ct).ConfigureAwait(false)
                : await hub.Outbox.MarkReadAsync(request.Ids, ct).ConfigureAwait(false);
            return TypedResults.Ok(new EventReadResponse(marked));
        }).Accepts<EventReadSchema>("application/json");

        routes.MapGet("/ws/events", async Task<Results<EmptyHttpResult, ProblemHttpResult>> (HttpContext http, EventHub hub, IHostApplicationLifetime lifetime) =>
        {
            if (!http.WebSockets.IsWebSocketRequest)
            {
                return NotWebSocket("/ws/events");
            }

            var cursor = Cursor(http.Request, useHeader: false);
            using var socket = await http.WebSockets.AcceptWebSocketAsync().ConfigureAwait(false);
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, lifetime.ApplicationStopping);
            await EventStreams.RunWebSocketAsync(socket, hub, cursor, stop.Token).ConfigureAwait(false);
            return TypedResults.Empty;
        });

        routes.MapGet("/ws/browser", async Task<Results<EmptyHttpResult, ProblemHttpResult>> (HttpContext http, BrowserBridge bridge, IHostApplicationLifetime lifetime) =>
        {
            if (!http.WebSockets.IsWebSocketRequest)
            {
                return NotWebSocket("/ws/browser");
            }

            using var socket = await http.WebSockets.AcceptWebSocketAsync().ConfigureAwait(false);
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, lifetime.ApplicationStopping);
            await bridge.RunAsync(socket, stop.Token).ConfigureAwait(false);
            return TypedResults.Empty;
        });
    }

    /// <summary>The resume cursor: the <c>Last-Event-ID</c> header (SSE) or <c>?last_event_id=</c>; null when neither is sent.</summary>
    private static long? Cursor(HttpRequest request, bool useHeader)
    {
        var header = useHeader ? request.Headers["Last-Event-ID"].ToString() : string.Empty;
        var (raw, name) = header.Length > 0 ? (header, "Last-Event-ID") : (request.Query[CursorParameter].ToString(), CursorParameter);
        if (raw.Length == 0)
        {
            return null;
        }

        return long.TryParse(raw.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var cursor)
            ? cursor
            : throw new ArgumentException($"'{name}' must be an event id (a non-negative integer); got '{(raw.Length > 40 ? raw[..40] + "…" : raw)}'.");
    }

    private static ProblemHttpResult NotWebSocket(string path) => TypedResults.Problem(
        statusCode: StatusCodes.Status400BadRequest, title: "WebSocket required",
        detail: $"{path} is a WebSocket endpoint: connect with a WebSocket client (ws://…{path}).");
}
