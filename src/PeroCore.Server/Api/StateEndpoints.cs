using PeroCore.Memory.Storage;
using PeroCore.Server.Configuration;

namespace PeroCore.Server.Api;

/// <summary>PetState, scheduled tasks and maintenance records.</summary>
public static class StateEndpoints
{
    /// <summary>Maps the endpoints.</summary>
    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/pet/state", async (PeroStore store, PeroCoreSettings settings, CancellationToken ct) =>
            Results.Json(await store.PetStates.GetOrCreateAsync(settings.PetStateDefaults, ct).ConfigureAwait(false)));

        routes.MapGet("/api/tasks", async (PeroStore store, CancellationToken ct) =>
            Results.Json(await store.ScheduledTasks.ListPendingAsync(ct).ConfigureAwait(false)));

        routes.MapDelete("/api/tasks/{id:long}", async (long id, PeroStore store, CancellationToken ct) =>
            await store.ScheduledTasks.DeleteAsync(id, ct).ConfigureAwait(false)
                ? Results.Json(new { status = "success" })
                : throw new KeyNotFoundException($"Task {id} does not exist."));

        routes.MapGet("/api/maintenance/records", async (PeroStore store, CancellationToken ct) =>
            Results.Json(await store.Maintenance.ListRecentAsync(10, ct).ConfigureAwait(false)));
    }
}
