using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using PeroCore.Memory.Storage;

namespace PeroCore.Server.Tests;

/// <summary><c>GET /api/export</c>, <c>POST /api/import</c> and <c>POST /api/system/reset</c> over real HTTP.</summary>
public sealed class DataApiTests : ApiTestBase
{
    private static readonly string[] Topics = ["cat", "garden", "tea", "music", "travel", "work", "books", "cooking", "rain", "football"];

    // Distinct words per memory, so no two memories tie in similarity (a tie at rank 10 may be broken either way by the
    // HNSW search, before and after).
    private static readonly string[] Words =
    [
        "amber", "bridge", "candle", "dawn", "ember", "fjord", "glacier", "harbor", "island", "jungle", "kettle", "lantern", "meadow",
        "nectar", "orchid", "pebble", "quartz", "river", "saffron", "thistle", "umber", "velvet", "willow", "xylophone", "yarrow", "zephyr",
        "anchor", "breeze", "cedar", "dune", "echo", "fern", "grove", "hazel", "ivory", "juniper", "kelp", "lilac", "maple", "nutmeg",
    ];

    private static readonly string[] Queries =
    [
        "the cat Miso", "tulips in the garden", "green tea in the morning", "piano music", "a trip to Kyoto", "a deadline at work",
        "a novel about the sea", "cooking noodles", "rain on the window", "a football match", "Miso sleeps", "planting seeds",
        "oolong", "a concert", "train tickets", "the manager", "reading at night", "a recipe", "an umbrella", "the goal",
    ];

    [Fact]
    public async Task Export_then_reset_then_import_gives_back_the_same_rows_relations_and_search_results()
    {
        var store = Server.App.Store;
        var ids = new List<long>();
        var random = new Random(13);
        for (var i = 0; i < 40; i++)
        {
            var topic = Topics[i % Topics.Length];
            var (status, body) = await SendAsync(HttpMethod.Post, "/api/memories", JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["content"] = $"The owner talked about {topic}: {string.Join(' ', Enumerable.Range(0, 4).Select(_ => Words[random.Next(Words.Length)]))} ({i})",
                ["tags"] = i % 2 == 0 ? $"{topic},t{i % 3}" : (object)new[] { topic },
                ["importance"] = i % 10,
                ["timestamp"] = 1_700_000_000_000L + (i * 3_600_000L),
            }));
            Assert.Equal(HttpStatusCode.OK, status);
            ids.Add(body.GetProperty("id").GetInt64());
        }

        for (var i = 0; i < 6; i++)
        {
            var (status, _) = await SendAsync(HttpMethod.Post, "/api/memories/relations",
                $$"""{"source_id":{{ids[i]}},"target_id":{{ids[i + 10]}},"relation_type":"thematic","strength":0.{{i + 3}}}""");
            Assert.Equal(HttpStatusCode.OK, status);
        }

        await store.Config.SetAsync("owner_name", "Alice");
        await store.Config.SetAsync("global_llm_api_key", "sk-secret-global-key");
        await store.Config.SetAsync("current_model_id", "1");
        await store.Models.InsertAsync(new ModelConfigRecord { Name = "main", ModelId = "m1", ApiKey = "sk-secret-card-key" });
        await store.Logs.AddAsync([new ConversationLogEntry { SessionId = "default", Source = "desktop", Role = "user", Content = "hello there", PairId = "p1" }]);
        await store.PetStates.SaveAsync(new PetStateRecord { Mood = "sleepy", Vibe = "calm", Mind = "thinking of tea" });

        var rows = await RowsAsync();
        var relations = await RelationsAsync();
        var results = await SearchAllAsync();
        Assert.Contains(results, r => !r.EndsWith(": ", StringComparison.Ordinal));

        using var exported = await Server.Client.GetAsync("/api/export");
        Assert.Equal(HttpStatusCode.OK, exported.StatusCode);
        Assert.Equal("application/x-ndjson", exported.Content.Headers.ContentType?.MediaType);
        var text = await exported.Content.ReadAsStringAsync();
        Assert.DoesNotContain("sk-secret", text, StringComparison.Ordinal);
        var records = text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal("header", records[0].GetProperty("kind").GetString());
        Assert.Equal(StoreExport.FormatVersion, records[0].GetProperty("version").GetInt32());
        Assert.Contains(":", records[0].GetProperty("embedding_model").GetString(), StringComparison.Ordinal);
        Assert.Equal(40, records.Count(r => r.GetProperty("kind").GetString() == "memory"));
        Assert.All(records.Where(r => r.GetProperty("kind").GetString() == "memory"), r => Assert.Equal(JsonValueKind.String, r.GetProperty("embedding").ValueKind));
        Assert.Equal(relations.Count, records.Count(r => r.GetProperty("kind").GetString() == "relation"));
        Assert.Single(records, r => r.GetProperty("kind").GetString() == "model_card");
        Assert.Single(records, r => r.GetProperty("kind").GetString() == "conversation_log");

        // The factory reset, as the original dashboard sends it: no body.
        using (var reset = await Server.Client.PostAsync("/api/system/reset", null))
        {
            Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
            var body = JsonDocument.Parse(await reset.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal("success", body.GetProperty("status").GetString());
            Assert.False(string.IsNullOrWhiteSpace(body.GetProperty("message").GetString()));
        }

        Assert.All(Queries, q => Assert.Empty(SearchAsync(q).GetAwaiter().GetResult()));
        Assert.Empty((await GetJsonAsync("/api/memories/tags")).EnumerateObject());
        Assert.Empty(await RowsAsync());
        Assert.Equal("开心", (await GetJsonAsync("/api/pet/state")).GetProperty("mood").GetString());
        Assert.Equal("sk-secret-card-key", Assert.Single(await store.Models.ListAsync()).ApiKey);
        Assert.Equal("sk-secret-global-key", await store.Config.GetAsync("global_llm_api_key"));
        Assert.Equal("1", await store.Config.GetAsync("current_model_id"));
        Assert.Null(await store.Config.GetAsync("owner_name"));
        Assert.Equal(0, Server.App.Engine.Index.Count);

        using var content = new StringContent(text, Encoding.UTF8, "application/x-ndjson");
        using var imported = await Server.Client.PostAsync("/api/import", content);
        var report = JsonDocument.Parse(await imported.Content.ReadAsStringAsync()).RootElement;
        Assert.True(imported.StatusCode == HttpStatusCode.OK, report.GetRawText());
        Assert.Equal("success", report.GetProperty("status").GetString());
        Assert.Equal("export", report.GetProperty("format").GetString());
        Assert.Equal(40, report.GetProperty("memories").GetInt64());
        Assert.Equal(1, report.GetProperty("already_present").GetInt64()); // the kept model card

        Assert.Equal(rows, await RowsAsync());
        Assert.Equal(relations, await RelationsAsync());
        Assert.Equal(results, await SearchAllAsync());
        Assert.Equal("Alice", await store.Config.GetAsync("owner_name"));
        Assert.Equal("sleepy", (await GetJsonAsync("/api/pet/state")).GetProperty("mood").GetString());
        Assert.Equal("sk-secret-card-key", Assert.Single(await store.Models.ListAsync()).ApiKey);
        Assert.Equal(40, Server.App.Engine.Index.Count);

        // Importing the same file again: every row exists, so each is reported, none written twice.
        using var again = new StringContent(text, Encoding.UTF8, "application/x-ndjson");
        using var twice = await Server.Client.PostAsync("/api/import", again);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, twice.StatusCode);
        var second = JsonDocument.Parse(await twice.Content.ReadAsStringAsync()).RootElement;
        Assert.Contains(second.GetProperty("errors").EnumerateArray(), e => e.GetString()!.Contains("exists already", StringComparison.Ordinal));
        Assert.Equal(rows, await RowsAsync());
    }

    [Fact]
    public async Task A_memory_import_reports_bad_lines_and_a_strict_one_writes_nothing()
    {
        const string lines = """
            {"content":"the owner likes jasmine tea","tags":"tea,drinks","timestamp":"2024-05-01T08:00:00Z"}
            {"content":
            {"content":"a plant","importance":42}
            {"content":"a walk","timestamp":1714550400000}
            """;
        var (status, body) = await PostNdjsonAsync("/api/import?strict=true", lines);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Equal("failed", body.GetProperty("status").GetString());
        Assert.Empty(await RowsAsync());

        (status, body) = await PostNdjsonAsync("/api/import", lines);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Equal("partial", body.GetProperty("status").GetString());
        Assert.Equal(2, body.GetProperty("written").GetInt64());
        Assert.Equal(["line 2", "line 3"], body.GetProperty("errors").EnumerateArray().Select(e => e.GetString()![..6]));
        var stored = await Server.App.Store.Memories.ListAsync(new MemoryListQuery { Limit = 10 });
        Assert.Equal(["drinks", "tea"], stored.Single(m => m.Content.Contains("jasmine", StringComparison.Ordinal)).Tags.Order());
        Assert.Equal(1_714_550_400_000, stored.Single(m => m.Content == "a walk").Timestamp.ToUnixTimeMilliseconds());

        (status, body) = await PostNdjsonAsync("/api/import", """{"content":"fine"}""" + "\n");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("success", body.GetProperty("status").GetString());

        // The memory route takes the same lines.
        (status, body) = await PostNdjsonAsync("/api/memories/import", """{"content":"by the memory route","tags":["x"]}""" + "\n" + """{"content":5}""");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Equal(1, body.GetProperty("written").GetInt64());
        Assert.StartsWith("line 2: 'content'", body.GetProperty("errors")[0].GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("application/json", HttpStatusCode.UnsupportedMediaType)]
    [InlineData("text/plain", HttpStatusCode.UnsupportedMediaType)]
    [InlineData("application/x-ndjson; charset=latin1", HttpStatusCode.UnsupportedMediaType)]
    public async Task The_import_takes_only_json_lines(string contentType, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/import") { Content = new ByteArrayContent("""{"content":"x"}"""u8.ToArray()) };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        using var response = await Server.Client.SendAsync(request);
        Assert.Equal(expected, response.StatusCode);
        Assert.Empty(await RowsAsync());
    }

    [Fact]
    public async Task Json_lines_are_refused_on_other_routes_and_bad_import_queries_are_400()
    {
        var (status, _) = await PostNdjsonAsync("/api/memories", """{"content":"x"}""");
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, status);
        (status, _) = await PostNdjsonAsync("/api/import?strict=maybe", """{"content":"x"}""");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        (status, _) = await PostNdjsonAsync("/api/import", string.Empty);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        (status, var body) = await PostNdjsonAsync("/api/import", """{"kind":"header","format":"perocore-export","version":99}""" + "\n" + """{"kind":"memory","id":5,"content":"x"}""");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Equal("failed", body.GetProperty("status").GetString());
        Assert.Empty(await RowsAsync());
    }

    [Fact]
    public async Task An_export_file_with_bad_records_reports_each_and_keeps_the_rest()
    {
        var lines = string.Join('\n',
            """{"kind":"header","format":"perocore-export","version":1,"embedding_model":"other:3","dimensions":3}""",
            """{"kind":"memory","id":7,"content":"restored without a vector","tags":"a","importance":2,"base_importance":2,"access_count":0,"last_accessed":1,"sentiment":"neutral","timestamp":1700000000000,"source":"x","type":"event","updated_at":1,"embedding":"AACAPwAAAEAAAEBA","embedding_model":"other:3"}""",
            """{"kind":"memory","id":8,"content":"","last_accessed":1,"timestamp":1,"updated_at":1}""",
            """{"kind":"relation","id":1,"source_id":7,"target_id":999,"relation_type":"thematic","strength":0.5,"created_at":1}""",
            """{"kind":"spaceship","id":1}""",
            """{"kind":"memory","id":9,"content":"x","colour":"red"}""",
            """{"kind":"memory","id":10,"content":{"nested":true}}""",
            """{"no_kind":1}""");
        var (status, body) = await PostNdjsonAsync("/api/import", lines);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Equal(["line 3", "line 4", "line 5", "line 6", "line 7", "line 8"], body.GetProperty("errors").EnumerateArray().Select(e => e.GetString()![..6]));
        var stored = Assert.Single(await RowsAsync());
        Assert.Contains("restored without a vector", stored, StringComparison.Ordinal);

        // The vector came from another model, so the text is embedded again with this one and the memory is found.
        for (var i = 0; i < 100 && Server.App.Engine.Index.Count == 0; i++)
        {
            await Task.Delay(50);
        }

        Assert.Contains(7L, (await SearchAsync("restored without a vector")));
    }

    [Fact]
    public async Task The_reset_refuses_a_body_and_cross_site_requests_and_changes_nothing()
    {
        var (status, _) = await SendAsync(HttpMethod.Post, "/api/memories", """{"content":"keep me"}""");
        Assert.Equal(HttpStatusCode.OK, status);

        (status, _) = await SendAsync(HttpMethod.Post, "/api/system/reset", "{}");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        (status, _) = await SendAsync(HttpMethod.Post, "/api/system/reset", string.Empty);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        using (var request = new HttpRequestMessage(HttpMethod.Post, "/api/system/reset"))
        {
            request.Headers.TryAddWithoutValidation("Origin", "https://evil.example");
            using var response = await Server.Client.SendAsync(request);
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        }

        Assert.Single(await RowsAsync());
    }

    [Fact]
    public async Task The_reset_message_follows_the_prompt_language()
    {
        await Server.App.Store.Config.SetAsync("prompt_language", "zh");
        using var response = await Server.Client.PostAsync("/api/system/reset", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var message = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("message").GetString()!;
        Assert.Contains("出厂", message, StringComparison.Ordinal);
        Assert.DoesNotContain("reset", message, StringComparison.OrdinalIgnoreCase);
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> PostNdjsonAsync(string path, string lines)
    {
        using var content = new StringContent(lines, Encoding.UTF8, "application/x-ndjson");
        using var response = await Server.Client.PostAsync(path, content);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    private async Task<List<string>> RowsAsync() =>
        [.. (await Server.App.Store.Memories.ListAsync(new MemoryListQuery { Limit = 1000 })).OrderBy(m => m.Id).Select(m => string.Join('|',
            m.Id, m.Content, string.Join(',', m.Tags), m.Importance, m.BaseImportance.ToString(CultureInfo.InvariantCulture), m.AccessCount,
            m.Timestamp.ToUnixTimeMilliseconds(), m.LastAccessed.ToUnixTimeMilliseconds(), m.UpdatedAt.ToUnixTimeMilliseconds(), m.PrevId, m.NextId,
            m.Type, m.Source, m.Sentiment, m.Clusters, m.MsgTimestamp, m.EmbeddingModel))];

    private async Task<List<string>> RelationsAsync() =>
        [.. (await Server.App.Store.Relations.ListAllAsync()).OrderBy(r => r.Id).Select(r => string.Join('|',
            r.Id, r.SourceId, r.TargetId, r.RelationType, r.Strength.ToString(CultureInfo.InvariantCulture), r.Description, r.CreatedAt.ToUnixTimeMilliseconds()))];

    private async Task<List<string>> SearchAllAsync()
    {
        var results = new List<string>();
        foreach (var q in Queries)
        {
            results.Add(q + ": " + string.Join(',', await SearchAsync(q)));
        }

        return results;
    }

    private async Task<long[]> SearchAsync(string query) =>
        [.. (await GetJsonAsync($"/api/memories/search?q={Uri.EscapeDataString(query)}&limit=10")).EnumerateArray().Select(h => h.GetProperty("memory").GetProperty("id").GetInt64())];
}
