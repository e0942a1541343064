using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using PeroCore.Agent.Tests.Fakes;

namespace PeroCore.Server.Tests.Secretary;

/// <summary>A server killed between two steps of a run leaves a consistent store and an honest, undoable record.</summary>
public sealed partial class SecretaryCrashTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Sigkill_between_steps_leaves_the_applied_step_recorded_as_interrupted_and_undoable()
    {
        using var dir = new TempFolder();
        var data = Path.Combine(dir.Path, "data");
        await using var fake = await FakeLlmServer.StartAsync();
        string[] args = ["--port", "0", "--data", data, "--Embedding:Provider=Hashing", "--Agent:ScorerEnabled=false", "--Llm:MaxRetries=0",
            "--Secretary:ScheduleEnabled=false"];

        var ids = new List<long>();
        long recordId;
        using (var child = ChildProcess.Start(args, dir.Path))
        {
            using var http = await ConnectAsync(child);
            await Ok(http.PostAsJsonAsync("/api/configs", new Dictionary<string, string> { ["global_llm_api_base"] = fake.BaseUrlV1, ["global_llm_api_key"] = "sk" }));
            var model = await Ok(http.PostAsJsonAsync("/api/models", new { name = "m", model_id = "fake-model", provider_type = "global" }));
            await Ok(http.PostAsJsonAsync("/api/configs", new Dictionary<string, string> { ["current_model_id"] = model.GetProperty("id").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture) }));
            for (var i = 0; i < 8; i++)
            {
                ids.Add((await Ok(http.PostAsJsonAsync("/api/memories", new { content = $"Trip fragment {i}: the owner walked by the lake", importance = 3 }))).GetProperty("id").GetInt64());
            }

            // Consolidation answers; the audit (the next step) never does, and the process dies while it waits.
            fake.Responder = request =>
            {
                var system = request.Messages.GetArrayLength() > 0 ? request.Messages[0].GetProperty("content").GetString() ?? "" : "";
                return system.Contains("ids_to_merge", StringComparison.Ordinal)
                    ? FakeLlmReply.Text($"{{\"merges\":[{{\"ids_to_merge\":[{ids[0]},{ids[1]},{ids[2]}],\"new_content\":\"The owner's walk by the lake.\",\"tags\":[\"lake\"]}}]}}")
                    : system.Contains("You audit", StringComparison.Ordinal) ? FakeLlmReply.Hanging() : FakeLlmReply.Text("{}");
            };
            var run = http.PostAsync("/api/maintenance/run", null);
            var deadline = DateTime.UtcNow + Timeout;
            while (!fake.ChatRequests.Any(r => (r.Messages[0].GetProperty("content").GetString() ?? "").Contains("You audit", StringComparison.Ordinal)))
            {
                Assert.True(DateTime.UtcNow < deadline, "the run never reached the audit: " + child.StandardError);
                await Task.Delay(20);
            }

            child.Signal(9);
            await child.WaitAsync(Timeout);
            await Assert.ThrowsAnyAsync<Exception>(() => run);
        }

        using (var child = ChildProcess.Start(args, dir.Path))
        {
            using var http = await ConnectAsync(child);
            var record = (await http.GetFromJsonAsync<JsonElement>("/api/maintenance/records"))[0];
            recordId = record.GetProperty("id").GetInt64();
            Assert.Equal("interrupted", record.GetProperty("status").GetString());
            Assert.Equal(1, record.GetProperty("consolidated").GetInt32());
            var detail = await http.GetFromJsonAsync<JsonElement>($"/api/maintenance/records/{recordId}");
            var steps = detail.GetProperty("steps").EnumerateArray().Select(s => (s.GetProperty("step").GetString(), s.GetProperty("status").GetString())).ToList();
            Assert.Equal([("importance", "nothing_to_do"), ("consolidation", "applied")], steps);
            var merged = detail.GetProperty("changes").EnumerateArray().Single(c => c.GetProperty("op").GetString() == "merge").GetProperty("memory_id").GetInt64();

            // The store is consistent: the merged memory is there with its vector, the sources archived, nothing else touched.
            var memories = await http.GetFromJsonAsync<JsonElement>("/api/memories?include_archived=true&limit=100");
            var byId = memories.EnumerateArray().ToDictionary(m => m.GetProperty("id").GetInt64());
            Assert.Equal(9, byId.Count);
            Assert.All(ids.Take(3), id => Assert.True(byId[id].GetProperty("archived").GetBoolean()));
            Assert.All(ids.Skip(3).Append(merged), id => Assert.False(byId[id].GetProperty("archived").GetBoolean()));

            fake.Responder = _ => FakeLlmReply.Text("{}");
            using var undo = await http.PostAsync($"/api/maintenance/undo/{recordId}", null);
            Assert.Equal(HttpStatusCode.OK, undo.StatusCode);
            var restored = await http.GetFromJsonAsync<JsonElement>("/api/memories?include_archived=true&limit=100");
            Assert.Equal(ids.Order(), restored.EnumerateArray().Select(m => m.GetProperty("id").GetInt64()).Order());
            Assert.All(restored.EnumerateArray(), m => Assert.False(m.GetProperty("archived").GetBoolean()));

            child.Signal(15);
            Assert.Equal(0, await child.WaitAsync(Timeout));
        }
    }

    private static async Task<HttpClient> ConnectAsync(ChildProcess child)
    {
        await child.WaitForOutputAsync("Application started", Timeout);
        var url = ListeningOn().Match(child.StandardOutput);
        Assert.True(url.Success, child.StandardOutput);
        return new HttpClient { BaseAddress = new Uri(url.Groups[1].Value), Timeout = Timeout };
    }

    private static async Task<JsonElement> Ok(Task<HttpResponseMessage> request)
    {
        using var response = await request;
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    [GeneratedRegex(@"Now listening on: (http://[^\s]+)")]
    private static partial Regex ListeningOn();
}
