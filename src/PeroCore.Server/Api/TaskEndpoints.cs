using Microsoft.AspNetCore.Http.HttpResults;
using PeroCore.Agent.Chat;

namespace PeroCore.Server.Api;

/// <summary>
/// Control of running chat requests: <c>POST /api/task/{session}/pause|resume|inject</c> and
/// <c>GET /api/task/{session}/status</c>. Each applies to every request running in the session; 404 when none runs.
/// The bodies are the original's (<c>{"status":"success","message":"Task paused"}</c>); ours (<c>state</c>,
/// <c>session_id</c>, <c>changed</c>, <c>tasks</c>) stand beside them.
/// </summary>
internal static class TaskEndpoints
{
    /// <summary>Maps the endpoints.</summary>
    public static void Map(IEndpointRouteBuilder routes)
    {
        var task = routes.MapGroup("/api/task/{session}");
        task.MapGet("/status", (string session, ChatTaskRegistry tasks) =>
        {
            var running = tasks.ForSession(session);
            var status = running.Count == 0 ? "idle" : running.Any(t => !t.IsPaused) ? "running" : "paused";
            return TypedResults.Ok(new TaskStatusResponse(session, status, running.Select(Describe)));
        });

        task.MapPost("/pause", Results<Ok<TaskControlResponse>, ProblemHttpResult> (string session, ChatTaskRegistry tasks) =>
        {
            var running = tasks.ForSession(session);
            return running.Count == 0
                ? NoneRunning(session)
                : TypedResults.Ok(new TaskControlResponse("success", "Task paused", "paused", session, running.Count(t => t.Pause()), running.Select(Describe)));
        });

        task.MapPost("/resume", Results<Ok<TaskControlResponse>, ProblemHttpResult> (string session, ChatTaskRegistry tasks) =>
        {
            var running = tasks.ForSession(session);
            return running.Count == 0
                ? NoneRunning(session)
                : TypedResults.Ok(new TaskControlResponse("success", "Task resumed", "running", session, running.Count(t => t.Resume()), running.Select(Describe)));
        });

        task.MapPost("/inject", async Task<Results<Ok<TaskInjectResponse>, ProblemHttpResult>> (string session, HttpRequest request, ChatTaskRegistry tasks, CancellationToken ct) =>
        {
            var body = await JsonBody.ReadObjectAsync(request, ct).ConfigureAwait(false);
            var instruction = JsonBody.String(body, "instruction", FieldLimits.ShortText) ?? JsonBody.String(body, "message", FieldLimits.ShortText) ??
                              JsonBody.String(body, "text", FieldLimits.ShortText);
            if (string.IsNullOrWhiteSpace(instruction))
            {
                // 400 as the original answered, and before the 404: a bad request is bad whether or not a chat runs.
                throw new ArgumentException("'instruction' is required and must be a non-empty string.");
            }

            var running = tasks.ForSession(session);
            if (running.Count == 0)
            {
                return NoneRunning(session);
            }

            foreach (var t in running)
            {
                t.Inject(instruction);
            }

            return TypedResults.Ok(new TaskInjectResponse("success", "Instruction injected", "injected", session, running.Select(Describe)));
        }).Accepts<InjectBody>("application/json");
    }

    private static ProblemHttpResult NoneRunning(string session) => ApiProblems.NotFound($"Task not found: no chat is running in session '{session}'.");

    private static ChatTaskJson Describe(ChatTaskControl t) => new(t.Id, t.Source, t.Status, t.Turn, t.PendingInstructions, t.StartedAt);
}
