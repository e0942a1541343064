using Microsoft.AspNetCore.Http.HttpResults;
using PeroCore.Memory.Storage;
using PeroCore.Server.Configuration;

namespace PeroCore.Server.Api;

/// <summary>PetState, scheduled tasks and maintenance records.</summary>
internal static class StateEndpoints
{
    /// <summary>Maps the endpoints.</summary>
    public static void Map(IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api");
        api.MapGet("/pet/state", async (PeroStore store, PeroCoreSettings settings, CancellationToken ct) =>
            TypedResults.Ok(await store.PetStates.GetOrCreateAsync(settings.PetStateDefaults, ct).ConfigureAwait(false)));

        api.MapGet("/tasks", async (PeroStore store, CancellationToken ct) =>
            TypedResults.Ok(await store.ScheduledTasks.ListPendingAsync(ct).ConfigureAwait(false)));

        api.MapDelete("/tasks/{id:long}", async Task<Results<Ok<StatusResponse>, ProblemHttpResult>> (long id, PeroStore store, CancellationToken ct) =>
            await store.ScheduledTasks.DeleteAsync(id, ct).ConfigureAwait(false)
                ? TypedResults.Ok(new StatusResponse("success"))
                : ApiProblems.NotFound($"Task {id} does not exist."));

        api.MapGet("/maintenance/records", async (PeroStore store, CancellationToken ct) =>
            TypedResults.Ok((await store.Maintenance.ListRecentAsync(10, ct).ConfigureAwait(false)).Select(MaintenanceRecordJson.From)));
    }
}
