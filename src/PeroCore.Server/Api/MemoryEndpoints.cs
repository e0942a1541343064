using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using System.Text.Json;
using System.Text.Json.Nodes;
using PeroCore.Memory;
using PeroCore.Memory.History;
using PeroCore.Memory.Ingestion;
using PeroCore.Memory.Recall;
using PeroCore.Memory.Storage;

namespace PeroCore.Server.Api;

/// <summary>Memories: list, read, add, edit, delete, search, relations, tag cloud and graph (<c>/api/memories</c>).</summary>
internal static class MemoryEndpoints
{
    /// <summary>Maps the endpoints.</summary>
    public static void Map(IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/memories");
        // The original's list (limit, offset, query: a content substring) takes the same filters as /list, so a filter
        // given here is applied, never silently ignored.
        FilterDocs(group.MapGet(string.Empty, async (HttpRequest request, PeroStore store, CancellationToken ct) =>
        {
            var (limit, offset) = Paging(request, 20);
            var filters = MemoryFilters.Parse(request);
            var query = filters.ToListQuery(limit, offset, MemoryFilters.Cursor(request, offset)) with
            {
                ContentContains = request.Query["query"].ToString() is { Length: > 0 } q ? q : null,
            };
            var rows = await store.Memories.ListAsync(query, ct).ConfigureAwait(false);
            return TypedResults.Ok(rows.Select(MemoryJson.From));
        }), ("query", "Only memories whose content contains this text."), ("before", "Keyset paging: TIMESTAMP:ID of the last memory of the previous page (its timestamp in epoch ms and its id)."));

        // The original's list (limit, offset, date_start, date_end, tags) with our filters beside it: type, archived, and
        // the keyset cursor before=TIMESTAMP:ID whose cost does not grow with the page's depth (offset's does).
        FilterDocs(group.MapGet("/list", async (HttpRequest request, PeroStore store, CancellationToken ct) =>
        {
            var (limit, offset) = Paging(request, 50);
            var filters = MemoryFilters.Parse(request);
            var rows = await store.Memories.ListAsync(filters.ToListQuery(limit, offset, MemoryFilters.Cursor(request, offset)), ct).ConfigureAwait(false);
            return TypedResults.Ok(rows.Select(MemoryJson.From));
        }), ("before", "Keyset paging: TIMESTAMP:ID of the last memory of the previous page (its timestamp in epoch ms and its id)."));

        group.MapPost(string.Empty, async (MemoryDraft draft, MemoryEngine engine, CancellationToken ct) =>
            TypedResults.Ok(MemoryJson.From(await engine.AddAsync(draft.Memory, ChangeOrigin.Api, ct).ConfigureAwait(false)))).Accepts<MemoryBody>("application/json");

        group.MapGet("/{id:long}", async Task<Results<Ok<MemoryJson>, ProblemHttpResult>> (long id, PeroStore store, CancellationToken ct) =>
            await store.Memories.GetAsync(id, ct).ConfigureAwait(false) is { } memory
                ? TypedResults.Ok(MemoryJson.From(memory))
                : ApiProblems.NotFound($"Memory {id} does not exist."));

        // One consistent step in the engine: SQL (row, full text, change log, link queue) in one transaction, then the
        // vector index and the graph; a content change re-embeds and re-links.
        group.MapPatch("/{id:long}", async Task<Results<Ok<MemoryJson>, ProblemHttpResult>> (long id, MemoryPatch patch, MemoryEngine engine, CancellationToken ct) =>
            await engine.UpdateAsync(id, patch.Edit, ChangeOrigin.Api, ct).ConfigureAwait(false) is { } updated
                ? TypedResults.Ok(MemoryJson.From(updated))
                : ApiProblems.NotFound($"Memory {id} does not exist.")).Accepts<MemoryPatchBody>("application/json");

        // ?purge=true erases the memory and every trace of it in history, for good (privacy); without it the delete keeps
        // the before-image in history, so it can be reverted.
        group.MapDelete("/{id:long}", async Task<Results<Ok<DeletedMemoryResponse>, Ok<MemoryPurgeResponse>, ProblemHttpResult>> (long id, HttpRequest request, MemoryEngine engine,
            CancellationToken ct) =>
        {
            if (MemoryHistoryEndpoints.Flag(request, "purge"))
            {
                var report = await engine.PurgeAsync(id, ct).ConfigureAwait(false);
                return report.MemoryDeleted || report.HistoryRowsDeleted > 0 || report.HistoryRowsRewritten > 0
                    ? TypedResults.Ok(new MemoryPurgeResponse("success", id, true, report.MemoryDeleted, report.HistoryRowsDeleted, report.HistoryRowsRewritten))
                    : ApiProblems.NotFound($"Memory {id} does not exist and has no history.");
            }

            return await engine.DeleteAsync(id, ChangeOrigin.Api, ct).ConfigureAwait(false)
                ? TypedResults.Ok(new DeletedMemoryResponse("success", id))
                : ApiProblems.NotFound($"Memory {id} does not exist.");
        });

        group.MapDelete("/by_timestamp/{msgTimestamp}", async (string msgTimestamp, PeroStore store, MemoryEngine engine, CancellationToken ct) =>
        {
            var ids = await store.Memories.ListIdsByMessageAsync(msgTimestamp, ct).ConfigureAwait(false);
            foreach (var id in ids)
            {
                await engine.DeleteAsync(id, ChangeOrigin.Api, ct).ConfigureAwait(false);
            }

            return TypedResults.Ok(new DeletedCountResponse("success", ids.Count));
        });

        FilterDocs(group.MapGet("/search", async (HttpRequest request, HttpResponse response, MemoryEngine engine, CancellationToken ct) =>
        {
            var (query, limit, filters) = SearchArguments(request);
            var recall = await engine.RecallAsync(Recall(engine, query, limit, filters), ct).ConfigureAwait(false);
            // Where the time went, for browser developer tools and load tests (W3C Server Timing).
            response.Headers["Server-Timing"] = string.Create(CultureInfo.InvariantCulture,
                $"embed;dur={recall.EmbeddingElapsed.TotalMilliseconds:F3}, recall;dur={recall.Elapsed.TotalMilliseconds:F3}");
            return TypedResults.Ok(Accepted(recall, filters, limit).Select(m => new SearchHitJson(MemoryJson.From(m.Memory), m.Score, m.IsCandidate, m.Previous, m.Next)));
        }));

        // The activation of a recall, for the graph: which memories were candidates (vector or full-text hits) and which
        // were reached only by spreading, with their energy, and the graph between them (the original's node and edge
        // shapes), so a client can highlight them and draw the ones it has not loaded.
        FilterDocs(group.MapGet("/activation", async (HttpRequest request, MemoryEngine engine, CancellationToken ct) =>
        {
            var (query, limit, filters) = SearchArguments(request);
            var result = await engine.RecallAsync(Recall(engine, query, limit, filters), ct).ConfigureAwait(false);
            var memories = Accepted(result, filters, limit);
            var relations = new List<MemoryRelationRecord>();
            foreach (var m in memories)
            {
                relations.AddRange(await engine.RelationsOfAsync(m.Memory.Id, ct).ConfigureAwait(false));
            }

            var graph = MemoryGraphJson.Build(memories.Select(m => m.Memory).ToList(), relations);
            return TypedResults.Ok(new ActivationResponse(query, result.VectorHits, result.LexicalHits, result.Activated,
                memories.Select(m => new ActivatedMemoryJson(m.Memory.Id, m.IsCandidate, m.Score.Activation, m.Score.Semantic, m.Score.Lexical, m.Score.Final)).ToList(),
                graph.Nodes, graph.Edges));
        }));

        group.MapGet("/tags", async (PeroStore store, CancellationToken ct) =>
        {
            var result = new JsonObject();
            foreach (var (tag, count) in await store.Memories.CountTagsAsync(ct).ConfigureAwait(false))
            {
                result[tag] = count;
            }

            return TypedResults.Ok(result);
        });

        group.MapGet("/{id:long}/relations", async (long id, MemoryEngine engine, CancellationToken ct) =>
            TypedResults.Ok(await engine.RelationsOfAsync(id, ct).ConfigureAwait(false)));

        group.MapPost("/relations", async (RelationDraft draft, MemoryEngine engine, CancellationToken ct) =>
            TypedResults.Ok(await engine.RelateAsync(draft.SourceId, draft.TargetId, draft.RelationType, draft.Strength, draft.Description, ChangeOrigin.Api, ct).ConfigureAwait(false))).Accepts<RelationBody>("application/json");

        group.MapDelete("/relations/{id:long}", async Task<Results<Ok<StatusResponse>, ProblemHttpResult>> (long id, MemoryEngine engine, CancellationToken ct) =>
            await engine.UnrelateAsync(id, ChangeOrigin.Api, ct).ConfigureAwait(false)
                ? TypedResults.Ok(new StatusResponse("success"))
                : ApiProblems.NotFound($"Relation {id} does not exist."));

        group.MapGet("/graph", async (HttpRequest request, PeroStore store, CancellationToken ct) =>
        {
            var (limit, _) = Paging(request, 100);
            var memories = await store.Memories.ListAsync(new MemoryListQuery { Limit = limit }, ct).ConfigureAwait(false);
            return TypedResults.Ok(MemoryGraphJson.Build(memories, await store.Relations.ListAllAsync(ct).ConfigureAwait(false)));
        });
    }

    private static RouteHandlerBuilder FilterDocs(RouteHandlerBuilder builder, params (string Name, string Description)[] extra) =>
        MemoryFilters.Document(builder, extra);

    private static (string Query, int Limit, MemoryFilters Filters) SearchArguments(HttpRequest request)
    {
        var query = request.Query["q"].ToString();
        if (string.IsNullOrWhiteSpace(query))
        {
            throw new ArgumentException("'q' is required: the text to recall memories for.");
        }

        var (limit, _) = Paging(request, 10);
        return (query, limit, MemoryFilters.Parse(request));
    }

    private static RecallRequest Recall(MemoryEngine engine, string query, int limit, MemoryFilters filters) => new()
    {
        Query = query,
        // Filters the recall cannot apply itself (every tag, archived only) are applied to its results: ask for more.
        Options = engine.Options.Recall with { Limit = filters.NarrowsSearch ? Math.Min(1000, limit * 4) : limit },
        Filter = filters.ToRecallFilter(),
    };

    /// <summary>The recalled memories the filters accept (those the recall could not apply itself), best first, at most <paramref name="limit"/>.</summary>
    private static List<RecalledMemory> Accepted(RecallResult result, MemoryFilters filters, int limit) =>
        [.. result.Memories.Where(m => filters.Accepts(m.Memory)).Take(limit)];

    private static (int Limit, int Offset) Paging(HttpRequest request, int defaultLimit)
    {
        var limit = defaultLimit;
        if (request.Query.TryGetValue("limit", out var l) && (!int.TryParse(l, NumberStyles.Integer, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > 1000))
        {
            throw new ArgumentException($"'limit' must be an integer between 1 and 1000 (got '{l}').");
        }

        var offset = 0;
        if (request.Query.TryGetValue("offset", out var o) && (!int.TryParse(o, NumberStyles.Integer, CultureInfo.InvariantCulture, out offset) || offset < 0))
        {
            throw new ArgumentException($"'offset' must be a non-negative integer (got '{o}').");
        }

        return (limit, offset);
    }
}
