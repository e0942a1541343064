using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using PeroCore.Agent.Tests.Fakes;

namespace PeroCore.Server.Tests.Security;

/// <summary>
/// <c>POST /api/models/remote</c> lists a provider's models. Naming another <c>api_base</c> without a key must never
/// send the stored key there (the original's hole: any caller could read the key by pointing api_base at itself).
/// </summary>
public sealed class KeyExfiltrationTests : IAsyncLifetime
{
    private const string StoredKey = "sk-stored-secret-0123456789";
    private FakeLlmServer _provider = null!;
    private FakeLlmServer _attacker = null!;
    private ServerFixture _server = null!;

    public async Task InitializeAsync()
    {
        _provider = await FakeLlmServer.StartAsync();
        _attacker = await FakeLlmServer.StartAsync();
        _provider.SetModels("real-model");
        _attacker.SetModels("bait-model");
        _server = await ServerFixture.StartAsync("--Agent:ScorerEnabled=false", "--Llm:MaxRetries=0");
        using var set = await _server.Client.PostAsJsonAsync("/api/configs",
            new Dictionary<string, string> { ["global_llm_api_base"] = _provider.BaseUrlV1, ["global_llm_api_key"] = StoredKey });
        set.EnsureSuccessStatusCode();
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _provider.DisposeAsync();
        await _attacker.DisposeAsync();
    }

    [Theory]
    [InlineData("/api/models/remote", null)]
    [InlineData("/API/models/remote", "")]
    [InlineData("/api/Models/Remote", "***6789")]
    public async Task Another_base_url_never_receives_the_stored_key(string path, string? apiKey)
    {
        var body = apiKey is null
            ? JsonSerializer.Serialize(new { api_base = _attacker.BaseUrlV1 })
            : JsonSerializer.Serialize(new { api_base = _attacker.BaseUrlV1, api_key = apiKey });
        using var response = await _server.Client.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var seen = Assert.Single(_attacker.Requests);
        Assert.Null(seen.Header("Authorization"));
        Assert.DoesNotContain(StoredKey, string.Join("\n", seen.Headers.Values) + seen.BodyText, StringComparison.Ordinal);
        Assert.Empty(_provider.Requests);
    }

    [Fact]
    public async Task The_stored_base_url_gets_the_stored_key_and_an_explicit_key_goes_where_it_is_sent()
    {
        using (var own = await _server.Client.PostAsync("/api/models/remote", new StringContent("{}", Encoding.UTF8, "application/json")))
        {
            var models = (await own.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("models");
            Assert.Equal("real-model", Assert.Single(models.EnumerateArray()).GetString());
        }

        Assert.Equal("Bearer " + StoredKey, Assert.Single(_provider.Requests).Header("Authorization"));

        using var other = await _server.Client.PostAsync("/api/models/remote",
            new StringContent(JsonSerializer.Serialize(new { api_base = _attacker.BaseUrlV1, api_key = "sk-typed-by-user" }), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        Assert.Equal("Bearer sk-typed-by-user", Assert.Single(_attacker.Requests).Header("Authorization"));
    }

    [Fact]
    public async Task A_keyless_attempt_at_a_server_that_needs_a_key_says_why()
    {
        _attacker.SetModelsReply(FakeLlmReply.Error(HttpStatusCode.Unauthorized, """{"error":{"message":"no key"}}"""));
        using var response = await _server.Client.PostAsync("/api/models/remote",
            new StringContent(JsonSerializer.Serialize(new { api_base = _attacker.BaseUrlV1 }), Encoding.UTF8, "application/json"));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Empty(body.GetProperty("models").EnumerateArray());
        Assert.Contains("only sent to its own base URL", body.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ftp://example.com/v1")]
    [InlineData("file:///etc/passwd")]
    [InlineData("not a url")]
    public async Task Model_cards_and_remote_listing_refuse_non_http_base_urls(string apiBase)
    {
        using var card = await _server.Client.PostAsync("/api/models",
            new StringContent(JsonSerializer.Serialize(new { name = "m", model_id = "x", api_base = apiBase }), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, card.StatusCode);
        Assert.Contains("api_base", await card.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var remote = await _server.Client.PostAsync("/api/models/remote",
            new StringContent(JsonSerializer.Serialize(new { api_base = apiBase }), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, remote.StatusCode);
        Assert.Empty(await _server.App.Store.Models.ListAsync());
    }
}
