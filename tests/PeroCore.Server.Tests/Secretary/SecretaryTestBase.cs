using System.Net;
using System.Text.Json;
using PeroCore.Agent.Tests.Fakes;
using PeroCore.Memory.Storage;

namespace PeroCore.Server.Tests.Secretary;

/// <summary>
/// A server with the fake LLM whose answer is chosen per secretary step (by the step's system prompt), and helpers to
/// seed memories and compare raw dumps of the store before and after a run.
/// </summary>
public abstract class SecretaryTestBase : ChatTestBase
{
    /// <summary>A phrase only each step's English system prompt has, and the answer that changes nothing.</summary>
    private static readonly (string Step, string Marker, string Nothing)[] Steps =
    [
        ("importance", "None of them has been rated yet", "{}"),
        ("consolidation", "ids_to_merge", "{\"merges\":[]}"),
        ("audit", "You audit the long-term memory", "{\"archive\":[]}"),
        ("preferences", "known_preferences", "{\"preferences\":[]}"),
        ("pet_lines", "desktop pet companion", "{}"),
        ("relations", "You connect the long-term memories", "{\"relations\":[]}"),
        ("daily_summary", "sums up the day", "{\"summary\":\"A quiet day.\"}"),
    ];

    protected override string[] ServerArgs => ["--Agent:ScorerEnabled=false", "--Llm:MaxRetries=0", "--Secretary:ScheduleEnabled=false"];

    /// <summary>Answers each step with <paramref name="answers"/>[step], or with an answer that changes nothing.</summary>
    protected void Answer(IReadOnlyDictionary<string, string> answers, Func<string, FakeLlmReply?>? hold = null)
    {
        Fake.Responder = request =>
        {
            if (request.IsStream || request.Messages.GetArrayLength() == 0)
            {
                return null;
            }

            var system = TextOf(request.Messages[0]);
            foreach (var (step, marker, nothing) in Steps)
            {
                if (system.Contains(marker, StringComparison.Ordinal))
                {
                    return hold?.Invoke(step) ?? FakeLlmReply.Text(answers.TryGetValue(step, out var a) ? a : nothing);
                }
            }

            return null;
        };
    }

    /// <summary>The secretary requests the fake received for <paramref name="step"/>.</summary>
    protected IReadOnlyList<FakeLlmRequest> RequestsOf(string step)
    {
        var marker = Steps.Single(s => s.Step == step).Marker;
        return Fake.ChatRequests.Where(r => !r.IsStream && TextOf(r.Messages[0]).Contains(marker, StringComparison.Ordinal)).ToList();
    }

    /// <summary>Adds a memory at a given time and returns its id.</summary>
    protected async Task<long> AddAsync(string content, DateTimeOffset at, int importance = 1, string type = "interaction_summary", params string[] tags) =>
        (await Server.App.Engine.AddAsync(new NewMemory { Content = content, Timestamp = at, Importance = importance, Type = type, Tags = tags })).Id;

    /// <summary>Runs the secretary over HTTP and returns the status and body.</summary>
    protected async Task<(HttpStatusCode Status, JsonElement Body)> RunAsync(string path = "/api/maintenance/run")
    {
        await Server.App.Engine.WaitForLinkingAsync();
        using var response = await Server.Client.PostAsync(path, null);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    /// <summary>Sends a request without a body and returns the status and the JSON body (default when empty).</summary>
    protected async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(HttpMethod method, string path)
    {
        using var response = await Server.Client.SendAsync(new HttpRequestMessage(method, path));
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    /// <summary>Every row of <paramref name="table"/> as text (all columns, blobs as hex), keyed by id.</summary>
    protected Task<SortedDictionary<long, string>> DumpAsync(string table) =>
        Server.App.Store.Database.ReadAsync(async (c, ct) =>
        {
            var rows = new SortedDictionary<long, string>();
            var command = c.CreateCommand();
            await using (command.ConfigureAwait(false))
            {
                command.CommandText = $"SELECT * FROM {table} ORDER BY id";
                var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    while (await reader.ReadAsync(ct).ConfigureAwait(false))
                    {
                        var cells = new List<string>();
                        for (var i = 0; i < reader.FieldCount; i++)
                        {
                            var v = reader.GetValue(i);
                            cells.Add(reader.GetName(i) + "=" + (v is byte[] b ? Convert.ToHexString(b) : Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture)));
                        }

                        rows[reader.GetInt64(0)] = string.Join("|", cells);
                    }
                }
            }

            return rows;
        });

    /// <summary>Memory and relation rows together (the state a step may change).</summary>
    protected async Task<(SortedDictionary<long, string> Memories, SortedDictionary<long, string> Relations)> SnapshotAsync()
    {
        await Server.App.Engine.WaitForLinkingAsync();
        return (await DumpAsync("memory"), await DumpAsync("memory_relation"));
    }

    /// <summary>The ids whose rows differ between two dumps (added, removed or changed).</summary>
    protected static List<long> Changed(SortedDictionary<long, string> before, SortedDictionary<long, string> after) =>
        before.Keys.Union(after.Keys).Where(k => !before.TryGetValue(k, out var b) || !after.TryGetValue(k, out var a) || a != b).Order().ToList();

    /// <summary>
    /// Like <see cref="Changed"/>, but a row whose only difference is its time-axis link (prev_id, next_id, and the
    /// updated_at that goes with it) does not count: a new memory is always linked to its neighbours on the time axis.
    /// </summary>
    protected static List<long> ChangedBeyondLinks(SortedDictionary<long, string> before, SortedDictionary<long, string> after)
    {
        static string Strip(string row) => string.Join("|", row.Split('|').Where(c =>
            !c.StartsWith("prev_id=", StringComparison.Ordinal) && !c.StartsWith("next_id=", StringComparison.Ordinal) && !c.StartsWith("updated_at=", StringComparison.Ordinal)));
        return before.Keys.Union(after.Keys)
            .Where(k => !before.TryGetValue(k, out var b) || !after.TryGetValue(k, out var a) || Strip(a) != Strip(b)).Order().ToList();
    }

    /// <summary>The result of step <paramref name="step"/> in a report or record.</summary>
    protected static JsonElement StepOf(JsonElement report, string step) =>
        report.GetProperty("steps").EnumerateArray().Single(s => s.GetProperty("step").GetString() == step);
}
