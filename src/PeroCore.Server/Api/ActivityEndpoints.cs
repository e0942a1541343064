using System.Globalization;
using PeroCore.Memory.Storage;

namespace PeroCore.Server.Api;

/// <summary>
/// Overviews the dashboard's history and timeline pages read: <c>GET /api/history/sessions</c> (the conversation
/// sessions with their analysis state) and <c>GET /api/timeline</c> (memories and messages per day).
/// </summary>
internal static class ActivityEndpoints
{
    /// <summary>Maps the endpoints.</summary>
    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/history/sessions", async (HttpRequest request, PeroStore store, CancellationToken ct) =>
            TypedResults.Ok(await new ActivityQueries(store.Database).ListSessionsAsync(Limit(request, 100), ct).ConfigureAwait(false)));

        routes.MapGet("/api/timeline", async (HttpRequest request, PeroStore store, CancellationToken ct) =>
            TypedResults.Ok(await new ActivityQueries(store.Database).ListDaysAsync(Limit(request, 60), ct).ConfigureAwait(false)));
    }

    private static int Limit(HttpRequest request, int defaultLimit)
    {
        var limit = defaultLimit;
        if (request.Query.TryGetValue("limit", out var l) && (!int.TryParse(l, NumberStyles.Integer, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > 1000))
        {
            throw new ArgumentException($"'limit' must be an integer between 1 and 1000 (got '{l}').");
        }

        return limit;
    }
}
