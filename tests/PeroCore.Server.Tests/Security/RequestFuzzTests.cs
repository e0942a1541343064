using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Routing;
using Xunit.Abstractions;
using PeroCore.Memory.Storage;

namespace PeroCore.Server.Tests.Security;

/// <summary>
/// Sends 10,000 generated malformed requests across every route the server maps (read from its endpoint table, so a new
/// route is fuzzed without being listed here) and checks that none gets a 5xx, that every state-changing one is
/// refused with a 4xx, and that the stored data is exactly as before.
/// </summary>
public sealed class RequestFuzzTests(ITestOutputHelper output) : ApiTestBase
{
    private const int RequestCount = 10_000;
    private const long MissingId = 987_654_321;

    /// <summary>A valid body per route (never sent as is) and its typed fields: field → the JSON kind it must have.</summary>
    private static readonly Dictionary<string, (string Body, Dictionary<string, string> Typed)> Templates = new(StringComparer.Ordinal)
    {
        ["POST /api/chat"] = ("""{"messages":[{"role":"user","content":"hello"}],"sessionId":"fuzz","source":"desktop"}""",
            new() { ["messages"] = "array", ["sessionId"] = "string", ["source"] = "string" }),
        ["POST /api/task/{session}/inject"] = ("""{"instruction":"go on"}""", new() { ["instruction"] = "string" }),
        ["POST /api/configs"] = ("""{"owner_name":"Zed"}""", new() { ["owner_name"] = "string" }),
        ["POST /api/companion/toggle"] = ("""{"enabled":true}""", new() { ["enabled"] = "bool" }),
        ["POST /api/models"] = ("""{"name":"fuzz","model_id":"m","temperature":0.5}""", new() { ["name"] = "string", ["model_id"] = "string", ["temperature"] = "number" }),
        ["PUT /api/models/{id:long}"] = ("""{"name":"renamed","temperature":0.3}""", new() { ["name"] = "string", ["temperature"] = "number" }),
        ["POST /api/models/remote"] = ("""{"api_base":"http://127.0.0.1:9/v1"}""", new() { ["api_base"] = "string" }),
        ["PATCH /api/history/{id:long}"] = ("""{"content":"edited"}""", new() { ["content"] = "string" }),
        ["POST /api/memories"] = ("""{"content":"fuzzed memory","tags":["a"],"importance":3}""", new() { ["content"] = "string", ["importance"] = "number", ["tags"] = "tags" }),
        ["POST /api/backup"] = ("""{"path":"relative/backup.db","force":false}""", new() { ["path"] = "string", ["force"] = "bool" }),
        ["POST /api/import"] = ("""{"content":"fuzzed import","tags":"a,b","importance":3}""", new() { ["content"] = "string", ["importance"] = "number", ["tags"] = "tags" }),
        ["PATCH /api/memories/{id:long}"] = ("""{"content":"edited memory","tags":"a,b","importance":4,"type":"event"}""",
            new() { ["content"] = "string", ["importance"] = "number", ["tags"] = "tags", ["type"] = "string" }),
        ["POST /api/open-path"] = ("""{"path":"/tmp/x"}""", new() { ["path"] = "string" }),
        ["POST /api/events/read"] = ("""{"up_to":1}""", new() { ["up_to"] = "number" }),
        ["POST /api/memories/import"] = ("""{"content":"fuzzed import","tags":["a"],"importance":3}""", new() { ["content"] = "string", ["importance"] = "number", ["tags"] = "tags" }),
        ["POST /api/memories/relations"] = ("""{"source_id":1,"target_id":2,"strength":0.5}""", new() { ["source_id"] = "number", ["target_id"] = "number", ["strength"] = "number" }),
        ["POST /api/voice-configs"] = ("""{"type":"tts","name":"fuzz voice","provider":"openai_compatible","api_base":"http://127.0.0.1:9/v1","is_active":true}""",
            new() { ["type"] = "string", ["name"] = "string", ["is_active"] = "bool" }),
        ["PUT /api/voice-configs/{id:long}"] = ("""{"name":"renamed voice","model":"m","is_active":true}""", new() { ["name"] = "string", ["model"] = "string", ["is_active"] = "bool" }),
        ["POST /api/voice/tts"] = ("""{"text":"hello"}""", new() { ["text"] = "string" }),
        ["POST /api/tasks"] = ("""{"type":"reminder","time":"in 10 minutes","content":"stretch"}""", new() { ["type"] = "string", ["time"] = "string", ["content"] = "string" }),
        ["PATCH /api/tasks/{id:long}"] = ("""{"time":"tomorrow 9:00","content":"stretch more"}""", new() { ["time"] = "string", ["content"] = "string" }),
        ["POST /api/mcp"] = ("""{"name":"fuzz mcp","type":"stdio","command":"true","args":["a"],"enabled":false}""",
            new() { ["name"] = "string", ["command"] = "string", ["enabled"] = "bool" }),
        ["PUT /api/mcp/{id:long}"] = ("""{"name":"renamed mcp","enabled":false}""", new() { ["name"] = "string", ["enabled"] = "bool" }),
        ["PATCH /api/mcp/{id:long}"] = ("""{"name":"renamed mcp","enabled":false}""", new() { ["name"] = "string", ["enabled"] = "bool" }),
        ["POST /api/confirmations/{id}"] = ("""{"approved":false}""", new() { ["approved"] = "bool" }),
        ["POST /api/tools/switches"] = ("""{"group":"WebOps","enabled":false}""", new() { ["group"] = "string", ["enabled"] = "bool" }),
        ["POST /api/models/test"] = ("""{"api_base":"http://127.0.0.1:9/v1","model_id":"m"}""", new() { ["api_base"] = "string", ["model_id"] = "string" }),
    };

    private readonly Random _random = new(20261202);
    private long[] _ids = [];

    [Fact]
    public async Task Ten_thousand_malformed_requests_make_no_server_error_and_change_nothing()
    {
        await SeedAsync();
        var routes = Routes();
        Assert.True(routes.Count >= 30, $"only {routes.Count} routes found");
        // Every template must name a mapped route, or its typed mutations would silently never run.
        var mapped = routes.Select(r => $"{r.Method} {r.Pattern}").ToHashSet(StringComparer.Ordinal);
        Assert.All(Templates.Keys, key => Assert.Contains(key, mapped));
        var before = await SnapshotAsync();

        var failures = new List<string>();
        var perStatus = new SortedDictionary<int, int>();
        for (var i = 0; i < RequestCount; i++)
        {
            var (method, pattern) = routes[i % routes.Count];
            var generated = Generate(method, pattern);
            using var request = generated.ToRequest();
            // Headers only: GET /api/events is an endless stream (disposing the response closes it).
            using var response = await Server.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            var status = (int)response.StatusCode;
            perStatus[status] = perStatus.GetValueOrDefault(status) + 1;
            // A request with a malformed body or a cross-site header must be refused; a bodyless request on a row that
            // does not exist may answer 200 (DELETE by timestamp deletes nothing) as long as the data stays the same.
            var mustBeRefused = method != "GET" && (generated.Body is not null || generated.Headers.Length > 0);
            if (status >= 500 || (mustBeRefused && status is < 400))
            {
                var text = await response.Content.ReadAsStringAsync();
                failures.Add($"#{i} {generated} -> {status}: {(text.Length > 300 ? text[..300] : text)}");
            }
        }

        output.WriteLine($"{RequestCount} requests over {routes.Count} routes: " + string.Join(", ", perStatus.Select(p => $"{p.Key}×{p.Value}")));
        Assert.True(failures.Count == 0, $"{failures.Count} bad answers ({string.Join(", ", perStatus.Select(p => $"{p.Key}×{p.Value}"))}):\n" +
                                         string.Join("\n", failures.Take(15)));
        Assert.Equal(before, await SnapshotAsync());
    }

    private List<(string Method, string Pattern)> Routes()
    {
        var endpoints = ((IEndpointRouteBuilder)Server.App.App).DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>();
        return endpoints
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                .Select(m => (m, (e.RoutePattern.RawText ?? "/").TrimEnd('/') is { Length: > 0 } p ? p : "/")))
            .Where(r => r.Item2.StartsWith("/api", StringComparison.Ordinal) || r.Item2 == "/health")
            .Distinct()
            .OrderBy(r => r.Item2, StringComparer.Ordinal).ThenBy(r => r.m, StringComparer.Ordinal)
            .ToList();
    }

    private FuzzRequest Generate(string method, string pattern)
    {
        var hasTemplate = Templates.TryGetValue($"{method} {pattern}", out var template);
        var takesBody = hasTemplate || method is "POST" or "PUT" or "PATCH" && !pattern.EndsWith("pause", StringComparison.Ordinal) &&
                        !pattern.EndsWith("resume", StringComparison.Ordinal) && !pattern.EndsWith("retry_analysis", StringComparison.Ordinal) &&
                        !pattern.EndsWith("/run", StringComparison.Ordinal) && !pattern.EndsWith("/tasks/check", StringComparison.Ordinal) && !pattern.StartsWith("/api/maintenance/undo/", StringComparison.Ordinal) &&
                        !pattern.EndsWith("archive", StringComparison.Ordinal) && !pattern.Contains("/revert/", StringComparison.Ordinal);
        if (method == "GET")
        {
            return new FuzzRequest(method, Path(pattern, useExisting: _random.Next(2) == 0) + BadQuery(), null, null, []);
        }

        if (!takesBody)
        {
            // A route without a body acts on its path alone: it gets either a row that does not exist or a cross-site
            // request for a row that does (both must change nothing).
            return _random.Next(3) switch
            {
                0 => new FuzzRequest(method, Path(pattern, useExisting: true), null, null, [CrossSiteHeader()]),
                1 => new FuzzRequest(method, Path(pattern, useExisting: true), "owner_name=mallory"u8.ToArray(), "text/plain", [CrossSiteHeader()]),
                _ => new FuzzRequest(method, Path(pattern, useExisting: false), null, null, []),
            };
        }

        var (valid, typed) = hasTemplate ? template : ("""{"value":"x"}""", []);
        var path = Path(pattern, useExisting: _random.Next(4) != 0);
        const string json = "application/json";
        return _random.Next(16) switch
        {
            0 => new(method, path, ReplaceString(valid, [(byte)'"', (byte)'x', 0xFF, 0xC3, (byte)'"']), json, []),
            1 => new(method, path, ReplaceString(valid, "\"\\ud83d\""u8.ToArray()), json, []),
            2 => new(method, path, ReplaceString(valid, "\"a\\u0000b\""u8.ToArray()), json, []),
            3 => new(method, path, AddProperty(valid, [(byte)'"', 0xC0, 0x80, (byte)'"'], "1"u8.ToArray()), json, []),
            4 => new(method, path, Encoding.UTF8.GetBytes(valid[..Math.Max(0, _random.Next(valid.Length))]), json, []),
            5 => new(method, path, Encoding.UTF8.GetBytes(Pick("[]", "\"text\"", "1", "null", "true", "[{}]")), json, []),
            6 => new(method, path, Encoding.UTF8.GetBytes(valid), Pick("text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=b", "application/jsonx", "application/xml", "text/json"), []),
            7 => new(method, path, Encoding.UTF8.GetBytes(valid), json, [CrossSiteHeader()]),
            8 => new(method, path, ReplaceString(valid, Encoding.UTF8.GetBytes("\"" + new string('w', 100_001) + "\"")), json, []),
            9 => new(method, path, AddProperty(valid, "\"deep\""u8.ToArray(), Encoding.UTF8.GetBytes(new string('[', 80) + new string(']', 80))), json, []),
            10 => new(method, path, [0x01, .. RandomBytes(_random.Next(1, 64))], json, []),
            11 => new(method, path, Encoding.UTF8.GetBytes(valid + Pick(" x", "}", ",", "{}", "\"")), json, []),
            12 => new(method, path, AddProperty(valid, Encoding.UTF8.GetBytes(JsonSerializer.Serialize(FirstProperty(valid))), "1"u8.ToArray()), json, []),
            13 => new(method, path, Encoding.UTF8.GetBytes(valid), json, [("Sec-Fetch-Site", Pick("cross-site", "same-site"))]),
            _ when typed.Count > 0 => new(method, path, WrongType(valid, typed), json, []),
            _ => new(method, path, Encoding.UTF8.GetBytes(valid), json, [("Origin", "null")]),
        };
    }

    private string Path(string pattern, bool useExisting)
    {
        var segments = pattern.Split('/');
        for (var i = 0; i < segments.Length; i++)
        {
            var s = segments[i];
            if (!s.StartsWith('{'))
            {
                segments[i] = _random.Next(8) == 0 ? s.ToUpperInvariant() : s;
                continue;
            }

            segments[i] = s.Contains(":long", StringComparison.Ordinal)
                ? (useExisting ? Pick(_ids).ToString(CultureInfo.InvariantCulture)
                    : Pick(MissingId.ToString(CultureInfo.InvariantCulture), "-3", "0", "abc", "99999999999999999999999", "1.5", "%00", "%FF"))
                : Pick("fuzz", "no-such-session", "%00", "%FF%FE", "%E4%BD%A0", new string('s', 300), "..%2F..%2Fetc", "a%2Fb", "%20");
        }

        return string.Join('/', segments);
    }

    private string BadQuery() => _random.Next(10) switch
    {
        0 => "?limit=" + Pick("abc", "-1", "0", "1001", "99999999999", "", "1e3", "%00"),
        1 => "?offset=" + Pick("-1", "x", "99999999999"),
        2 => "?q=" + Pick("", "%00", "%FF%FE", "%20", new string('q', 5000), "\"", "NEBULA-2287", "*", "a%20OR%20b") + "&limit=" + Pick("5", "0", "x"),
        3 => "?date=" + Pick("2026-13-01", "yesterday", "%00", "2026-02-30"),
        4 => "?date_start=" + Pick("x", "2026-1-1") + "&date_end=" + Pick("", "2026-99-99"),
        5 => "?sort=" + Pick("up", "DESC", "%00"),
        6 => "?tags=" + Pick("%00", "%FF", ",,,", new string('t', 3000)),
        7 => "?limit=5&limit=6",
        8 => "?last_event_id=" + Pick("x", "-1", "1.5", "%00", "99999999999999999999", ""),
        _ => string.Empty,
    };

    private byte[] ReplaceString(string valid, byte[] badToken)
    {
        var node = JsonNode.Parse(valid)!.AsObject();
        var stringFields = node.Where(p => p.Value is JsonValue v && v.GetValueKind() == JsonValueKind.String).Select(p => p.Key).ToList();
        if (stringFields.Count == 0)
        {
            return AddProperty(valid, "\"note\""u8.ToArray(), badToken);
        }

        const string marker = "\"__FUZZ_SLOT__\"";
        node[stringFields[_random.Next(stringFields.Count)]] = "__FUZZ_SLOT__";
        var text = node.ToJsonString();
        var at = text.IndexOf(marker, StringComparison.Ordinal);
        return [.. Encoding.UTF8.GetBytes(text[..at]), .. badToken, .. Encoding.UTF8.GetBytes(text[(at + marker.Length)..])];
    }

    private static byte[] AddProperty(string valid, byte[] name, byte[] value) =>
        [.. Encoding.UTF8.GetBytes(valid.TrimEnd()[..^1]), (byte)',', .. name, (byte)':', .. value, (byte)'}'];

    private static string FirstProperty(string valid) => JsonNode.Parse(valid)!.AsObject().First().Key;

    private byte[] WrongType(string valid, Dictionary<string, string> typed)
    {
        var node = JsonNode.Parse(valid)!.AsObject();
        var (field, kind) = typed.ElementAt(_random.Next(typed.Count));
        node[field] = kind switch
        {
            "string" => Pick<JsonNode>(12345, true, new JsonObject { ["k"] = 1 }, new JsonArray(1, 2)),
            "number" => Pick<JsonNode>("7", true, new JsonObject(), new JsonArray(), "NaN"),
            "bool" => Pick<JsonNode>("true", 1, new JsonObject(), new JsonArray()),
            "tags" => Pick<JsonNode>(5, true, new JsonObject { ["a"] = 1 }, new JsonArray(1, 2), new JsonArray(new JsonObject())),
            _ => Pick<JsonNode>(5, "text", true, new JsonObject { ["a"] = 1 }),
        };
        return Encoding.UTF8.GetBytes(node.ToJsonString());
    }

    private (string Name, string Value) CrossSiteHeader() =>
        _random.Next(2) == 0 ? ("Origin", Pick("https://evil.example", "null", "http://127.0.0.1:1")) : ("Sec-Fetch-Site", "cross-site");

    private byte[] RandomBytes(int count)
    {
        var bytes = new byte[count];
        _random.NextBytes(bytes);
        return bytes;
    }

    private T Pick<T>(params T[] items) => items[_random.Next(items.Length)];

    private string Pick(params string[] items) => items[_random.Next(items.Length)];

    /// <summary>Settings, a model card, three related memories, a logged exchange and a reminder.</summary>
    private async Task SeedAsync()
    {
        var store = Server.App.Store;
        await store.Config.SetAsync("owner_name", "Alice");
        await store.Config.SetAsync("global_llm_api_key", "sk-fuzz-secret-key");
        var card = await store.Models.InsertAsync(new ModelConfigRecord { Name = "main", ModelId = "m1" });
        var voice = await store.Voices.InsertAsync(new VoiceConfigRecord { Type = "tts", Name = "voice", Provider = "openai_compatible", ApiKey = "sk-voice-fuzz-key", IsActive = true });
        var a = await Server.App.Engine.AddAsync(new NewMemory { Content = "Alice planted tulips in the garden", Tags = ["garden"] });
        var b = await Server.App.Engine.AddAsync(new NewMemory { Content = "Alice's cat is called Miso", Tags = ["cat"] });
        await Server.App.Engine.AddAsync(new NewMemory { Content = "Alice likes green tea", Tags = ["tea"] });
        var relation = await Server.App.Engine.RelateAsync(a.Id, b.Id, RelationTypes.Thematic, 0.7, "both at home");
        var logged = await store.Logs.AddAsync(
        [
            new ConversationLogEntry { SessionId = "default", Source = "desktop", Role = "user", Content = "hi", PairId = "p1", AnalysisStatus = "completed" },
            new ConversationLogEntry { SessionId = "default", Source = "desktop", Role = "assistant", Content = "hello", PairId = "p1", AnalysisStatus = "completed" },
        ]);
        var task = await store.ScheduledTasks.InsertAsync(new ScheduledTaskRecord { Type = "reminder", Time = DateTimeOffset.UtcNow.AddDays(1), Content = "stretch" });
        // An "existing" route id is any of these rows; it names the right kind of row often enough to reach each handler.
        _ids = [a.Id, b.Id, card.Id, relation.Id, logged[0].Id, task.Id, voice.Id];
        await GetJsonAsync("/api/pet/state"); // created on first read; the snapshot starts after it
    }

    private async Task<string> SnapshotAsync()
    {
        var parts = new List<string>();
        foreach (var path in new[]
                 {
                     "/api/configs", "/api/models", "/api/memories?limit=1000", "/api/memories/tags", "/api/history/desktop/default?limit=1000",
                     "/api/pet/state", "/api/tasks", "/api/memories/graph?limit=1000", "/api/companion/status", "/api/voice-configs",
                 })
        {
            parts.Add(path + " " + (await GetJsonAsync(path)).GetRawText());
        }

        foreach (var id in _ids)
        {
            parts.Add($"relations {id} " + (await GetJsonAsync($"/api/memories/{id}/relations")).GetRawText());
        }

        return string.Join("\n", parts);
    }

    private sealed record FuzzRequest(string Method, string Path, byte[]? Body, string? ContentType, (string Name, string Value)[] Headers)
    {
        public HttpRequestMessage ToRequest()
        {
            var request = new HttpRequestMessage(new HttpMethod(Method), new Uri(Path, UriKind.Relative));
            if (Body is not null)
            {
                request.Content = new ByteArrayContent(Body);
                if (ContentType is not null)
                {
                    request.Content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
                }
            }

            foreach (var (name, value) in Headers)
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }

            return request;
        }

        public override string ToString()
        {
            var body = Body is null ? "" : Encoding.UTF8.GetString(Body);
            return $"{Method} {(Path.Length > 120 ? Path[..120] + "…" : Path)} [{ContentType}] {string.Join(" ", Headers.Select(h => h.Name + "=" + h.Value))} " +
                   (body.Length > 160 ? body[..160] + "…" : body);
        }
    }
}
