namespace PeroCore.Server.Api;

/// <summary>
/// API requests that carry a body must declare it as JSON. A web page can send a cross-site <c>text/plain</c> or
/// form POST without a CORS preflight, but not an <c>application/json</c> one, and PeroCore grants no CORS, so
/// this keeps pages the user visits from changing settings or starting chats (drive-by requests).
/// </summary>
public sealed class JsonOnlyMiddleware
{
    private readonly RequestDelegate _next;

    /// <summary>Creates the middleware.</summary>
    public JsonOnlyMiddleware(RequestDelegate next) => _next = next;

    /// <summary>Rejects an API body that is not JSON with 415, else calls the next middleware.</summary>
    public Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = context.Request;
        var hasBody = request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0;
        if (!hasBody || !request.Path.StartsWithSegments("/api", StringComparison.Ordinal) ||
            request.ContentType is { } type && type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return _next(context);
        }

        return Results.Problem(
            statusCode: StatusCodes.Status415UnsupportedMediaType,
            title: "JSON required",
            detail: $"Send the request body as JSON with 'Content-Type: application/json' (got '{request.ContentType ?? "none"}').").ExecuteAsync(context);
    }
}
