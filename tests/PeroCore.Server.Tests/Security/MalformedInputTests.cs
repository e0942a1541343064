using System.Net;
using System.Text;
using System.Text.Json;

namespace PeroCore.Server.Tests.Security;

/// <summary>
/// Text a store cannot keep (invalid UTF-8, lone surrogates, NUL), wrong element types and oversize values get a 4xx
/// naming the field on every route that takes a body, never a 500, and nothing is stored.
/// </summary>
public sealed class MalformedInputTests : ApiTestBase
{
    /// <summary>Bodies with the slot <c>@</c> where a bad string goes, and the field the error must name.</summary>
    private static readonly (string Method, string Path, string Template, string Field)[] Routes =
    [
        ("POST", "/api/chat", """{"messages":[{"role":"user","content":@}]}""", "messages[0].content"),
        ("POST", "/api/task/default/inject", """{"instruction":@}""", "instruction"),
        ("POST", "/api/configs", """{"owner_name":@}""", "owner_name"),
        ("POST", "/api/companion/toggle", """{"enabled":true,"note":@}""", "note"),
        ("POST", "/api/models", """{"name":@,"model_id":"m"}""", "name"),
        ("PUT", "/api/models/1", """{"name":@}""", "name"),
        ("POST", "/api/models/remote", """{"api_base":@}""", "api_base"),
        ("PATCH", "/api/history/1", """{"content":@}""", "content"),
        ("POST", "/api/memories", """{"content":@}""", "content"),
        ("POST", "/api/memories", """{"content":"fine","tags":[@]}""", "tags[0]"),
        ("POST", "/api/memories/relations", """{"source_id":1,"target_id":2,"description":@}""", "description"),
    ];

    /// <summary>Bad string values as raw bytes of a JSON string token.</summary>
    private static readonly byte[][] BadStrings =
    [
        [(byte)'"', (byte)'a', 0xFF, 0xFE, (byte)'b', (byte)'"'],          // invalid UTF-8
        [(byte)'"', 0xC0, 0xAF, (byte)'"'],                                 // overlong UTF-8
        [(byte)'"', 0xED, 0xA0, 0x80, (byte)'"'],                           // an encoded surrogate
        Encoding.ASCII.GetBytes("\"\\ud800\""),                             // escaped lone high surrogate
        Encoding.ASCII.GetBytes("\"x\\udc00y\""),                           // escaped lone low surrogate
        Encoding.ASCII.GetBytes("\"a\\u0000b\""),                           // escaped NUL
    ];

    public static TheoryData<int, int> Cases()
    {
        var data = new TheoryData<int, int>();
        for (var r = 0; r < Routes.Length; r++)
        {
            for (var s = 0; s < BadStrings.Length; s++)
            {
                data.Add(r, s);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Bad_text_in_a_value_is_a_400_naming_the_field(int route, int bad)
    {
        await SeedAsync();
        var (method, path, template, field) = Routes[route];
        var (status, detail) = await SendRawAsync(method, path, Fill(template, BadStrings[bad]));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains($"'{field}'", detail, StringComparison.Ordinal);
        await AssertNothingStoredAsync();
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Bad_text_in_a_property_name_is_a_400(int route, int bad)
    {
        await SeedAsync();
        var (method, path, template, _) = Routes[route];
        var body = Fill(template, "\"x\""u8.ToArray());
        // Put the bad string as an extra property name inside the outermost object.
        var withName = body[..^1].Concat(","u8.ToArray()).Concat(BadStrings[bad]).Concat(":1}"u8.ToArray()).ToArray();
        var (status, detail) = await SendRawAsync(method, path, withName);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("property name", detail, StringComparison.Ordinal);
        await AssertNothingStoredAsync();
    }

    [Theory]
    [InlineData("[1,2]", "tags[0]")]
    [InlineData("[{}]", "tags[0]")]
    [InlineData("[\"ok\",null]", "tags[1]")]
    [InlineData("[[\"a\"]]", "tags[0]")]
    [InlineData("5", "tags")]
    [InlineData("{\"a\":1}", "tags")]
    [InlineData("true", "tags")]
    public async Task Tags_of_the_wrong_type_are_a_422_naming_the_element(string tags, string field)
    {
        var (status, detail) = await SendRawAsync("POST", "/api/memories", Encoding.UTF8.GetBytes($$"""{"content":"x","tags":{{tags}}}"""));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Contains($"'{field}'", detail, StringComparison.Ordinal);
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task Memory_content_over_the_limit_is_refused_not_cut()
    {
        var (status, detail) = await SendRawAsync("POST", "/api/memories", Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { content = new string('m', 4001) })));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Contains("'content' is 4001 characters long; the limit is 4000", detail, StringComparison.Ordinal);
        await AssertNothingStoredAsync();

        var (ok, _) = await SendRawAsync("POST", "/api/memories", Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { content = new string('m', 4000) })));
        Assert.Equal(HttpStatusCode.OK, ok);
        Assert.Equal(4000, Assert.Single(await Server.App.Store.Memories.ListAsync(new PeroCore.Memory.Storage.MemoryListQuery { Limit = 10 })).Content.Length);
    }

    [Theory]
    [InlineData("POST", "/api/models", "name")]
    [InlineData("POST", "/api/models", "model_id")]
    [InlineData("POST", "/api/chat", "session_id")]
    [InlineData("POST", "/api/memories", "source")]
    public async Task Names_over_the_limit_are_a_422_naming_the_field(string method, string path, string field)
    {
        var body = new Dictionary<string, object>
        {
            ["name"] = "n", ["model_id"] = "m", ["content"] = "c",
            ["messages"] = new[] { new { role = "user", content = "hi" } },
        };
        body[field] = new string('n', 201);
        var (status, detail) = await SendRawAsync(method, path, JsonSerializer.SerializeToUtf8Bytes(body.Where(p => Relevant(path, p.Key)).ToDictionary()));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Contains($"'{field}' is 201 characters long; the limit is 200", detail, StringComparison.Ordinal);
        await AssertNothingStoredAsync();

        static bool Relevant(string path, string key) => path switch
        {
            "/api/models" => key is "name" or "model_id",
            "/api/chat" => key is "messages" or "session_id",
            _ => key is "content" or "source",
        };
    }

    [Fact]
    public async Task A_ten_megabyte_name_is_refused_as_too_large()
    {
        var status = await RawHttp.SendAsync(Server.App.Addresses[0], "POST", "/api/models", new Dictionary<string, string> { ["Content-Type"] = "application/json" },
            JsonSerializer.SerializeToUtf8Bytes(new { name = new string('n', 10 * 1024 * 1024), model_id = "m" }), chunked: false);
        Assert.Equal(413, status);
        await AssertNothingStoredAsync();
    }

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("{\"content\":\"x\"")]
    [InlineData("[]")]
    [InlineData("\"text\"")]
    [InlineData("{\"content\":\"x\",\"content\":\"y\"}")]
    [InlineData("{\"content\":\"a\u0001b\"}")]
    public async Task Broken_json_is_a_client_error(string body)
    {
        var (status, detail) = await SendRawAsync("POST", "/api/memories", Encoding.UTF8.GetBytes(body));
        Assert.InRange((int)status, 400, 499);
        Assert.False(string.IsNullOrWhiteSpace(detail));
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task Deep_nesting_is_a_client_error()
    {
        var deep = "{\"content\":" + new string('[', 500) + new string(']', 500) + "}";
        var (status, _) = await SendRawAsync("POST", "/api/memories", Encoding.UTF8.GetBytes(deep));
        Assert.InRange((int)status, 400, 499);
    }

    /// <summary>A model card (id 1) and a logged exchange (ids 1 and 2), so the PUT and PATCH routes reach their bodies.</summary>
    private async Task SeedAsync()
    {
        if ((await Server.App.Store.Models.ListAsync()).Count == 0)
        {
            await Server.App.Store.Models.InsertAsync(new PeroCore.Memory.Storage.ModelConfigRecord { Name = "seed", ModelId = "seed-model" });
        }
    }

    private async Task AssertNothingStoredAsync()
    {
        Assert.Empty(await Server.App.Store.Memories.ListAsync(new PeroCore.Memory.Storage.MemoryListQuery { Limit = 10 }));
        Assert.Null(await Server.App.Store.Config.GetAsync("owner_name"));
        Assert.All(await Server.App.Store.Models.ListAsync(), m => Assert.Equal("seed", m.Name));
        Assert.Empty(await Server.App.Store.Logs.ListSessionAsync("desktop", "default", 10));
    }

    private static byte[] Fill(string template, byte[] value)
    {
        var at = template.IndexOf('@', StringComparison.Ordinal);
        return [.. Encoding.UTF8.GetBytes(template[..at]), .. value, .. Encoding.UTF8.GetBytes(template[(at + 1)..])];
    }

    private async Task<(HttpStatusCode Status, string Detail)> SendRawAsync(string method, string path, byte[] body)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
        using var response = await Server.Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode < 500, $"{method} {path} -> {(int)response.StatusCode}: {text}");
        var detail = text.Length > 0 && text.TrimStart().StartsWith('{') && JsonDocument.Parse(text).RootElement.TryGetProperty("detail", out var d) ? d.GetString() ?? "" : text;
        return (response.StatusCode, detail);
    }
}
