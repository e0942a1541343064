using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using PeroCore.Memory;
using PeroCore.Memory.History;
using PeroCore.Memory.Storage;

namespace PeroCore.Server.Api;

/// <summary>
/// The history of a memory and what it allows (our extension, beside the original's keys): every change with its
/// before and after images, the revert of any change, archive and unarchive (<c>/api/memories/{id}/...</c>). The purge
/// is <c>DELETE /api/memories/{id}?purge=true</c> in <see cref="MemoryEndpoints"/>. Not to be confused with
/// <see cref="HistoryEndpoints"/>, the conversation history.
/// </summary>
internal static class MemoryHistoryEndpoints
{
    /// <summary>Maps the endpoints.</summary>
    public static void Map(IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/memories");

        group.MapGet("/{id:long}/history", async Task<Results<Ok<List<MemoryHistoryJson>>, ProblemHttpResult>> (long id, HttpRequest request, MemoryEngine engine, PeroStore store, CancellationToken ct) =>
        {
            var vectors = Flag(request, "vectors");
            var rows = await engine.GetHistoryAsync(id, ct).ConfigureAwait(false);
            if (rows.Count == 0 && await store.Memories.GetAsync(id, ct).ConfigureAwait(false) is null)
            {
                return ApiProblems.NotFound($"Memory {id} does not exist and has no history.");
            }

            return TypedResults.Ok(rows.Select(r => MemoryHistoryJson.From(r, vectors)).ToList());
        });

        group.MapPost("/{id:long}/revert/{history_id:long}", async Task<Results<Ok<MemoryRevertResponse>, ProblemHttpResult>> (long id, long history_id, MemoryEngine engine,
            PeroStore store, CancellationToken ct) =>
        {
            try
            {
                var row = await engine.RevertAsync(id, history_id, ChangeOrigin.Api, ct).ConfigureAwait(false);
                var memory = await store.Memories.GetAsync(id, ct).ConfigureAwait(false);
                return TypedResults.Ok(new MemoryRevertResponse("success", id, memory is null ? null : MemoryJson.From(memory), MemoryHistoryJson.From(row, vectors: false)));
            }
            catch (KeyNotFoundException ex)
            {
                return ApiProblems.NotFound(ex.Message);
            }
            catch (HistoryConflictException ex)
            {
                return Conflict(ex);
            }
        });

        group.MapPost("/{id:long}/archive", async Task<Results<Ok<MemoryJson>, ProblemHttpResult>> (long id, MemoryEngine engine, CancellationToken ct) =>
            await engine.ArchiveAsync(id, ChangeOrigin.Api, ct).ConfigureAwait(false) is { } memory
                ? TypedResults.Ok(MemoryJson.From(memory))
                : ApiProblems.NotFound($"Memory {id} does not exist."));

        group.MapPost("/{id:long}/unarchive", async Task<Results<Ok<MemoryJson>, ProblemHttpResult>> (long id, MemoryEngine engine, CancellationToken ct) =>
            await engine.UnarchiveAsync(id, ChangeOrigin.Api, ct).ConfigureAwait(false) is { } memory
                ? TypedResults.Ok(MemoryJson.From(memory))
                : ApiProblems.NotFound($"Memory {id} does not exist."));
    }

    /// <summary>A 409 problem that says why a revert or an undo was refused, with the conflicting change when there is one.</summary>
    public static ProblemHttpResult Conflict(HistoryConflictException ex)
    {
        ArgumentNullException.ThrowIfNull(ex);
        var extensions = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (ex.MemoryId is { } memory)
        {
            extensions["memory_id"] = memory;
        }

        if (ex.ConflictingHistoryId is { } historyId)
        {
            extensions["conflicting_history_id"] = historyId;
            extensions["conflicting_actor"] = ex.ConflictingActor;
            extensions["conflicting_run_id"] = ex.ConflictingRunId;
            extensions["conflicting_at"] = ex.ConflictingAt;
        }

        return TypedResults.Problem(detail: ex.Message, statusCode: StatusCodes.Status409Conflict, title: ApiErrors.TitleFor(StatusCodes.Status409Conflict), extensions: extensions);
    }

    /// <summary>A boolean query flag (<c>true</c>/<c>false</c>/<c>1</c>/<c>0</c>, absent = false).</summary>
    /// <exception cref="ArgumentException">Another value, naming the parameter.</exception>
    public static bool Flag(HttpRequest request, string name)
    {
        ArgumentNullException.ThrowIfNull(request);
        var raw = request.Query[name].ToString();
        return raw.ToLowerInvariant() switch
        {
            "" or "false" or "0" => false,
            "true" or "1" => true,
            _ => throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"'{name}' must be true or false (got '{raw}').")),
        };
    }
}
