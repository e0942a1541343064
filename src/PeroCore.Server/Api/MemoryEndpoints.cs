using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using PeroCore.Memory;
using PeroCore.Memory.Ingestion;
using PeroCore.Memory.Recall;
using PeroCore.Memory.Storage;

namespace PeroCore.Server.Api;

/// <summary>Memories: list, add, delete, search, relations, tag cloud and graph (<c>/api/memories</c>).</summary>
public static class MemoryEndpoints
{
    private static readonly string[] AddFields = ["content", "tags", "importance", "msgTimestamp", "source", "type", "sentiment", "clusters"];
    private static readonly string[] RelationFields = ["source_id", "target_id", "relation_type", "strength", "description"];

    /// <summary>Maps the endpoints.</summary>
    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/memories", async (HttpRequest request, PeroStore store, CancellationToken ct) =>
        {
            var (limit, offset) = Paging(request, 20);
            var rows = await store.Memories.ListAsync(new MemoryListQuery { Limit = limit, Offset = offset, ContentContains = request.Query["query"].ToString() is { Length: > 0 } q ? q : null }, ct).ConfigureAwait(false);
            return Results.Json(rows.Select(MemoryJson.From));
        });

        routes.MapGet("/api/memories/list", async (HttpRequest request, PeroStore store, CancellationToken ct) =>
        {
            var (limit, offset) = Paging(request, 50);
            var rows = await store.Memories.ListAsync(new MemoryListQuery
            {
                Limit = limit,
                Offset = offset,
                From = Day(request, "date_start"),
                Until = Day(request, "date_end")?.AddDays(1),
                Tags = TagList.Parse(request.Query["tags"].ToString()),
            }, ct).ConfigureAwait(false);
            return Results.Json(rows.Select(MemoryJson.From));
        });

        routes.MapPost("/api/memories", async (HttpRequest request, MemoryEngine engine, CancellationToken ct) =>
        {
            var body = await JsonBody.ReadObjectAsync(request, ct).ConfigureAwait(false);
            JsonBody.RejectUnknown(body, AddFields);
            var memory = await engine.AddAsync(new NewMemory
            {
                Content = JsonBody.RequiredString(body, "content", FieldLimits.MemoryContent),
                Tags = Tags(body),
                Importance = JsonBody.Integer(body, "importance") ?? 1,
                MsgTimestamp = JsonBody.String(body, "msgTimestamp", FieldLimits.Name),
                Source = JsonBody.String(body, "source", FieldLimits.Name) ?? "desktop",
                Type = JsonBody.String(body, "type", FieldLimits.Name) ?? "event",
                Sentiment = JsonBody.String(body, "sentiment", FieldLimits.Name) ?? "neutral",
                Clusters = JsonBody.String(body, "clusters", FieldLimits.ShortText),
            }, ct).ConfigureAwait(false);
            return Results.Json(MemoryJson.From(memory));
        });

        routes.MapDelete("/api/memories/{id:long}", async (long id, MemoryEngine engine, CancellationToken ct) =>
            await engine.DeleteAsync(id, ct).ConfigureAwait(false)
                ? Results.Json(new { status = "success", id })
                : throw new KeyNotFoundException($"Memory {id} does not exist."));

        routes.MapDelete("/api/memories/by_timestamp/{msgTimestamp}", async (string msgTimestamp, PeroStore store, MemoryEngine engine, CancellationToken ct) =>
        {
            var ids = await store.Memories.ListIdsByMessageAsync(msgTimestamp, ct).ConfigureAwait(false);
            foreach (var id in ids)
            {
                await engine.DeleteAsync(id, ct).ConfigureAwait(false);
            }

            return Results.Json(new { status = "success", deleted = ids.Count });
        });

        routes.MapGet("/api/memories/search", async (HttpRequest request, MemoryEngine engine, CancellationToken ct) =>
        {
            var query = request.Query["q"].ToString();
            if (string.IsNullOrWhiteSpace(query))
            {
                throw new ArgumentException("'q' is required: the text to recall memories for.");
            }

            var (limit, _) = Paging(request, 10);
            var result = await engine.RecallAsync(new RecallRequest { Query = query, Options = engine.Options.Recall with { Limit = limit } }, ct).ConfigureAwait(false);
            return Results.Json(result.Memories.Select(m => new
            {
                memory = MemoryJson.From(m.Memory),
                score = m.Score,
                is_candidate = m.IsCandidate,
                previous = m.Previous,
                next = m.Next,
            }));
        });

        routes.MapGet("/api/memories/tags", async (PeroStore store, CancellationToken ct) =>
        {
            var result = new JsonObject();
            foreach (var (tag, count) in await store.Memories.CountTagsAsync(ct).ConfigureAwait(false))
            {
                result[tag] = count;
            }

            return Results.Json(result);
        });

        routes.MapGet("/api/memories/{id:long}/relations", async (long id, MemoryEngine engine, CancellationToken ct) =>
            Results.Json(await engine.RelationsOfAsync(id, ct).ConfigureAwait(false)));

        routes.MapPost("/api/memories/relations", async (HttpRequest request, MemoryEngine engine, CancellationToken ct) =>
        {
            var body = await JsonBody.ReadObjectAsync(request, ct).ConfigureAwait(false);
            JsonBody.RejectUnknown(body, RelationFields);
            var source = JsonBody.Integer(body, "source_id") ?? throw new RequestValidationException("'source_id' is required.");
            var target = JsonBody.Integer(body, "target_id") ?? throw new RequestValidationException("'target_id' is required.");
            return Results.Json(await engine.RelateAsync(source, target, JsonBody.String(body, "relation_type", FieldLimits.Name) ?? RelationTypes.Associative,
                JsonBody.Number(body, "strength") ?? 0.5, JsonBody.String(body, "description", FieldLimits.ShortText), ct).ConfigureAwait(false));
        });

        routes.MapDelete("/api/memories/relations/{id:long}", async (long id, MemoryEngine engine, CancellationToken ct) =>
            await engine.UnrelateAsync(id, ct).ConfigureAwait(false)
                ? Results.Json(new { status = "success" })
                : throw new KeyNotFoundException($"Relation {id} does not exist."));

        routes.MapGet("/api/memories/graph", async (HttpRequest request, PeroStore store, CancellationToken ct) =>
        {
            var (limit, _) = Paging(request, 100);
            var memories = await store.Memories.ListAsync(new MemoryListQuery { Limit = limit }, ct).ConfigureAwait(false);
            var ids = memories.Select(m => m.Id).ToHashSet();
            var relations = (await store.Relations.ListAllAsync(ct).ConfigureAwait(false)).Where(r => ids.Contains(r.SourceId) && ids.Contains(r.TargetId));
            var nodes = memories.Select(m =>
            {
                var size = Math.Min(60, 10 + (m.Importance * 2) + (Math.Log(m.AccessCount + 1) * 5));
                return new
                {
                    id = m.Id.ToString(CultureInfo.InvariantCulture),
                    name = m.Content.Length > 10 ? m.Content[..10] + "..." : m.Content,
                    full_content = m.Content,
                    category = m.Type,
                    value = m.Importance,
                    symbolSize = size,
                    sentiment = m.Sentiment,
                    tags = TagList.Join(m.Tags),
                    realTime = MemoryJson.From(m).RealTime,
                    access_count = m.AccessCount,
                };
            });
            var edges = relations.Select(r => new
            {
                source = r.SourceId.ToString(CultureInfo.InvariantCulture),
                target = r.TargetId.ToString(CultureInfo.InvariantCulture),
                value = r.Strength,
                relation_type = r.RelationType,
                lineStyle = new { width = 1 + (4 * r.Strength), curveness = 0.2 },
            }).Concat(memories.Where(m => m.PrevId is { } p && ids.Contains(p)).Select(m => new
            {
                source = m.PrevId!.Value.ToString(CultureInfo.InvariantCulture),
                target = m.Id.ToString(CultureInfo.InvariantCulture),
                value = 1.0,
                relation_type = "temporal",
                lineStyle = new { width = 1.0, curveness = 0.1 },
            }));
            return Results.Json(new { nodes, edges });
        });
    }

    /// <summary><c>tags</c> as an array of strings or one comma-separated string; each tag a name, at most <see cref="FieldLimits.TagCount"/>.</summary>
    private static List<string> Tags(JsonObject body)
    {
        var tags = body["tags"] switch
        {
            null => [],
            JsonArray a => a.Select((t, i) => JsonBody.Text(t, $"tags[{i}]", FieldLimits.Name) ?? throw new RequestValidationException($"'tags[{i}]' must be a string.")).ToList(),
            JsonValue v when v.GetValueKind() == JsonValueKind.String => TagList.Parse(JsonBody.String(body, "tags")).ToList(),
            _ => throw new RequestValidationException("'tags' must be an array of strings or a comma-separated string."),
        };
        if (tags.Count > FieldLimits.TagCount)
        {
            throw new RequestValidationException($"'tags' holds {tags.Count} tags; the limit is {FieldLimits.TagCount}.");
        }

        var tooLong = tags.FindIndex(t => t.Length > FieldLimits.Name);
        return tooLong < 0 ? tags : throw JsonBody.TooLong($"tags[{tooLong}]", tags[tooLong].Length, FieldLimits.Name);
    }

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

    private static DateTimeOffset? Day(HttpRequest request, string name)
    {
        var raw = request.Query[name].ToString();
        if (raw.Length == 0)
        {
            return null;
        }

        if (!DateOnly.TryParseExact(raw, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            throw new ArgumentException($"'{name}' must be a date like 2026-01-31 (got '{raw}').");
        }

        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, TimeZoneInfo.Local.GetUtcOffset(local));
    }
}
