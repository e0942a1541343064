using System.ComponentModel;

namespace PeroCore.Server.Api;

// The shapes of the /api/tasks bodies as the OpenAPI document shows them (the endpoints read the bodies with JsonBody).

/// <summary>The body of <c>POST /api/tasks</c>.</summary>
internal sealed record TaskBody(
    [property: Description("\"reminder\" or \"topic\".")] string Type,
    [property: Description("ISO-8601 (with an offset, or without: the user's time zone), \"YYYY-MM-DD HH:MM:SS\", or a phrase such as \"in 10 minutes\", " +
                           "\"tomorrow 9:00\", \"明天早上九点\". Optional for a topic (due now). Ambiguous or past times are refused.")] string? Time,
    [property: Description("What to remind of or talk about; at most 2,000 characters.")] string Content);

/// <summary>The body of <c>PATCH /api/tasks/{id}</c>: at least one field.</summary>
internal sealed record TaskPatchBody(
    [property: Description("\"reminder\" or \"topic\".")] string? Type,
    [property: Description("A new time, in the forms POST accepts.")] string? Time,
    [property: Description("New content.")] string? Content);

/// <summary>
/// A scheduled task as the API shows it: the original's <c>id, type, time, content, is_triggered, created_at</c> (times
/// ISO-8601 with the offset of the user's time zone), then the delivery state.
/// </summary>
internal sealed record TaskJson(
    long Id,
    string Type,
    string Time,
    string Content,
    bool IsTriggered,
    string CreatedAt,
    string Status,
    int Attempts,
    string? LastError,
    string? NextAttemptAt,
    string? DeliveredAt,
    string? DeliveredVia,
    bool Late,
    string TimeZone);

/// <summary><c>POST /api/tasks/check</c>: the instructions of the tasks this poll took (the original's shape).</summary>
internal sealed record TaskCheckResponse(IReadOnlyList<string> Prompts);
