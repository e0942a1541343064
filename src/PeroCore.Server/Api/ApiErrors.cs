using PeroCore.Memory.Storage;

namespace PeroCore.Server.Api;

/// <summary>How exceptions map to HTTP status codes and messages (the body is problem details).</summary>
internal static class ApiErrors
{
    /// <summary>
    /// 400 for bad input, 413 for a body over the limit, 422 for a malformed body, 404 for missing rows, 409 for
    /// conflicts, 503 when the database is damaged, 500 otherwise.
    /// </summary>
    public static int StatusFor(Exception exception) => exception switch
    {
        BadHttpRequestException { StatusCode: >= 400 and < 500 } bad => bad.StatusCode,
        DatabaseCorruptException => StatusCodes.Status503ServiceUnavailable,
        Microsoft.Data.Sqlite.SqliteException s when DatabaseCorruptException.IsDamage(s) => StatusCodes.Status503ServiceUnavailable,
        KeyNotFoundException => StatusCodes.Status404NotFound,
        RequestValidationException => StatusCodes.Status422UnprocessableEntity,
        StoreConflictException => StatusCodes.Status409Conflict,
        PeroCore.Memory.History.HistoryConflictException => StatusCodes.Status409Conflict,
        ArgumentException or FormatException or BadHttpRequestException or System.Text.Json.JsonException => StatusCodes.Status400BadRequest,
        _ => StatusCodes.Status500InternalServerError,
    };

    /// <summary>A short title for a status code.</summary>
    public static string TitleFor(int status) => status switch
    {
        400 => "Bad request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not found",
        413 => "Request body too large",
        415 => "Unsupported media type",
        409 => "Conflict",
        422 => "Invalid request body",
        501 => "Not implemented",
        503 => "Service unavailable",
        _ => "Server error",
    };

    /// <summary>The message to show a client: the exception's, without the "(Parameter 'x')" suffix.</summary>
    public static string MessageOf(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception is ArgumentException { ParamName: { } p } a
            ? a.Message.Replace($" (Parameter '{p}')", string.Empty, StringComparison.Ordinal)
            : exception.Message;
    }
}
