using System.Net;
using System.Text;
using System.Text.Json;

namespace PeroCore.Server.Tests.Security;

/// <summary>
/// A web page the user visits must not change the local server: cross-site requests are refused in every path spelling,
/// with or without a body, and a body must be declared JSON exactly. Native clients (no Origin, no Sec-Fetch-Site) work.
/// </summary>
public sealed class CrossSiteTests : IAsyncLifetime
{
    private const string Allowed = "http://localhost:5173";
    private ServerFixture _server = null!;

    public async Task InitializeAsync() => _server = await ServerFixture.StartAsync("--Agent:ScorerEnabled=false", $"--Server:AllowedOrigins={Allowed}");

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public static TheoryData<string> Spellings => new() { "/api/configs", "/API/configs", "/Api/Configs", "/api/CONFIGS", "/api/configs/" };

    [Theory]
    [MemberData(nameof(Spellings))]
    public async Task A_text_plain_post_is_refused_in_every_spelling_of_the_path(string path)
    {
        using var response = await SendAsync(HttpMethod.Post, path, """{"owner_name":"mallory","global_llm_api_base":"http://evil.example"}""", "text/plain");
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        await AssertSettingsUntouchedAsync();
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("text/plain; charset=utf-8")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("multipart/form-data; boundary=x")]
    [InlineData("application/jsonx")]
    [InlineData("application/json-patch+json")]
    [InlineData("application/x-ndjson")]
    [InlineData("text/json")]
    [InlineData("application/json; charset=latin1")]
    [InlineData("not a media type")]
    public async Task Only_an_exact_json_media_type_is_accepted(string contentType)
    {
        using var response = await SendAsync(HttpMethod.Post, "/API/configs", """{"owner_name":"mallory"}""", contentType);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        await AssertSettingsUntouchedAsync();
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("application/json; charset=utf-8")]
    [InlineData("Application/JSON; charset=UTF-8")]
    [InlineData("application/problem+json")]
    public async Task Json_media_types_are_accepted(string contentType)
    {
        using var response = await SendAsync(HttpMethod.Post, "/api/configs", """{"owner_name":"Alice"}""", contentType);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Alice", await _server.App.Store.Config.GetAsync("owner_name"));
    }

    [Theory]
    [InlineData("/api/task/default/pause")]
    [InlineData("/API/TASK/default/resume")]
    [InlineData("/api/history/1/retry_analysis")]
    [InlineData("/api/memories/1")]
    public async Task A_cross_site_request_without_a_body_is_refused(string path)
    {
        var method = path.StartsWith("/api/memories", StringComparison.Ordinal) ? HttpMethod.Delete : HttpMethod.Post;
        using (var withOrigin = await SendAsync(method, path, null, null, ("Origin", "https://evil.example")))
        {
            Assert.Equal(HttpStatusCode.Forbidden, withOrigin.StatusCode);
            Assert.Contains("Server:AllowedOrigins", await withOrigin.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using var withFetchSite = await SendAsync(method, path, null, null, ("Sec-Fetch-Site", "cross-site"));
        Assert.Equal(HttpStatusCode.Forbidden, withFetchSite.StatusCode);
    }

    [Theory]
    [InlineData("Origin", "https://evil.example")]
    [InlineData("Origin", "null")]
    [InlineData("Origin", "http://localhost:5174")]
    [InlineData("Sec-Fetch-Site", "cross-site")]
    [InlineData("Sec-Fetch-Site", "same-site")]
    public async Task A_cross_site_json_post_is_refused(string header, string value)
    {
        using var response = await SendAsync(HttpMethod.Post, "/api/Configs", """{"owner_name":"mallory"}""", "application/json", (header, value));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        await AssertSettingsUntouchedAsync();
    }

    [Fact]
    public async Task A_memory_cannot_be_deleted_from_another_site()
    {
        var memory = await _server.App.Engine.AddAsync(new PeroCore.Memory.Storage.NewMemory { Content = "the owner's cat is called Miso" });
        using var response = await SendAsync(HttpMethod.Delete, $"/API/memories/{memory.Id}", null, null, ("Origin", "https://evil.example"));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.NotNull(await _server.App.Store.Memories.GetAsync(memory.Id));
    }

    [Fact]
    public async Task Native_clients_without_browser_headers_and_same_origin_pages_still_work()
    {
        using (var native = await SendAsync(HttpMethod.Post, "/api/configs", """{"owner_name":"Alice"}""", "application/json"))
        {
            Assert.Equal(HttpStatusCode.OK, native.StatusCode);
        }

        var own = _server.App.Addresses[0].GetLeftPart(UriPartial.Authority);
        using (var sameOrigin = await SendAsync(HttpMethod.Post, "/api/configs", """{"owner_name":"Bob"}""", "application/json",
                   ("Origin", own), ("Sec-Fetch-Site", "same-origin")))
        {
            Assert.Equal(HttpStatusCode.OK, sameOrigin.StatusCode);
        }

        using (var userTyped = await SendAsync(HttpMethod.Post, "/api/configs", """{"owner_name":"Carol"}""", "application/json", ("Sec-Fetch-Site", "none")))
        {
            Assert.Equal(HttpStatusCode.OK, userTyped.StatusCode);
        }

        Assert.Equal("Carol", await _server.App.Store.Config.GetAsync("owner_name"));
    }

    [Fact]
    public async Task An_allowed_origin_passes_and_gets_cors_answers_other_preflights_are_refused()
    {
        using (var preflight = await SendAsync(HttpMethod.Options, "/api/configs", null, null,
                   ("Origin", Allowed), ("Access-Control-Request-Method", "POST"), ("Access-Control-Request-Headers", "content-type")))
        {
            Assert.True(preflight.IsSuccessStatusCode, preflight.StatusCode.ToString());
            Assert.Equal(Allowed, preflight.Headers.GetValues("Access-Control-Allow-Origin").Single());
        }

        using (var evil = await SendAsync(HttpMethod.Options, "/api/configs", null, null,
                   ("Origin", "https://evil.example"), ("Access-Control-Request-Method", "POST")))
        {
            Assert.Equal(HttpStatusCode.Forbidden, evil.StatusCode);
            Assert.False(evil.Headers.Contains("Access-Control-Allow-Origin"));
        }

        using var post = await SendAsync(HttpMethod.Post, "/api/configs", """{"owner_name":"Dora"}""", "application/json",
            ("Origin", Allowed), ("Sec-Fetch-Site", "same-site"));
        Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        Assert.Equal(Allowed, post.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Equal("Dora", await _server.App.Store.Config.GetAsync("owner_name"));

        using var read = await SendAsync(HttpMethod.Get, "/api/configs", null, null, ("Origin", "https://evil.example"));
        Assert.False(read.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task A_dns_rebinding_host_name_is_refused_on_a_loopback_server()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/configs")
        {
            Content = new StringContent("""{"owner_name":"mallory"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Host = "evil.example";
        using var response = await _server.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await AssertSettingsUntouchedAsync();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_body_over_the_limit_gets_413_whether_its_length_is_declared_or_not(bool chunked)
    {
        var big = Encoding.UTF8.GetBytes("{\"owner_name\":\"" + new string('a', 9 * 1024 * 1024) + "\"}");
        var status = await RawHttp.SendAsync(_server.App.Addresses[0], "POST", "/api/configs",
            new Dictionary<string, string> { ["Content-Type"] = "application/json" }, big, chunked);
        Assert.Equal(413, status);
        await AssertSettingsUntouchedAsync();
    }

    private async Task AssertSettingsUntouchedAsync()
    {
        Assert.Null(await _server.App.Store.Config.GetAsync("owner_name"));
        Assert.Null(await _server.App.Store.Config.GetAsync("global_llm_api_base"));
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? body, string? contentType, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
            if (contentType is not null)
            {
                request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            }
        }

        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        var response = await _server.Client.SendAsync(request);
        if ((int)response.StatusCode >= 400 && response.Content.Headers.ContentLength != 0 && method != HttpMethod.Options)
        {
            // Every refusal is a problem-details body with a detail a person can act on.
            using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.False(string.IsNullOrEmpty(doc.RootElement.TryGetProperty("detail", out var d) ? d.GetString() : doc.RootElement.GetProperty("title").GetString()));
        }

        return response;
    }
}
