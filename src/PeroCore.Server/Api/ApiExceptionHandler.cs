using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace PeroCore.Server.Api;

/// <summary>
/// Turns exceptions that escape an endpoint into problem-details responses. Client errors carry the
/// exception's message (which names the bad field); server errors are logged and get a generic text. Damage to
/// the database gives 503 with what to do, and marks the server unhealthy (<see cref="DatabaseHealth"/>).
/// </summary>
internal sealed partial class ApiExceptionHandler : IExceptionHandler
{
    private readonly IProblemDetailsService _problems;
    private readonly ILogger<ApiExceptionHandler> _logger;
    private readonly DatabaseHealth _health;

    /// <summary>Creates the handler.</summary>
    public ApiExceptionHandler(IProblemDetailsService problems, ILogger<ApiExceptionHandler> logger, DatabaseHealth health)
    {
        _problems = problems;
        _logger = logger;
        _health = health;
    }

    /// <inheritdoc />
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        ArgumentNullException.ThrowIfNull(exception);
        var status = ApiErrors.StatusFor(exception);
        var damage = status == StatusCodes.Status503ServiceUnavailable ? _health.Report(exception) : null;
        if (status >= 500)
        {
            LogUnhandled(_logger, httpContext.Request.Method, httpContext.Request.Path, exception);
        }

        httpContext.Response.StatusCode = status;
        return await _problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = new ProblemDetails
            {
                Status = status,
                Title = ApiErrors.TitleFor(status),
                Detail = damage is not null ? _health.Detail ?? damage.Message
                    : status >= 500 ? "The server failed to handle the request; the error is in its log."
                    : ApiErrors.MessageOf(exception),
            },
        }).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled error on {Method} {Path}")]
    private static partial void LogUnhandled(ILogger logger, string method, string path, Exception exception);
}
