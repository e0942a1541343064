using Microsoft.AspNetCore.Http.HttpResults;

namespace PeroCore.Server.Api;

/// <summary>Problem-details results the endpoints return (rather than throw) for expected outcomes.</summary>
internal static class ApiProblems
{
    /// <summary>404 with a detail naming what is missing.</summary>
    public static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(detail: detail, statusCode: StatusCodes.Status404NotFound, title: ApiErrors.TitleFor(StatusCodes.Status404NotFound));
}
