using Microsoft.AspNetCore.Http.HttpResults;
using PeroCore.Agent.Secretary;
using PeroCore.Memory.Storage;

namespace PeroCore.Server.Api;

/// <summary>
/// The memory secretary's routes: the original's <c>POST /api/memory/secretary/run</c>, <c>POST /api/maintenance/run</c>
/// and <c>POST /api/maintenance/undo/{id}</c>, and ours: <c>GET /api/maintenance/records/{id}</c> (the run's changes) and
/// the <c>kind</c> query of the run routes (<c>maintenance</c>, <c>daily_summary</c>, <c>relation_analysis</c>).
/// One run at a time: a second request while one runs is a 409 naming the run in progress.
/// </summary>
internal static class MaintenanceEndpoints
{
    /// <summary>Maps the endpoints.</summary>
    public static void Map(IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api");
        api.MapPost("/maintenance/run", RunAsync);
        api.MapPost("/memory/secretary/run", RunAsync);
        api.MapGet("/maintenance/records/{id:long}", GetAsync);
        api.MapPost("/maintenance/undo/{id:long}", UndoAsync);
    }

    private static async Task<Results<Ok<SecretaryReport>, ProblemHttpResult>> RunAsync(string? kind, MemorySecretary secretary,
        IHostApplicationLifetime lifetime)
    {
        var job = string.IsNullOrWhiteSpace(kind) ? SecretaryJobs.Maintenance : kind.Trim();
        if (!SecretaryJobs.All.Contains(job, StringComparer.Ordinal))
        {
            throw new ArgumentException($"'kind' must be one of {string.Join(", ", SecretaryJobs.All)}; got '{job}'.");
        }

        try
        {
            // The run belongs to the host, not the request: a client that disconnects does not cut it short.
            return TypedResults.Ok(await secretary.RunAsync(job, "manual", lifetime.ApplicationStopping).ConfigureAwait(false));
        }
        catch (SecretaryBusyException ex)
        {
            return Busy(ex);
        }
    }

    private static async Task<Results<Ok<MaintenanceRecordDetailJson>, ProblemHttpResult>> GetAsync(long id, PeroStore store, ISecretaryChanges changes,
        CancellationToken ct)
    {
        var record = await store.Maintenance.GetAsync(id, ct).ConfigureAwait(false);
        if (record is null)
        {
            return ApiProblems.NotFound($"Maintenance record {id} does not exist.");
        }

        try
        {
            return TypedResults.Ok(MaintenanceRecordDetailJson.From(record, await changes.GetRunChangesAsync(id, ct).ConfigureAwait(false), null));
        }
        catch (NotSupportedException ex)
        {
            return TypedResults.Ok(MaintenanceRecordDetailJson.From(record, null, ex.Message));
        }
    }

    private static async Task<Results<Ok<MaintenanceUndoResponse>, ProblemHttpResult>> UndoAsync(long id, MemorySecretary secretary, CancellationToken ct)
    {
        try
        {
            return await secretary.UndoAsync(id, ct).ConfigureAwait(false)
                ? TypedResults.Ok(new MaintenanceUndoResponse("success", "Maintenance undone"))
                : ApiProblems.NotFound($"Maintenance record {id} does not exist.");
        }
        catch (SecretaryBusyException ex)
        {
            return Busy(ex);
        }
        catch (SecretaryUndoConflictException ex)
        {
            return TypedResults.Problem(detail: ex.Message, statusCode: StatusCodes.Status409Conflict, title: ApiErrors.TitleFor(StatusCodes.Status409Conflict),
                extensions: new Dictionary<string, object?> { ["record_id"] = id, ["conflicting_run_id"] = ex.ConflictingRunId });
        }
        catch (Exception ex) when (ex is InvalidOperationException or NotSupportedException)
        {
            // The original answers 400 when an undo fails.
            return TypedResults.Problem(detail: ex.Message, statusCode: StatusCodes.Status400BadRequest, title: ApiErrors.TitleFor(StatusCodes.Status400BadRequest),
                extensions: new Dictionary<string, object?> { ["record_id"] = id });
        }
    }

    private static ProblemHttpResult Busy(SecretaryBusyException ex) =>
        TypedResults.Problem(detail: ex.Message, statusCode: StatusCodes.Status409Conflict, title: ApiErrors.TitleFor(StatusCodes.Status409Conflict),
            extensions: new Dictionary<string, object?> { ["running_record_id"] = ex.RunningRecordId });
}
