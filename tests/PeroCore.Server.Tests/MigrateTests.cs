using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using PeroCore.Server.Cli;
using PeroCore.Server.Hosting;

namespace PeroCore.Server.Tests;

/// <summary><c>perocore migrate</c> on a database built here with the original PeroCore's schema (SQLModel tables) and odd rows.</summary>
public sealed class MigrateTests
{
    private static readonly DateTimeOffset CatTime = new(2025, 1, 1, 8, 30, 0, TimeSpan.Zero);

    [Fact]
    public async Task An_original_database_is_taken_over_and_the_report_says_what_was_left_out()
    {
        using var dir = new TempFolder();
        var original = Path.Combine(dir.Path, "perocore.db");
        await CreateOriginalAsync(original);
        var data = Path.Combine(dir.Path, "data");

        var (code, output, error) = await RunAsync("migrate", original, "--data", data, "--Embedding:Provider=Hashing");

        Assert.True(code == 0, error + output);
        Assert.Contains("memories 4/4 re-embedded", error, StringComparison.Ordinal);
        foreach (var expected in new[] { "id 3: empty content", "memory 77", "importance 42 clamped", "relation_type 'weird'", "memory_id 3 was not migrated",
                                         "'api_blob': the value is not text", "undo data", "an older state", "Unknown role" })
        {
            Assert.Contains(expected, output, StringComparison.Ordinal);
        }

        await using var app = await PeroCoreApplication.CreateAsync(["--port", "0", "--data", data, "--Embedding:Provider=Hashing", "--Agent:ScorerEnabled=false"]);
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = app.Addresses[0] };

        var memories = (await http.GetFromJsonAsync<JsonElement>("/api/memories?limit=100")).EnumerateArray().ToDictionary(m => m.GetProperty("content").GetString()!);
        Assert.Equal(["Alice went hiking in the alps", "Something very important", "The owner drinks oolong tea", "主人喜欢猫"], memories.Keys.Order(StringComparer.Ordinal));
        var cat = memories["主人喜欢猫"];
        Assert.Equal(CatTime.ToUnixTimeMilliseconds(), cat.GetProperty("timestamp").GetInt64());
        Assert.Equal("宠物,猫", cat.GetProperty("tags").GetString());
        Assert.Equal(6, cat.GetProperty("importance").GetInt32());
        Assert.Equal(3, cat.GetProperty("access_count").GetInt32());
        Assert.Equal("tea,drink", memories["The owner drinks oolong tea"].GetProperty("tags").GetString());
        Assert.Equal("2025-03-01 10:00:00", memories["Alice went hiking in the alps"].GetProperty("realTime").GetString());
        Assert.Equal(10, memories["Something very important"].GetProperty("importance").GetInt32());
        Assert.All(memories.Values, m => Assert.False(string.IsNullOrEmpty(m.GetProperty("embedding_model").GetString())));
        // The time axis follows the timestamps: cat (2025-01-01) → tea (2025-02-01) → hiking (2025-03-01).
        var tea = memories["The owner drinks oolong tea"];
        Assert.Equal(cat.GetProperty("id").GetInt64(), tea.GetProperty("prev_id").GetInt64());

        // Re-embedded and indexed: search finds it.
        var found = await http.GetFromJsonAsync<JsonElement>("/api/memories/search?q=oolong");
        Assert.Equal(tea.GetProperty("id").GetInt64(), found[0].GetProperty("memory").GetProperty("id").GetInt64());

        var relations = await http.GetFromJsonAsync<JsonElement>($"/api/memories/{cat.GetProperty("id").GetInt64()}/relations");
        Assert.Contains(relations.EnumerateArray(), r => r.GetProperty("relation_type").GetString() == "thematic" && r.GetProperty("description").GetString() == "both drinks" &&
                                                         r.GetProperty("target_id").GetInt64() == tea.GetProperty("id").GetInt64());

        var history = (await http.GetFromJsonAsync<JsonElement>("/api/history/desktop/default")).EnumerateArray().ToList();
        Assert.Equal(["user:hi", "assistant:你好，主人！", "user:orphan link"], history.Select(h => $"{h.GetProperty("role").GetString()}:{h.GetProperty("content").GetString()}"));
        Assert.Equal(cat.GetProperty("id").GetInt64(), history[0].GetProperty("memory_id").GetInt64());
        Assert.Equal(JsonValueKind.Null, history[2].GetProperty("memory_id").ValueKind);

        Assert.Equal("难过", (await http.GetFromJsonAsync<JsonElement>("/api/pet/state")).GetProperty("mood").GetString());
        var configs = await http.GetFromJsonAsync<JsonElement>("/api/configs");
        Assert.Equal("小明", configs.GetProperty("owner_name").GetString());
        var models = (await http.GetFromJsonAsync<JsonElement>("/api/models")).EnumerateArray().ToList();
        var card = Assert.Single(models);
        Assert.Equal("主模型", card.GetProperty("name").GetString());
        Assert.Equal(card.GetProperty("id").GetInt64().ToString(CultureInfo.InvariantCulture), configs.GetProperty("current_model_id").GetString());
        Assert.Contains((await http.GetFromJsonAsync<JsonElement>("/api/tasks")).EnumerateArray(), t => t.GetProperty("content").GetString() == "喝水");
        Assert.Contains(await app.Store.McpServers.ListAsync(), m => m.Name == "fs" && m.ArgsJson == "[\"-y\"]");
        Assert.Contains(await app.Store.Voices.ListAsync(), v => v.Name == "FakeTTS" && v.IsActive);

        // While the server holds the folder, a migration fails fast.
        Assert.Equal(PeroCoreCli.ExitFolderLocked, (await RunAsync("migrate", original, "--data", data, "--Embedding:Provider=Hashing")).Code);
    }

    [Fact]
    public async Task A_folder_with_data_is_refused_unless_forced_and_bad_arguments_give_the_usage()
    {
        using var dir = new TempFolder();
        var original = Path.Combine(dir.Path, "perocore.db");
        await CreateOriginalAsync(original);
        var data = Path.Combine(dir.Path, "data");
        Assert.Equal(0, (await RunAsync("migrate", original, "--data", data, "--Embedding:Provider=Hashing")).Code);

        var (again, _, refused) = await RunAsync("migrate", original, "--data", data, "--Embedding:Provider=Hashing");
        Assert.Equal(PeroCoreCli.ExitBadConfiguration, again);
        Assert.Contains("--force", refused, StringComparison.Ordinal);

        var (forced, report, forcedError) = await RunAsync("migrate", original, "--data", data, "--force", "--Embedding:Provider=Hashing");
        Assert.True(forced == 0, forcedError);
        Assert.Contains("a model card named '主模型' already exists here", report, StringComparison.Ordinal);

        var (noFile, _, usage) = await RunAsync("migrate");
        Assert.Equal(PeroCoreCli.ExitBadConfiguration, noFile);
        Assert.Contains("Usage:", usage, StringComparison.Ordinal);
        Assert.Equal(PeroCoreCli.ExitBadConfiguration, (await RunAsync("migrate", Path.Combine(dir.Path, "missing.db"), "--data", data)).Code);
        var notDb = Path.Combine(dir.Path, "notes.txt");
        await File.WriteAllTextAsync(notDb, "this is not a database, just some text that is long enough to have a header page......");
        var (bad, _, badError) = await RunAsync("migrate", notDb, "--data", Path.Combine(dir.Path, "other"), "--Embedding:Provider=Hashing");
        Assert.Equal(PeroCoreCli.ExitBadConfiguration, bad);
        Assert.DoesNotContain("   at ", badError, StringComparison.Ordinal);
        var empty = Path.Combine(dir.Path, "empty.db");
        await using (var c = new SqliteConnection($"Data Source={empty};Pooling=False"))
        {
            await c.OpenAsync();
            await Exec(c, "CREATE TABLE other (id INTEGER)");
        }

        var (noMemory, _, noMemoryError) = await RunAsync("migrate", empty, "--data", Path.Combine(dir.Path, "other2"), "--Embedding:Provider=Hashing");
        Assert.Equal(PeroCoreCli.ExitBadConfiguration, noMemory);
        Assert.Contains("no 'memory' table", noMemoryError, StringComparison.Ordinal);
    }

    private static async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await PeroCoreCli.RunAsync(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    /// <summary>The original's tables as SQLModel's create_all made them (spec: memory.md §1), with odd rows.</summary>
    private static async Task CreateOriginalAsync(string path)
    {
        // The original enabled no foreign keys (SQLModel on SQLite), so dangling ids are possible.
        await using var c = new SqliteConnection($"Data Source={path};Pooling=False;Foreign Keys=False");
        await c.OpenAsync();
        await Exec(c, """
            CREATE TABLE memory (id INTEGER NOT NULL, content VARCHAR NOT NULL, tags VARCHAR NOT NULL, clusters VARCHAR, importance INTEGER NOT NULL,
                base_importance FLOAT NOT NULL, access_count INTEGER NOT NULL, last_accessed DATETIME NOT NULL, sentiment VARCHAR NOT NULL,
                timestamp FLOAT NOT NULL, "realTime" VARCHAR NOT NULL, prev_id INTEGER, next_id INTEGER, "msgTimestamp" VARCHAR, source VARCHAR NOT NULL,
                type VARCHAR NOT NULL, embedding_json VARCHAR NOT NULL, PRIMARY KEY (id), FOREIGN KEY(prev_id) REFERENCES memory (id), FOREIGN KEY(next_id) REFERENCES memory (id));
            CREATE TABLE memoryrelation (id INTEGER NOT NULL, source_id INTEGER NOT NULL, target_id INTEGER NOT NULL, relation_type VARCHAR NOT NULL,
                strength FLOAT NOT NULL, description VARCHAR, created_at DATETIME NOT NULL, PRIMARY KEY (id));
            CREATE INDEX ix_memoryrelation_source_id ON memoryrelation (source_id);
            CREATE TABLE conversationlog (id INTEGER NOT NULL, session_id VARCHAR NOT NULL, source VARCHAR NOT NULL, role VARCHAR NOT NULL, content VARCHAR NOT NULL,
                timestamp DATETIME NOT NULL, metadata_json VARCHAR NOT NULL, pair_id VARCHAR, sentiment VARCHAR, importance INTEGER, memory_id INTEGER,
                analysis_status VARCHAR NOT NULL, retry_count INTEGER NOT NULL, last_error VARCHAR, PRIMARY KEY (id));
            CREATE TABLE petstate (id INTEGER NOT NULL, mood VARCHAR NOT NULL, vibe VARCHAR NOT NULL, mind VARCHAR NOT NULL, click_messages_json VARCHAR NOT NULL,
                idle_messages_json VARCHAR NOT NULL, back_messages_json VARCHAR NOT NULL, updated_at DATETIME NOT NULL, PRIMARY KEY (id));
            CREATE TABLE scheduledtask (id INTEGER NOT NULL, type VARCHAR NOT NULL, time VARCHAR NOT NULL, content VARCHAR NOT NULL, is_triggered BOOLEAN NOT NULL,
                created_at DATETIME NOT NULL, PRIMARY KEY (id));
            CREATE TABLE config (key VARCHAR NOT NULL, value VARCHAR NOT NULL, updated_at DATETIME NOT NULL, PRIMARY KEY (key));
            CREATE TABLE aimodelconfig (id INTEGER NOT NULL, name VARCHAR NOT NULL, model_id VARCHAR NOT NULL, provider VARCHAR NOT NULL, provider_type VARCHAR NOT NULL,
                api_key VARCHAR, api_base VARCHAR, temperature FLOAT NOT NULL, top_p FLOAT, max_tokens INTEGER, stream BOOLEAN NOT NULL, is_multimodal BOOLEAN NOT NULL,
                enable_vision BOOLEAN NOT NULL, enable_voice BOOLEAN NOT NULL, enable_video BOOLEAN NOT NULL, created_at DATETIME NOT NULL, updated_at DATETIME NOT NULL,
                PRIMARY KEY (id));
            CREATE UNIQUE INDEX ix_aimodelconfig_name ON aimodelconfig (name);
            CREATE TABLE voiceconfig (id INTEGER NOT NULL, type VARCHAR NOT NULL, name VARCHAR NOT NULL, provider VARCHAR NOT NULL, api_key VARCHAR, api_base VARCHAR,
                model VARCHAR, config_json VARCHAR NOT NULL, is_active BOOLEAN NOT NULL, created_at DATETIME NOT NULL, updated_at DATETIME NOT NULL, PRIMARY KEY (id));
            CREATE TABLE mcpconfig (id INTEGER NOT NULL, name VARCHAR NOT NULL, type VARCHAR NOT NULL, command VARCHAR, args VARCHAR NOT NULL, env VARCHAR NOT NULL,
                url VARCHAR, enabled BOOLEAN NOT NULL, created_at DATETIME NOT NULL, updated_at DATETIME NOT NULL, PRIMARY KEY (id));
            CREATE TABLE maintenancerecord (id INTEGER NOT NULL, timestamp DATETIME NOT NULL, preferences_extracted INTEGER NOT NULL, important_tagged INTEGER NOT NULL,
                consolidated INTEGER NOT NULL, cleaned_count INTEGER NOT NULL, created_ids VARCHAR NOT NULL, deleted_data VARCHAR NOT NULL, modified_data VARCHAR NOT NULL,
                PRIMARY KEY (id));
            """);
        var cat = CatTime.ToUnixTimeMilliseconds() + 0.25; // float ms, as datetime.timestamp()*1000 wrote it
        var teaMs = new DateTimeOffset(2025, 2, 1, 9, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
        await Exec(c, $$"""
            INSERT INTO memory VALUES (1, '主人喜欢猫', '宠物,猫', NULL, 6, 6.0, 3, '2025-01-02 10:00:00.000000', 'happy', {{cat.ToString(CultureInfo.InvariantCulture)}}, '2025-01-01 16:30:00', NULL, 2, 'm-1', 'desktop', 'interaction_summary', '[0.1, 0.2]');
            INSERT INTO memory VALUES (2, 'The owner drinks oolong tea', 'tea，drink', NULL, 2, 2.0, 0, '2025-02-01 09:00:00.000000', 'neutral', {{teaMs}}, '2025-02-01 17:00:00', 1, 99, NULL, 'desktop', 'event', 'not json at all');
            INSERT INTO memory VALUES (3, '   ', '', NULL, 1, 1.0, 0, '2025-02-02 09:00:00.000000', 'neutral', {{teaMs + 1000}}, '', 2, NULL, NULL, 'desktop', 'event', '[]');
            INSERT INTO memory VALUES (4, 'Alice went hiking in the alps', 'travel', NULL, 3, 3.0, 0, '2025-03-01 10:00:00.000000', 'neutral', 'abc', '2025-03-01 10:00:00', 12345, NULL, NULL, 'desktop', 'event', '[]');
            INSERT INTO memory VALUES (5, 'Something very important', '', NULL, 42, 99.0, 0, '2025-03-02 10:00:00.000000', 'neutral', {{teaMs + 86_400_000L * 40}}, '', NULL, NULL, NULL, 'desktop', 'event', '[]');
            INSERT INTO memoryrelation VALUES (1, 1, 2, 'thematic', 0.8, 'both drinks', '2025-02-01 09:00:00');
            INSERT INTO memoryrelation VALUES (2, 1, 77, 'associative', 0.5, NULL, '2025-02-01 09:00:00');
            INSERT INTO memoryrelation VALUES (3, 2, 3, 'associative', 0.5, NULL, '2025-02-01 09:00:00');
            INSERT INTO memoryrelation VALUES (4, 4, 5, 'weird', 3.0, NULL, '2025-02-01 09:00:00');
            INSERT INTO conversationlog VALUES (1, 'default', 'desktop', 'user', 'hi', '2025-01-01 16:29:00.123456', '{}', 'p1', NULL, NULL, 1, 'completed', 0, NULL);
            INSERT INTO conversationlog VALUES (2, 'default', 'desktop', 'assistant', '你好，主人！', '2025-01-01 16:29:01.000000', 'not json', 'p1', 'happy', 3, 1, 'completed', 0, NULL);
            INSERT INTO conversationlog VALUES (3, 'default', 'desktop', 'user', 'orphan link', '2025-01-02 16:29:01.000000', '{}', 'p2', NULL, NULL, 3, 'weird-status', 0, NULL);
            INSERT INTO conversationlog VALUES (4, 'default', 'desktop', 'narrator', 'once upon a time', '2025-01-03 16:29:01.000000', '{}', 'p3', NULL, NULL, NULL, 'pending', 0, NULL);
            INSERT INTO petstate VALUES (1, '开心', '活泼', '正在想主人...', '{}', '[]', '[]', '2025-01-01 10:00:00.000000');
            INSERT INTO petstate VALUES (2, '难过', '安静', '主人去哪了', '{"head":["别摸头"]}', '[]', '[]', '2025-02-01 10:00:00.000000');
            INSERT INTO scheduledtask VALUES (1, 'reminder', '2030-01-01 09:00:00', '喝水', 0, '2025-01-01 10:00:00.000000');
            INSERT INTO config VALUES ('owner_name', '小明', '2025-01-01 10:00:00');
            INSERT INTO config VALUES ('current_model_id', '1', '2025-01-01 10:00:00');
            INSERT INTO config VALUES ('api_blob', X'00FF', '2025-01-01 10:00:00');
            INSERT INTO aimodelconfig VALUES (1, '主模型', 'gpt-x', 'openai', 'global', 'sk-original', NULL, 0.5, NULL, NULL, 1, 0, 0, 0, 0, '2025-01-01', '2025-01-01');
            INSERT INTO voiceconfig VALUES (1, 'tts', 'FakeTTS', 'openai_compatible', 'k', 'http://127.0.0.1:9/v1', 'tts-1', '{"voice":"alloy"}', 1, '2025-01-01', '2025-01-01');
            INSERT INTO mcpconfig VALUES (1, 'fs', 'stdio', 'npx', '["-y"]', '{}', NULL, 1, '2025-01-01', '2025-01-01');
            INSERT INTO maintenancerecord VALUES (1, '2025-01-05 10:00:00', 0, 0, 1, 0, '[]', '[]', '[]');
            """);
    }

    private static async Task Exec(SqliteConnection c, string sql)
    {
        await using var command = c.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
