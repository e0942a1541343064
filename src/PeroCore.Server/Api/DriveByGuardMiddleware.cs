using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using PeroCore.Server.Configuration;

namespace PeroCore.Server.Api;

/// <summary>
/// Keeps web pages the user visits from driving the local server (drive-by requests), whatever the path's spelling:
/// <list type="bullet">
/// <item>a state-changing request (any method but GET, HEAD, OPTIONS and TRACE, every WebSocket handshake, and the
/// private event stream <c>/api/events</c>), with
/// or without a body, is refused with 403 when a browser marks it as coming from another site
/// (<c>Sec-Fetch-Site: cross-site</c> or <c>same-site</c>) or its <c>Origin</c> is neither the server's own nor one of
/// <see cref="ServerOptions.AllowedOrigins"/>; requests without those headers (curl, native clients) pass;</item>
/// <item>a request that carries a body must declare a JSON media type exactly (<c>application/json</c> or
/// <c>application/problem+json</c>, UTF-8; <c>application/x-ndjson</c> on the import routes only;
/// <c>multipart/form-data</c> on <see cref="VoiceEndpoints.AsrPath"/> only, where the cross-site checks above still apply), else 415, so a
/// page cannot send a "simple" cross-site POST that skips the browser's CORS preflight;</item>
/// <item>a body declared larger than <see cref="ServerOptions.MaxRequestBodyBytes"/> gets 413 before it is read;</item>
/// <item>CORS preflights are answered (by the CORS middleware after this one) only for allowed origins; any other
/// preflight gets 403.</item>
/// </list>
/// </summary>
internal sealed class DriveByGuardMiddleware
{
    /// <summary>The routes that take newline-delimited JSON (<c>application/x-ndjson</c>): the imports.</summary>
    public static readonly IReadOnlySet<string> NdjsonPaths = new HashSet<string>(["/api/import", "/api/memories/import"], StringComparer.OrdinalIgnoreCase);

    /// <summary>The event stream, guarded like a state-changing request.</summary>
    public const string EventStreamPath = "/api/events";

    private readonly RequestDelegate _next;
    private readonly ServerOptions _settings;
    private readonly HashSet<string> _allowed;

    /// <summary>Creates the middleware.</summary>
    public DriveByGuardMiddleware(RequestDelegate next, IOptions<ServerOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _next = next;
        _settings = options.Value;
        _allowed = new HashSet<string>(_settings.Origins, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Refuses drive-by and non-JSON requests, else calls the next middleware.</summary>
    public Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = context.Request;
        var origin = request.Headers.Origin.ToString();

        if (HttpMethods.IsOptions(request.Method) && request.Headers.ContainsKey(HeaderNames.AccessControlRequestMethod))
        {
            return IsAllowedOrigin(origin) || IsOwnOrigin(request, origin)
                ? _next(context)
                : Refuse(context, StatusCodes.Status403Forbidden, "Cross-origin request refused",
                    $"Pages at '{Shown(origin)}' may not call this server. If this is your own client, add its origin to Server:AllowedOrigins.");
        }

        // The event stream is a read, but a private one (every push to the user): pages from other sites may not open it.
        var changesState = !(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method) ||
                             HttpMethods.IsTrace(request.Method)) || context.WebSockets.IsWebSocketRequest ||
                           request.Path.StartsWithSegments(EventStreamPath, StringComparison.OrdinalIgnoreCase);
        if (!changesState)
        {
            return _next(context);
        }

        if (CrossSiteReason(request, origin) is { } reason)
        {
            return Refuse(context, StatusCodes.Status403Forbidden, "Cross-site request refused", reason);
        }

        var hasBody = request.ContentLength > 0 || (request.ContentLength is null && request.Headers.TransferEncoding.Count > 0);
        if (!hasBody)
        {
            return _next(context);
        }

        if (request.ContentLength > _settings.MaxRequestBodyBytes)
        {
            return Refuse(context, StatusCodes.Status413PayloadTooLarge, "Request body too large",
                $"The request body is {request.ContentLength} bytes; the limit is {_settings.MaxRequestBodyBytes} bytes (Server:MaxRequestBodyMegabytes).");
        }

        return MediaTypeProblem(request) is { } problem
            ? Refuse(context, StatusCodes.Status415UnsupportedMediaType, "JSON required", problem)
            : _next(context);
    }

    private string? CrossSiteReason(HttpRequest request, string origin)
    {
        if (origin.Length > 0)
        {
            return IsOwnOrigin(request, origin) || IsAllowedOrigin(origin)
                ? null
                : $"A page at '{Shown(origin)}' may not change this server. If this is your own client, add its origin to Server:AllowedOrigins.";
        }

        // A browser that sends Sec-Fetch-Site but no Origin: trust only its own verdict.
        var site = request.Headers["Sec-Fetch-Site"].ToString();
        return site.Equals("cross-site", StringComparison.OrdinalIgnoreCase) || site.Equals("same-site", StringComparison.OrdinalIgnoreCase)
            ? "A request a browser sent from another site may not change this server."
            : null;
    }

    private bool IsAllowedOrigin(string origin) => origin.Length > 0 && _allowed.Contains(Normalize(origin));

    private static bool IsOwnOrigin(HttpRequest request, string origin) =>
        origin.Length > 0 && request.Host.HasValue &&
        string.Equals(Normalize(origin), Normalize($"{request.Scheme}://{request.Host.Value}"), StringComparison.OrdinalIgnoreCase);

    /// <summary><c>scheme://host[:port]</c> with the default port dropped, or the raw text when it is not a URL ("null").</summary>
    private static string Normalize(string origin) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? uri.GetLeftPart(UriPartial.Authority)
            : origin;

    private static string Shown(string origin) => origin.Length == 0 ? "(no origin)" : origin.Length > 200 ? origin[..200] + "…" : origin;

    private static string? MediaTypeProblem(HttpRequest request)
    {
        var raw = request.ContentType;
        if (!MediaTypeHeaderValue.TryParse(raw, out var type) || !type.MediaType.HasValue)
        {
            return $"Send the request body as JSON with 'Content-Type: application/json' (got '{raw ?? "none"}').";
        }

        var media = type.MediaType.Value!;
        var json = media.Equals("application/json", StringComparison.OrdinalIgnoreCase) ||
                   media.Equals("application/problem+json", StringComparison.OrdinalIgnoreCase) ||
                   (media.Equals("application/x-ndjson", StringComparison.OrdinalIgnoreCase) &&
                    NdjsonPaths.Contains(request.Path.Value?.TrimEnd('/') ?? string.Empty));
        if (media.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase) && request.Path.Equals(VoiceEndpoints.AsrPath, StringComparison.OrdinalIgnoreCase))
        {
            return null; // The speech upload; the form reader checks the boundary and the parts.
        }

        if (!json)
        {
            return $"Send the request body as JSON with 'Content-Type: application/json' (got '{raw}').";
        }

        return type.Charset.HasValue && !type.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) &&
               !type.Charset.Equals("utf8", StringComparison.OrdinalIgnoreCase)
            ? $"Send the JSON body as UTF-8 (got charset '{type.Charset}')."
            : null;
    }

    private static Task Refuse(HttpContext context, int status, string title, string detail) =>
        Results.Problem(statusCode: status, title: title, detail: detail).ExecuteAsync(context);
}
