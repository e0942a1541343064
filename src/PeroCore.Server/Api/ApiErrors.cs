using PeroCore.Memory.Storage;

namespace PeroCore.Server.Api;

/// <summary>How exceptions that escape an endpoint map to HTTP status codes (the body is problem details).</summary>
public static class ApiErrors
{
    /// <summary>400 for bad input, 404 for missing rows, 409 for conflicts, 500 otherwise.</summary>
    public static int StatusFor(Exception exception) => exception switch
    {
        KeyNotFoundException => StatusCodes.Status404NotFound,
        StoreConflictException => StatusCodes.Status409Conflict,
        ArgumentException or FormatException or BadHttpRequestException => StatusCodes.Status400BadRequest,
        _ => StatusCodes.Status500InternalServerError,
    };
}
