using System.Text.Json;
using System.Text.Json.Nodes;

namespace PeroCore.Server.Api;

/// <summary>The body of <c>POST /api/events/read</c>: <c>{"up_to": id}</c> or <c>{"ids": [id, …]}</c> (one of them).</summary>
internal sealed record EventReadRequest(long? UpTo, IReadOnlyList<long> Ids)
{
    /// <summary>The most ids one request may name.</summary>
    public const int MaxIds = 1_000;

    private static readonly string[] Fields = ["up_to", "ids"];

    /// <summary>Reads and checks the body (minimal APIs call this to bind the parameter).</summary>
    public static async ValueTask<EventReadRequest> BindAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var body = await JsonBody.ReadObjectAsync(context.Request, context.RequestAborted).ConfigureAwait(false);
        JsonBody.RejectUnknown(body, Fields);
        var upTo = body["up_to"] is { } u ? Id(u, "up_to") : (long?)null;
        List<long>? ids = null;
        if (body["ids"] is { } node)
        {
            if (node is not JsonArray array)
            {
                throw new RequestValidationException("'ids' must be an array of event ids.");
            }

            if (array.Count > MaxIds)
            {
                throw new RequestValidationException($"'ids' holds {array.Count} ids; the limit is {MaxIds}.");
            }

            ids = [.. array.Select((n, i) => Id(n, $"ids[{i}]"))];
        }

        return (upTo, ids) switch
        {
            (null, null) => throw new RequestValidationException("Send 'up_to' (an event id: marks it and every earlier event read) or 'ids' (an array of event ids)."),
            ({ }, { }) => throw new RequestValidationException("Send either 'up_to' or 'ids', not both."),
            _ => new EventReadRequest(upTo, ids ?? []),
        };
    }

    /// <summary>An event id: a non-negative integer.</summary>
    private static long Id(JsonNode? node, string path) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<long>(out var id) && id >= 0
            ? id
            : node is JsonValue d && d.GetValueKind() == JsonValueKind.Number && d.TryGetValue<decimal>(out var m) && m == decimal.Truncate(m) && m >= 0 && m <= long.MaxValue
                ? (long)m
                : throw new RequestValidationException($"'{path}' must be an event id (a non-negative integer).");
}
