using System.Net;
using System.Text.Json;
using PeroCore.Agent.Tests.Fakes;
using PeroCore.Memory.Recall;
using PeroCore.Memory.Storage;
using PeroCore.Server.Tests.Realtime;

namespace PeroCore.Server.Tests.Secretary;

/// <summary>One run at a time, progress on the events channel, relation discovery feeding recall, reflection jobs.</summary>
[Collection("Chat")]
public sealed class SecretaryRunTests : SecretaryTestBase
{
    private static readonly DateTimeOffset Day = DateTimeOffset.UtcNow.AddDays(-1);
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_second_run_while_one_runs_is_a_409_naming_the_running_record()
    {
        await AddAsync("The owner learned to juggle three balls", Day, importance: 4);
        using var arrived = new SemaphoreSlim(0);
        using var release = new SemaphoreSlim(0);
        Answer(new Dictionary<string, string>(), step =>
        {
            if (step == "preferences")
            {
                arrived.Release();
                release.Wait(Guard);
            }

            return null;
        });

        var first = RunAsync();
        Assert.True(await arrived.WaitAsync(Guard), "the run never asked its model");
        var running = (await GetJsonAsync("/api/maintenance/records"))[0];
        Assert.Equal("running", running.GetProperty("status").GetString());

        using var second = await Server.Client.PostAsync("/api/memory/secretary/run", null);
        var problem = JsonDocument.Parse(await second.Content.ReadAsStringAsync()).RootElement;
        using var undo = await Server.Client.PostAsync($"/api/maintenance/undo/{running.GetProperty("id").GetInt64()}", null);
        release.Release();
        var (status, report) = await first;

        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Equal(running.GetProperty("id").GetInt64(), problem.GetProperty("running_record_id").GetInt64());
        Assert.Equal(HttpStatusCode.Conflict, undo.StatusCode);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(running.GetProperty("id").GetInt64(), report.GetProperty("record_id").GetInt64());
        Assert.Equal("completed", (await GetJsonAsync($"/api/maintenance/records/{report.GetProperty("record_id").GetInt64()}")).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, (await RunAsync()).Status); // free again
    }

    [Fact]
    public async Task Progress_and_the_report_are_pushed_on_the_events_channel()
    {
        await AddAsync("The owner adopted a tortoise named Biscuit", Day, importance: 4);
        Answer(new Dictionary<string, string>());
        var (_, report) = await RunAsync();
        var recordId = report.GetProperty("record_id").GetInt64();
        var steps = report.GetProperty("steps").GetArrayLength();

        await using var sse = await SseClient.ConnectAsync(Server.Client);
        var events = (await sse.ReadAsync(steps + 2, Guard)).Where(e => e.Kind == "secretary").ToList();

        Assert.Equal(steps + 2, events.Count);
        Assert.Equal("started", events[0].Data.GetProperty("phase").GetString());
        Assert.All(events, e => Assert.Equal(recordId, e.Data.GetProperty("record_id").GetInt64()));
        Assert.Equal(Enumerable.Range(1, steps), events.Skip(1).Take(steps).Select(e => e.Data.GetProperty("index").GetInt32()));
        Assert.Equal("importance", events[1].Data.GetProperty("result").GetProperty("step").GetString());
        var done = events[^1].Data;
        Assert.Equal("completed", done.GetProperty("phase").GetString());
        Assert.Equal(recordId, done.GetProperty("report").GetProperty("record_id").GetInt64());
    }

    [Fact]
    public async Task Relation_discovery_builds_a_graph_through_which_recall_surfaces_a_memory_vector_search_ranks_outside_the_top_20()
    {
        // The target shares no word with the query, only a name with the anchor; 25 distractors share query words.
        const string Query = "zephyr bicycle ride";
        var target = await AddAsync("Lena knitted a woollen scarf by the fireplace", Day, importance: 9);
        for (var i = 0; i < 25; i++)
        {
            await AddAsync($"A bicycle shop number {i} sells {(i % 2 == 0 ? "ride" : "zephyr")} tyres", Day.AddMinutes(1 + i), importance: 2);
        }

        var anchor = await AddAsync("Zephyr bicycle ride along the river with Lena", Day.AddHours(2), importance: 5);
        await Server.App.Engine.WaitForLinkingAsync();
        var embedding = (await Server.App.Engine.EmbedQueriesAsync([Query]))[0];
        var all = await Server.App.Store.Memories.ListAsync(new MemoryListQuery { Limit = 1000 });
        var vectorRank = all.OrderByDescending(m => Dot(m.Embedding!, embedding)).Select(m => m.Id).ToList().IndexOf(target);
        Assert.True(vectorRank >= 20, $"vector search ranks the target at {vectorRank + 1}");
        var before = await Server.App.Engine.RecallAsync(new RecallRequest { Query = Query });
        Assert.DoesNotContain(before.Memories, m => m.Memory.Id == target);

        // The model relates every pair it is shown that joins the anchor to the target.
        Fake.Responder = request =>
        {
            if (request.IsStream || !TextOf(request.Messages[0]).Contains("You connect the long-term memories", StringComparison.Ordinal))
            {
                return FakeLlmReply.Text("{}");
            }

            var pairs = JsonDocument.Parse(TextOf(request.Messages[1])).RootElement.EnumerateArray()
                .Select(p => (A: p.GetProperty("a").GetProperty("id").GetInt64(), B: p.GetProperty("b").GetProperty("id").GetInt64()))
                .Where(p => (p.A, p.B) == (anchor, target)).ToList();
            return FakeLlmReply.Text(JsonSerializer.Serialize(new
            {
                relations = pairs.Select(p => new { a = p.A, b = p.B, type = "thematic", strength = 1.0, description = "Lena" }),
            }));
        };

        var (status, report) = await RunAsync("/api/maintenance/run?kind=relation_analysis");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(1, report.GetProperty("relations_added").GetInt32());
        var relation = Assert.Single(await Server.App.Engine.RelationsOfAsync(target), r => r.RelationType == RelationTypes.Thematic);
        Assert.Equal((anchor, target, 1.0, "Lena"), (relation.SourceId, relation.TargetId, relation.Strength, relation.Description));
        var after = await Server.App.Engine.RecallAsync(new RecallRequest { Query = Query });
        Assert.Contains(after.Memories, m => m.Memory.Id == target);
    }

    [Fact]
    public async Task The_daily_summary_turns_a_quiet_day_into_one_summary_and_is_undoable()
    {
        var quiet = DateTimeOffset.Now.Date.AddDays(-5).AddHours(9);
        var day = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            day.Add(await AddAsync($"Small thing {i}: the owner made tea", new DateTimeOffset(quiet.AddHours(i)), importance: 2));
        }

        var important = await AddAsync("The owner signed the lease", new DateTimeOffset(quiet.AddHours(4)), importance: 8);
        var recent = await AddAsync("The owner made tea today", DateTimeOffset.UtcNow.AddHours(-1), importance: 2);
        Answer(new Dictionary<string, string> { ["daily_summary"] = """{"summary":"A quiet day of tea.","importance":2}""" });
        var before = await SnapshotAsync();

        var (_, report) = await RunAsync("/api/maintenance/run?kind=daily_summary");

        Assert.Equal("daily_summary", report.GetProperty("kind").GetString());
        Assert.Equal(3, report.GetProperty("consolidated").GetInt32());
        var summaryId = StepOf(report, "daily_summary").GetProperty("created_ids")[0].GetInt64();
        var summary = (await Server.App.Store.Memories.GetAsync(summaryId))!;
        Assert.Equal(("A quiet day of tea.", "summary"), (summary.Content, summary.Type));
        Assert.Equal(new DateTimeOffset(quiet).ToUnixTimeMilliseconds(), summary.Timestamp.ToUnixTimeMilliseconds());
        Assert.All(day, id => Assert.NotNull(Server.App.Store.Memories.GetAsync(id).Result!.ArchivedAt));
        Assert.Null((await Server.App.Store.Memories.GetAsync(important))!.ArchivedAt);
        Assert.Null((await Server.App.Store.Memories.GetAsync(recent))!.ArchivedAt);

        using var undo = await Server.Client.PostAsync($"/api/maintenance/undo/{report.GetProperty("record_id").GetInt64()}", null);
        Assert.Equal(HttpStatusCode.OK, undo.StatusCode);
        var after = await SnapshotAsync();
        Assert.Empty(Changed(before.Memories, after.Memories));
        Assert.Empty(Changed(before.Relations, after.Relations));
    }

    private static double Dot(float[] a, float[] b)
    {
        var s = 0.0;
        for (var i = 0; i < a.Length; i++)
        {
            s += a[i] * b[i];
        }

        return s;
    }
}
