using PeroCore.Agent.Chat;

namespace PeroCore.Server.Api;

/// <summary>
/// Control of running chat requests: <c>POST /api/task/{session}/pause|resume|inject</c> and
/// <c>GET /api/task/{session}/status</c>. Each applies to every request running in the session; 404 when none runs.
/// </summary>
public static class TaskEndpoints
{
    /// <summary>Maps the endpoints.</summary>
    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/task/{session}/status", (string session, ChatTaskRegistry tasks) =>
        {
            var running = tasks.ForSession(session);
            return Results.Json(new
            {
                session_id = session,
                status = running.Count == 0 ? "idle" : running.Any(t => !t.IsPaused) ? "running" : "paused",
                tasks = running.Select(Describe),
            });
        });

        routes.MapPost("/api/task/{session}/pause", (string session, ChatTaskRegistry tasks) =>
        {
            var running = Running(tasks, session);
            var changed = running.Count(t => t.Pause());
            return Results.Json(new { status = "paused", session_id = session, changed, tasks = running.Select(Describe) });
        });

        routes.MapPost("/api/task/{session}/resume", (string session, ChatTaskRegistry tasks) =>
        {
            var running = Running(tasks, session);
            var changed = running.Count(t => t.Resume());
            return Results.Json(new { status = "running", session_id = session, changed, tasks = running.Select(Describe) });
        });

        routes.MapPost("/api/task/{session}/inject", async (string session, HttpRequest request, ChatTaskRegistry tasks, CancellationToken ct) =>
        {
            var body = await JsonBody.ReadObjectAsync(request, ct).ConfigureAwait(false);
            var instruction = JsonBody.String(body, "instruction", FieldLimits.ShortText) ?? JsonBody.String(body, "message", FieldLimits.ShortText) ??
                              JsonBody.String(body, "text", FieldLimits.ShortText);
            if (string.IsNullOrWhiteSpace(instruction))
            {
                throw new RequestValidationException("'instruction' is required and must be a non-empty string.");
            }

            var running = Running(tasks, session);
            foreach (var task in running)
            {
                task.Inject(instruction);
            }

            return Results.Json(new { status = "injected", session_id = session, tasks = running.Select(Describe) });
        });
    }

    private static IReadOnlyList<ChatTaskControl> Running(ChatTaskRegistry tasks, string session)
    {
        var running = tasks.ForSession(session);
        return running.Count > 0 ? running : throw new KeyNotFoundException($"No chat is running in session '{session}'.");
    }

    private static object Describe(ChatTaskControl t) => new
    {
        id = t.Id,
        source = t.Source,
        status = t.Status,
        turn = t.Turn,
        pending_instructions = t.PendingInstructions,
        started_at = t.StartedAt,
    };
}
