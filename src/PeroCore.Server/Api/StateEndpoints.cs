using PeroCore.Memory.Storage;
using PeroCore.Server.Configuration;

namespace PeroCore.Server.Api;

/// <summary>PetState and maintenance records (scheduled tasks: <see cref="SchedulerEndpoints"/>).</summary>
internal static class StateEndpoints
{
    /// <summary>Maps the endpoints.</summary>
    public static void Map(IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api");
        api.MapGet("/pet/state", async (PeroStore store, PeroCoreSettings settings, CancellationToken ct) =>
            TypedResults.Ok(await store.PetStates.GetOrCreateAsync(settings.PetStateDefaults, ct).ConfigureAwait(false)));

        api.MapGet("/maintenance/records", async (PeroStore store, CancellationToken ct) =>
            TypedResults.Ok((await store.Maintenance.ListRecentAsync(10, ct).ConfigureAwait(false)).Select(MaintenanceRecordJson.From)));
    }
}
