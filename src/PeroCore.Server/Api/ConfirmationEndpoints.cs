using Microsoft.AspNetCore.Http.HttpResults;
using PeroCore.Agent.Confirmations;

namespace PeroCore.Server.Api;

/// <summary>
/// Confirmations a tool waits for (the terminal tool's commands): <c>GET /api/confirmations</c> lists the pending ones,
/// <c>POST /api/confirmations/{id}</c> with <c>{"approved": true|false}</c> answers one (404 unknown, 409 already answered
/// or expired).
/// </summary>
internal static class ConfirmationEndpoints
{
    /// <summary>Maps the endpoints.</summary>
    public static void Map(IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/confirmations");
        group.MapGet(string.Empty, (ConfirmationBroker broker) => TypedResults.Ok(broker.Pending));
        group.MapPost("/{id}", async Task<Results<Ok<ConfirmationResponse>, ProblemHttpResult>> (string id, HttpRequest request, ConfirmationBroker broker, CancellationToken ct) =>
        {
            var body = await JsonBody.ReadObjectAsync(request, ct).ConfigureAwait(false);
            JsonBody.RejectUnknown(body, ["approved"]);
            var approved = JsonBody.Boolean(body, "approved") ?? throw new RequestValidationException("'approved' is required (true or false).");
            return broker.Answer(id, approved) switch
            {
                ConfirmationAnswer.Accepted => TypedResults.Ok(new ConfirmationResponse("success", id, approved)),
                ConfirmationAnswer.AlreadyDecided => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Already decided",
                    detail: $"Confirmation {id} was already answered or has expired."),
                _ => ApiProblems.NotFound($"Confirmation {id} does not exist."),
            };
        }).Accepts<ConfirmationBody>("application/json");
    }
}
