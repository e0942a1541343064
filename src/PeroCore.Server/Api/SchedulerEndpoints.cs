using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using PeroCore.Agent.Prompts;
using PeroCore.Agent.Scheduling;
using PeroCore.Memory.Storage;

namespace PeroCore.Server.Api;

/// <summary>
/// Reminders and topics: <c>GET /api/tasks</c> (pending ones, as the original; <c>?all=true</c> for every state),
/// <c>POST /api/tasks</c>, <c>PATCH /api/tasks/{id}</c>, <c>DELETE /api/tasks/{id}</c> and the legacy poll
/// <c>POST /api/tasks/check</c>, which claims through the same column as the scheduler (a task is delivered once).
/// </summary>
internal static class SchedulerEndpoints
{
    private static readonly string[] Fields = ["type", "time", "content"];

    /// <summary>Maps the endpoints.</summary>
    public static void Map(IEndpointRouteBuilder routes)
    {
        var tasks = routes.MapGroup("/api/tasks");
        tasks.MapGet(string.Empty, async (ReminderScheduler scheduler, bool? all, CancellationToken ct) =>
        {
            var zone = await scheduler.GetTimeZoneAsync(ct).ConfigureAwait(false);
            var rows = all == true
                ? await scheduler.Store.ScheduledTasks.ListAsync(ct).ConfigureAwait(false)
                : await scheduler.Store.ScheduledTasks.ListPendingAsync(ct).ConfigureAwait(false);
            return TypedResults.Ok(rows.Select(r => ToJson(r, zone)).ToList());
        });

        tasks.MapPost(string.Empty, async Task<Created<TaskJson>> (HttpRequest request, ReminderScheduler scheduler, CancellationToken ct) =>
        {
            var body = await JsonBody.ReadObjectAsync(request, ct).ConfigureAwait(false);
            JsonBody.RejectUnknown(body, Fields);
            var type = JsonBody.String(body, "type", FieldLimits.Name) ?? throw new RequestValidationException("'type' is required: \"reminder\" or \"topic\".");
            var time = JsonBody.String(body, "time", FieldLimits.Name);
            var content = JsonBody.String(body, "content") ?? throw new RequestValidationException("'content' is required and must be a non-empty string.");
            if (type == "reaction")
            {
                throw new ArgumentException("'type' must be \"reminder\" or \"topic\".");
            }

            if (type == "reminder" && time is null)
            {
                throw new RequestValidationException("'time' is required for a reminder.");
            }

            var result = await scheduler.AddAsync(type, time, content, PromptLanguage.English, ct).ConfigureAwait(false);
            var row = Accepted(result);
            return TypedResults.Created($"/api/tasks/{row.Id}", ToJson(row, result.Zone!));
        }).Accepts<TaskBody>("application/json");

        tasks.MapPatch("/{id:long}", async Task<Results<Ok<TaskJson>, ProblemHttpResult>> (long id, HttpRequest request, ReminderScheduler scheduler, CancellationToken ct) =>
        {
            var body = await JsonBody.ReadObjectAsync(request, ct).ConfigureAwait(false);
            JsonBody.RejectUnknown(body, Fields);
            var type = JsonBody.String(body, "type", FieldLimits.Name);
            var time = JsonBody.String(body, "time", FieldLimits.Name);
            var content = JsonBody.String(body, "content");
            if (type is null && time is null && content is null)
            {
                throw new RequestValidationException("Give at least one of 'type', 'time' or 'content'.");
            }

            if (type == "reaction")
            {
                throw new ArgumentException("'type' must be \"reminder\" or \"topic\".");
            }

            var result = await scheduler.UpdateAsync(id, type, time, content, PromptLanguage.English, ct).ConfigureAwait(false);
            if (result.NotFound)
            {
                return ApiProblems.NotFound($"Task {id} does not exist.");
            }

            if (result.Conflict)
            {
                throw new StoreConflictException(result.Error!);
            }

            return TypedResults.Ok(ToJson(Accepted(result), result.Zone!));
        }).Accepts<TaskPatchBody>("application/json");

        tasks.MapDelete("/{id:long}", async Task<Results<Ok<StatusResponse>, ProblemHttpResult>> (long id, PeroStore store, CancellationToken ct) =>
            await store.ScheduledTasks.DeleteAsync(id, ct).ConfigureAwait(false)
                ? TypedResults.Ok(new StatusResponse("success"))
                : ApiProblems.NotFound($"Task {id} does not exist."));

        tasks.MapPost("/check", async Task<Results<Ok<TaskCheckResponse>, ProblemHttpResult>> (HttpRequest request, ReminderScheduler scheduler, CancellationToken ct) =>
        {
            // The original's poll sends no body; an empty object is tolerated, anything else is refused.
            if (request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0)
            {
                var body = await JsonBody.ReadObjectAsync(request, ct).ConfigureAwait(false);
                if (body.Count > 0)
                {
                    return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "No body expected",
                        detail: "POST /api/tasks/check takes no body: it takes the due tasks and returns their instructions.");
                }
            }

            return TypedResults.Ok(new TaskCheckResponse(await scheduler.PollAsync(ct).ConfigureAwait(false)));
        });
    }

    private static ScheduledTaskRecord Accepted(TaskAddResult result) =>
        result.Task ?? throw new ArgumentException(result.Error ?? $"'{result.Field}' was refused.");

    private static TaskJson ToJson(ScheduledTaskRecord r, TimeZoneInfo zone) => new(
        r.Id, r.Type, ReminderScheduler.Show(r.Time, zone), r.Content, r.IsTriggered, ReminderScheduler.Show(r.CreatedAt, zone), r.Status, r.Attempts, r.LastError,
        r.NotBefore is { } n && r.Status == ScheduledTaskStatus.Pending ? ReminderScheduler.Show(n, zone) : null,
        r.DeliveredAt is { } d ? ReminderScheduler.Show(d, zone) : null, r.DeliveredVia, r.Late, zone.Id);
}
