using System.Net;
using System.Text.Json;
using PeroCore.Agent.Tests.Fakes;

namespace PeroCore.Server.Tests.Secretary;

/// <summary>Each maintenance step changes exactly what the model's answer says, and a refused answer changes nothing.</summary>
[Collection("Chat")]
public sealed class SecretaryStepTests : SecretaryTestBase
{
    private static readonly DateTimeOffset Day = DateTimeOffset.UtcNow.AddDays(-1);

    [Fact]
    public async Task Importance_tagging_changes_only_the_memory_the_answer_names()
    {
        var bike = await AddAsync("The owner bought a red bicycle named Zephyr", Day);
        var tomato = await AddAsync("The owner watered the balcony tomatoes", Day.AddMinutes(1), tags: "garden");
        await AddAsync("The owner moved to Lisbon", Day.AddMinutes(2), importance: 8);
        Answer(new Dictionary<string, string> { ["importance"] = $$$"""{"{{{bike}}}": {"importance": 7, "tags": ["bicycle", "Zephyr"]}}""" });
        var before = await SnapshotAsync();

        var (status, report) = await RunAsync();

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(1, report.GetProperty("important_tagged").GetInt32());
        Assert.Equal("applied", StepOf(report, "importance").GetProperty("status").GetString());
        var after = await SnapshotAsync();
        Assert.Equal([bike], Changed(before.Memories, after.Memories));
        Assert.Empty(Changed(before.Relations, after.Relations));
        var memory = await Server.App.Store.Memories.GetAsync(bike);
        Assert.Equal(7, memory!.Importance);
        Assert.Equal(["Zephyr", "bicycle"], memory.Tags.Order(StringComparer.Ordinal));

        // Only unrated memories were shown; the rated one (Lisbon) was not.
        var input = TextOf(Assert.Single(RequestsOf("importance")).Messages[1]);
        Assert.Contains("Zephyr", input, StringComparison.Ordinal);
        Assert.Contains(tomato.ToString(System.Globalization.CultureInfo.InvariantCulture), input, StringComparison.Ordinal);
        Assert.DoesNotContain("Lisbon", input, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("consolidation", """{"merges":[{"ids_to_merge":[{0},{1},{2}],"new_content":"merged","tags":["t"]},{"ids_to_merge":[{3},999],"new_content":"x"}]}""", "not in the batch")]
    [InlineData("consolidation", """[{"ids_to_merge":[{0},{1}],"new_content":"merged"},{"ids_to_merge":[{3},{3}],"new_content":"x"}]""", "at least two")]
    [InlineData("consolidation", """{"merges":[{"ids_to_merge":[{0},{1}],"new_content":"a"},{"ids_to_merge":[{1},{2}],"new_content":"b"}]}""", "already in another merge")]
    [InlineData("consolidation", """{"merges":[{"ids_to_merge":[{0},{1}],"new_content":"  "}]}""", "new_content")]
    [InlineData("audit", """{"archive":[{0},999]}""", "not in the batch")]
    [InlineData("audit", "I think memory {0} should go.", "no JSON")]
    [InlineData("audit", """{"archive":["abc"]}""", "not a memory id")]
    [InlineData("preferences", """{"preferences":[42]}""", "expected non-empty text")]
    [InlineData("pet_lines", """{"click":{"tail":["hi"]}}""", "unknown area")]
    public async Task A_refused_answer_changes_nothing_and_the_record_says_why(string step, string answer, string reason)
    {
        var ids = new List<long>();
        for (var i = 0; i < 6; i++)
        {
            ids.Add(await AddAsync($"Fragment {i} of the owner's trip to the mountains, day {i}", Day.AddMinutes(i), importance: 3));
        }

        var text = answer;
        for (var i = 0; i < ids.Count; i++)
        {
            text = text.Replace("{" + i + "}", ids[i].ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        }

        Answer(new Dictionary<string, string> { [step] = text });
        var pet = await GetJsonAsync("/api/pet/state");
        var before = await SnapshotAsync();

        var (status, report) = await RunAsync();

        Assert.Equal(HttpStatusCode.OK, status);
        var result = StepOf(report, step);
        Assert.Equal("rejected", result.GetProperty("status").GetString());
        Assert.Contains(reason, result.GetProperty("message").GetString(), StringComparison.Ordinal);
        var after = await SnapshotAsync();
        Assert.Empty(Changed(before.Memories, after.Memories));
        Assert.Empty(Changed(before.Relations, after.Relations));
        Assert.Equal(pet.GetRawText(), (await GetJsonAsync("/api/pet/state")).GetRawText());

        // The record keeps the refusal.
        var record = await GetJsonAsync($"/api/maintenance/records/{report.GetProperty("record_id").GetInt64()}");
        Assert.Equal("completed", record.GetProperty("status").GetString());
        Assert.Equal("rejected", StepOf(record, step).GetProperty("status").GetString());
        Assert.Equal("[]", record.GetProperty("created_ids").GetString());
    }

    [Fact]
    public async Task Live2D_lines_are_refreshed_from_the_answer_and_kept_parts_stay()
    {
        await AddAsync("The owner passed the driving test", Day, importance: 6);
        var before = await GetJsonAsync("/api/pet/state");
        Answer(new Dictionary<string, string> { ["pet_lines"] = """{"click":{"head":["Hey, driver!"]},"back":["Welcome back, road star!"]}""" });

        var (status, report) = await RunAsync();

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(report.GetProperty("waifu_texts_updated").GetBoolean());
        var pet = await GetJsonAsync("/api/pet/state");
        Assert.Contains("Hey, driver!", pet.GetRawText(), StringComparison.Ordinal);
        Assert.Contains("Welcome back, road star!", pet.GetRawText(), StringComparison.Ordinal);
        Assert.Equal(before.GetProperty("idle_messages_json").GetString(), pet.GetProperty("idle_messages_json").GetString());
        var request = Assert.Single(RequestsOf("pet_lines"));
        Assert.Contains("driving test", TextOf(request.Messages[1]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Undoing_a_run_puts_the_earlier_Live2D_lines_back_but_keeps_lines_changed_since()
    {
        string[] keys = ["click_messages_json", "idle_messages_json", "back_messages_json"];
        await AddAsync("The owner passed the driving test", Day, importance: 6);
        var before = await GetJsonAsync("/api/pet/state");
        Answer(new Dictionary<string, string> { ["pet_lines"] = """{"click":{"head":["Hey, driver!"]},"back":["Welcome back, road star!"]}""" });

        var (_, first) = await RunAsync();
        Assert.Contains("Hey, driver!", (await GetJsonAsync("/api/pet/state")).GetRawText(), StringComparison.Ordinal);
        var (undone, _) = await SendAsync(HttpMethod.Post, $"/api/maintenance/undo/{first.GetProperty("record_id").GetInt64()}");
        Assert.Equal(HttpStatusCode.OK, undone);
        var restored = await GetJsonAsync("/api/pet/state");
        Assert.All(keys, key => Assert.Equal(before.GetProperty(key).GetString(), restored.GetProperty(key).GetString()));

        // The lines a run wrote and someone changed afterwards are theirs: undoing the run leaves them.
        var (_, second) = await RunAsync();
        var current = (await Server.App.Store.PetStates.GetCurrentAsync())!;
        await Server.App.Store.PetStates.SaveAsync(current with { IdleMessagesJson = """["Changed after the run"]""" });
        var (undoneAgain, _) = await SendAsync(HttpMethod.Post, $"/api/maintenance/undo/{second.GetProperty("record_id").GetInt64()}");
        Assert.Equal(HttpStatusCode.OK, undoneAgain);
        var kept = await GetJsonAsync("/api/pet/state");
        Assert.Contains("Changed after the run", kept.GetProperty("idle_messages_json").GetString(), StringComparison.Ordinal);
        Assert.Contains("Hey, driver!", kept.GetProperty("click_messages_json").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Preferences_become_preference_memories_and_known_ones_are_not_repeated()
    {
        await AddAsync("The owner said green tea helps them focus", Day, importance: 5);
        await AddAsync("The owner prefers green tea to coffee.", Day.AddMinutes(1), importance: 5, type: "preference");
        Answer(new Dictionary<string, string> { ["preferences"] = """{"preferences":["The owner prefers green tea to coffee.","The owner works best in the morning."]}""" });
        var before = await SnapshotAsync();

        var (_, report) = await RunAsync();

        Assert.Equal(1, report.GetProperty("preferences_extracted").GetInt32());
        var after = await SnapshotAsync();
        var created = Assert.Single(ChangedBeyondLinks(before.Memories, after.Memories));
        Assert.False(before.Memories.ContainsKey(created));
        var memory = await Server.App.Store.Memories.GetAsync(created);
        Assert.Equal("The owner works best in the morning.", memory!.Content);
        Assert.Equal("preference", memory.Type);
        Assert.Equal("secretary", memory.Source);
        Assert.Contains("green tea to coffee", TextOf(Assert.Single(RequestsOf("preferences")).Messages[1]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_merge_that_repeats_a_stored_memory_is_not_stored_its_sources_stay_and_the_stored_one_is_reinforced()
    {
        var existing = await AddAsync("The owner hiked Mount Rainier with Sam in July", Day, importance: 5);
        var first = await AddAsync("Day one of the Rainier hike: the owner and Sam reached Camp Muir", Day.AddMinutes(1), importance: 3);
        var second = await AddAsync("Day two of the Rainier hike: the owner and Sam turned back at the ridge", Day.AddMinutes(2), importance: 3);
        for (var i = 0; i < 4; i++)
        {
            await AddAsync($"The owner's unrelated errand number {i}: groceries, post office, bank", Day.AddMinutes(3 + i), importance: 3);
        }

        Answer(new Dictionary<string, string>
        {
            ["consolidation"] = $$$"""{"merges":[{"ids_to_merge":[{{{first}}},{{{second}}}],"new_content":"The owner hiked Mount Rainier with Sam in July"}]}""",
        });
        var before = await SnapshotAsync();

        var (status, report) = await RunAsync();

        Assert.Equal(HttpStatusCode.OK, status);
        var step = StepOf(report, "consolidation");
        Assert.True(step.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String, step.GetRawText());
        Assert.Contains("near-duplicate of memory " + existing.ToString(System.Globalization.CultureInfo.InvariantCulture), step.GetProperty("message").GetString(),
            StringComparison.Ordinal);
        var after = await SnapshotAsync();
        Assert.Equal(before.Memories.Keys, after.Memories.Keys); // nothing added
        Assert.Null((await Server.App.Store.Memories.GetAsync(first))!.ArchivedAt);
        Assert.Null((await Server.App.Store.Memories.GetAsync(second))!.ArchivedAt);
        Assert.Equal(1, (await Server.App.Store.Memories.GetAsync(existing))!.AccessCount);
    }

    [Fact]
    public async Task Without_a_model_the_model_steps_fail_and_say_so_and_nothing_changes()
    {
        await PostAsync("/api/configs", new Dictionary<string, string> { ["global_llm_api_key"] = "", ["current_model_id"] = "" });
        await AddAsync("The owner planted basil", Day);
        var before = await SnapshotAsync();

        var (status, report) = await RunAsync("/api/memory/secretary/run");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("failed", StepOf(report, "importance").GetProperty("status").GetString());
        Assert.Contains("No model", StepOf(report, "importance").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Empty(Changed(before.Memories, (await SnapshotAsync()).Memories));
    }

    [Fact]
    public async Task An_unknown_kind_is_a_400_naming_the_field()
    {
        using var response = await Server.Client.PostAsync("/api/maintenance/run?kind=dreaming", null);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("'kind'", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
