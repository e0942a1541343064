using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using PeroCore.Memory.Storage;

namespace PeroCore.Server.Api;

/// <summary>The conversation log: <c>/api/history</c>.</summary>
internal static class HistoryEndpoints
{
    /// <summary>Maps the endpoints.</summary>
    public static void Map(IEndpointRouteBuilder routes)
    {
        var history = routes.MapGroup("/api/history");
        history.MapGet("/{source}/{sessionId}", async (string source, string sessionId, HttpRequest request, PeroStore store, CancellationToken ct) =>
        {
            var query = request.Query;
            var limit = 50;
            if (query.TryGetValue("limit", out var l) && (!int.TryParse(l, NumberStyles.Integer, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > 1000))
            {
                throw new ArgumentException($"'limit' must be an integer between 1 and 1000 (got '{l}').");
            }

            var sort = query.TryGetValue("sort", out var s) ? s.ToString() : "asc";
            if (sort is not ("asc" or "desc"))
            {
                throw new ArgumentException($"'sort' must be 'asc' or 'desc' (got '{sort}').");
            }

            DateTimeOffset? from = null, until = null;
            if (query.TryGetValue("date", out var d) && !string.IsNullOrEmpty(d))
            {
                if (!DateOnly.TryParseExact(d, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
                {
                    throw new ArgumentException($"'date' must be a date like 2026-01-31 (got '{d}').");
                }

                (from, until) = LocalDay(day);
            }

            return TypedResults.Ok(await store.Logs.ListSessionAsync(source, sessionId, limit, from, until, sort == "desc", ct).ConfigureAwait(false));
        });

        history.MapPatch("/{id:long}", async Task<Results<Ok<ConversationLogEntry>, ProblemHttpResult>> (long id, HistoryEdit edit, PeroStore store, CancellationToken ct) =>
            await store.Logs.UpdateContentAsync(id, edit.Content, ct).ConfigureAwait(false) is { } updated
                ? TypedResults.Ok(updated)
                : ApiProblems.NotFound($"History entry {id} does not exist.")).Accepts<HistoryEditBody>("application/json");

        history.MapDelete("/{id:long}", async Task<Results<Ok<StatusResponse>, ProblemHttpResult>> (long id, PeroStore store, CancellationToken ct) =>
            await store.Logs.DeletePairOfAsync(id, ct).ConfigureAwait(false) > 0
                ? TypedResults.Ok(new StatusResponse("success"))
                : ApiProblems.NotFound($"History entry {id} does not exist."));
    }

    /// <summary>The UTC range of a calendar day in the server's time zone.</summary>
    private static (DateTimeOffset From, DateTimeOffset Until) LocalDay(DateOnly day)
    {
        var zone = TimeZoneInfo.Local;
        var start = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        var end = day.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        return (new DateTimeOffset(start, zone.GetUtcOffset(start)), new DateTimeOffset(end, zone.GetUtcOffset(end)));
    }
}

/// <summary>The body of <c>PATCH /api/history/{id}</c>: <c>{"content": "…"}</c>.</summary>
internal sealed record HistoryEdit(string Content)
{
    /// <summary>Reads and checks the body (minimal APIs call this to bind the parameter).</summary>
    public static async ValueTask<HistoryEdit> BindAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var body = await JsonBody.ReadObjectAsync(context.Request, context.RequestAborted).ConfigureAwait(false);
        return new HistoryEdit(JsonBody.String(body, "content", FieldLimits.Text) ?? throw new RequestValidationException("'content' is required and must be a string."));
    }
}
