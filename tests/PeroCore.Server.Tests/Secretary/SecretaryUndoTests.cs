using System.Net;
using System.Text.Json;
using PeroCore.Memory.Recall;
using PeroCore.Memory.Storage;

namespace PeroCore.Server.Tests.Secretary;

/// <summary>Consolidation and audit archive (never delete), and undoing a run puts the store back exactly.</summary>
[Collection("Chat")]
public sealed class SecretaryUndoTests : SecretaryTestBase
{
    private static readonly DateTimeOffset Day = DateTimeOffset.UtcNow.AddDays(-2);

    private static readonly string[] Contents =
    [
        "The owner and Lena hiked up Mount Brisa in the morning",
        "At the summit of Mount Brisa the owner took photos of the clouds",
        "Lena and the owner ate noodles in the village below Mount Brisa",
        "The owner fixed a bug in the billing service at work",
        "The owner's cat Mochi knocked over the blue vase",
        "The owner said the blue vase was ugly anyway",
        "The owner started reading a novel about lighthouses",
        "The owner booked a dentist appointment for Friday",
    ];

    private static readonly string[] Queries =
    [
        "Mount Brisa", "hike with Lena", "summit photos", "clouds", "noodles village", "billing bug", "work service", "cat Mochi",
        "blue vase", "ugly vase", "novel", "lighthouses", "dentist", "Friday appointment", "owner", "morning", "photos of the clouds",
        "Lena", "reading", "knocked over",
    ];

    private async Task<List<long>> SeedAsync()
    {
        var ids = new List<long>();
        for (var i = 0; i < Contents.Length; i++)
        {
            ids.Add(await AddAsync(Contents[i], Day.AddMinutes(i * 10), importance: i == 6 ? 1 : 3));
        }

        await Server.App.Engine.RelateAsync(ids[4], ids[5], RelationTypes.Causal, 0.6, "the vase");
        return ids;
    }

    private Dictionary<string, string> Answers(List<long> ids) => new()
    {
        ["importance"] = $$$"""{"{{{ids[6]}}}": {"importance": 4, "tags": ["books"]}}""",
        ["consolidation"] = $$$"""{"merges":[{"ids_to_merge":[{{{ids[0]}}},{{{ids[1]}}},{{{ids[2]}}}],"new_content":"On that day the owner and Lena hiked Mount Brisa, photographed the clouds at the summit and ate noodles in the village.","tags":["t1","t2","t3","t4"],"importance":5}]}""",
        ["audit"] = $$$"""{"archive":[{"id":{{{ids[5]}}},"reason":"not a memory worth keeping"}]}""",
    };

    private async Task<string> StateAsync()
    {
        await Server.App.Engine.WaitForLinkingAsync();
        var parts = new List<string>();
        foreach (var table in new[] { "memory", "memory_relation" })
        {
            parts.AddRange((await DumpAsync(table)).Select(kv => $"{table} {kv.Key}: {kv.Value}"));
        }

        parts.AddRange(await Server.App.Store.Database.ReadAsync(async (c, ct) =>
        {
            var rows = new List<string>();
            var command = c.CreateCommand();
            await using (command.ConfigureAwait(false))
            {
                command.CommandText = "SELECT rowid, content, tags FROM memory_fts ORDER BY rowid";
                var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    while (await reader.ReadAsync(ct).ConfigureAwait(false))
                    {
                        rows.Add($"fts {reader.GetInt64(0)}: {reader.GetString(1)} | {reader.GetString(2)}");
                    }
                }
            }

            return rows;
        }));
        return string.Join("\n", parts);
    }

    private async Task<List<string>> TopTensAsync()
    {
        var result = new List<string>();
        foreach (var q in Queries)
        {
            var recall = await Server.App.Engine.RecallAsync(new RecallRequest { Query = q });
            result.Add(q + ": " + string.Join(",", recall.Memories.Take(10).Select(m => m.Memory.Id)));
        }

        return result;
    }

    [Fact]
    public async Task A_run_archives_its_merged_sources_and_undo_restores_rows_relations_text_and_search_exactly()
    {
        var ids = await SeedAsync();
        Answer(Answers(ids));
        var stateBefore = await StateAsync();
        var searchBefore = await TopTensAsync();

        var (status, report) = await RunAsync();

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(1, report.GetProperty("consolidated").GetInt32());
        Assert.Equal(1, report.GetProperty("cleaned_count").GetInt32());
        Assert.Equal(1, report.GetProperty("important_tagged").GetInt32());
        var merged = Assert.Single(StepOf(report, "consolidation").GetProperty("created_ids").EnumerateArray()).GetInt64();
        var memory = (await Server.App.Store.Memories.GetAsync(merged))!;
        Assert.Equal("secretary_merge", memory.Source);
        Assert.Equal("event", memory.Type);
        Assert.Equal(5, memory.Importance);
        Assert.Equal(["t1", "t2", "t3", "t4"], memory.Tags);
        Assert.Equal(Day.AddMinutes(20).ToUnixTimeMilliseconds(), memory.Timestamp.ToUnixTimeMilliseconds()); // the newest source's time
        Assert.NotNull(memory.Embedding);
        var derived = (await Server.App.Engine.RelationsOfAsync(merged)).Where(r => r.RelationType == RelationTypes.DerivedFrom).ToList();
        Assert.Equal(ids.Take(3).Order(), derived.Select(r => r.TargetId).Order());
        Assert.All(derived, r => Assert.Equal(merged, r.SourceId));
        foreach (var source in ids.Take(3).Append(ids[5]))
        {
            var archived = await Server.App.Store.Memories.GetAsync(source);
            Assert.NotNull(archived); // archived, never deleted
            Assert.NotNull(archived.ArchivedAt);
        }

        var recall = await Server.App.Engine.RecallAsync(new RecallRequest { Query = "Mount Brisa summit" });
        Assert.DoesNotContain(recall.Memories, m => ids.Take(3).Contains(m.Memory.Id));
        Assert.Contains(recall.Memories, m => m.Memory.Id == merged);

        // The record lists every change with its before and after, for a diff view.
        var recordId = report.GetProperty("record_id").GetInt64();
        var record = await GetJsonAsync($"/api/maintenance/records/{recordId}");
        var changes = record.GetProperty("changes").EnumerateArray().ToList();
        Assert.Contains(changes, c => c.GetProperty("op").GetString() == "merge" && c.GetProperty("memory_id").GetInt64() == merged
                                      && c.GetProperty("before").ValueKind == JsonValueKind.Null);
        Assert.Contains(changes, c => c.GetProperty("op").GetString() == "archive" && c.GetProperty("memory_id").GetInt64() == ids[5]
                                      && c.GetProperty("before").ValueKind == JsonValueKind.Object && c.GetProperty("after").ValueKind == JsonValueKind.Object);
        Assert.Contains(changes, c => c.GetProperty("op").GetString() == "update" && c.GetProperty("memory_id").GetInt64() == ids[6]);
        Assert.Equal($"[{merged}]", record.GetProperty("created_ids").GetString());

        var (undoStatus, undo) = await SendAsync(HttpMethod.Post, $"/api/maintenance/undo/{recordId}");
        Assert.Equal(HttpStatusCode.OK, undoStatus);
        Assert.Equal("success", undo.GetProperty("status").GetString());
        Assert.Equal("Maintenance undone", undo.GetProperty("message").GetString());

        Assert.Equal(stateBefore, await StateAsync());
        Assert.Equal(searchBefore, await TopTensAsync());
        var records = await GetJsonAsync("/api/maintenance/records");
        Assert.True(records.EnumerateArray().Single(r => r.GetProperty("id").GetInt64() == recordId).TryGetProperty("undone_at", out var undoneAt)
                    && undoneAt.ValueKind == JsonValueKind.String);

        // A second undo is refused with the original's 400.
        var (again, _) = await SendAsync(HttpMethod.Post, $"/api/maintenance/undo/{recordId}");
        Assert.Equal(HttpStatusCode.BadRequest, again);
        var (missing, _) = await SendAsync(HttpMethod.Post, "/api/maintenance/undo/987654");
        Assert.Equal(HttpStatusCode.NotFound, missing);
    }

    [Fact]
    public async Task Undoing_a_run_after_a_later_run_changed_its_memory_is_refused_naming_that_run_and_changes_nothing()
    {
        var ids = await SeedAsync();
        Answer(new Dictionary<string, string> { ["consolidation"] = Answers(ids)["consolidation"] });
        var (_, first) = await RunAsync();
        var merged = StepOf(first, "consolidation").GetProperty("created_ids")[0].GetInt64();

        // The next run's audit archives the merged memory.
        Answer(new Dictionary<string, string> { ["audit"] = $$$"""{"archive":[{{{merged}}}]}""" });
        var (_, second) = await RunAsync();
        Assert.Equal(1, second.GetProperty("cleaned_count").GetInt32());
        var secondId = second.GetProperty("record_id").GetInt64();
        var state = await StateAsync();

        var (status, problem) = await SendAsync(HttpMethod.Post, $"/api/maintenance/undo/{first.GetProperty("record_id").GetInt64()}");

        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Equal(secondId, problem.GetProperty("conflicting_run_id").GetInt64());
        Assert.Contains(secondId.ToString(System.Globalization.CultureInfo.InvariantCulture), problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(state, await StateAsync());

        // Undoing the later run first, then the earlier one, works.
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Post, $"/api/maintenance/undo/{secondId}")).Status);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Post, $"/api/maintenance/undo/{first.GetProperty("record_id").GetInt64()}")).Status);
        Assert.Null(await Server.App.Store.Memories.GetAsync(merged));
    }
}
