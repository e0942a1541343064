using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PeroCore.Agent.Tests.Fakes;
using PeroCore.Nit.Tools;

namespace PeroCore.Server.Tests;

/// <summary>
/// What the dashboard's wizard and Settings page add to the API: <c>GET /api/setup</c>, <c>POST /api/models/test</c> and the
/// tool switches (<c>GET /api/tools</c>, <c>POST /api/tools/switches</c>), against a server with no LLM configured.
/// </summary>
public sealed class SetupApiTests : ChatTestBase
{
    protected override bool ConfigureLlm => false;

    private async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(string path, string json)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await Server.Client.PostAsync(path, content);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    [Fact]
    public async Task Setup_says_no_llm_is_configured_until_a_card_is_chosen_and_never_shows_a_key()
    {
        var fresh = await GetJsonAsync("/api/setup");
        Assert.False(fresh.GetProperty("llm_configured").GetBoolean());
        Assert.Contains("No LLM is configured", fresh.GetProperty("llm_problem").GetString(), StringComparison.Ordinal);
        Assert.False(fresh.GetProperty("setup_done").GetBoolean());
        Assert.False(fresh.GetProperty("server_key_required").GetBoolean());
        Assert.False(fresh.GetProperty("llm_api_key_set").GetBoolean());
        Assert.Equal(0, fresh.GetProperty("model_count").GetInt32());

        var card = await PostAsync("/api/models", new { name = "local", model_id = "fake-model", provider_type = "custom", api_base = Fake.BaseUrlV1 });
        await PostAsync("/api/configs", new Dictionary<string, string>
        {
            ["current_model_id"] = card.GetProperty("id").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["global_llm_api_key"] = "sk-global-secret",
            ["dashboard_setup_done"] = "true",
        });
        var ready = await GetJsonAsync("/api/setup");
        Assert.True(ready.GetProperty("llm_configured").GetBoolean());
        Assert.Equal(JsonValueKind.Null, ready.GetProperty("llm_problem").ValueKind);
        Assert.True(ready.GetProperty("setup_done").GetBoolean());
        Assert.True(ready.GetProperty("llm_api_key_set").GetBoolean());
        Assert.DoesNotContain("sk-global-secret", ready.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_connection_test_reports_success_or_the_failure_in_words()
    {
        Fake.Enqueue(FakeLlmReply.Text("OK"));
        var (status, ok) = await SendAsync("/api/models/test", $$"""{"api_base":"{{Fake.BaseUrlV1}}","model_id":"fake-model","api_key":"sk-typed"}""");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(ok.GetProperty("ok").GetBoolean(), ok.GetRawText());
        Assert.Equal("OK", ok.GetProperty("reply").GetString());
        Assert.True(ok.GetProperty("key_sent").GetBoolean());
        var request = Fake.ChatRequests[^1];
        Assert.Equal("Bearer sk-typed", request.Header("Authorization"));
        Assert.Equal("fake-model", request.Body!.Value.GetProperty("model").GetString());

        Fake.Enqueue(FakeLlmReply.Error(HttpStatusCode.Unauthorized, """{"error":{"message":"Incorrect API key provided"}}"""));
        var (_, refused) = await SendAsync("/api/models/test", $$"""{"api_base":"{{Fake.BaseUrlV1}}","model_id":"fake-model"}""");
        Assert.False(refused.GetProperty("ok").GetBoolean());
        Assert.Contains("Incorrect API key provided", refused.GetProperty("error").GetString(), StringComparison.Ordinal);

        var (_, unreachable) = await SendAsync("/api/models/test", """{"api_base":"http://127.0.0.1:9/v1","model_id":"m"}""");
        Assert.False(unreachable.GetProperty("ok").GetBoolean());
        Assert.Contains("127.0.0.1:9", unreachable.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cards_stored_key_is_tested_only_against_its_own_base_url()
    {
        var card = await PostAsync("/api/models", new { name = "c", model_id = "fake-model", provider_type = "custom", api_base = Fake.BaseUrlV1, api_key = "sk-card" });
        var id = card.GetProperty("id").GetInt64();
        Fake.Enqueue(FakeLlmReply.Text("OK"), FakeLlmReply.Text("OK"));

        var (_, own) = await SendAsync("/api/models/test", $$"""{"id":{{id}},"api_key":"{{card.GetProperty("api_key").GetString()}}"}""");
        Assert.True(own.GetProperty("ok").GetBoolean(), own.GetRawText());
        Assert.Equal("Bearer sk-card", Fake.ChatRequests[^1].Header("Authorization"));

        // The same server under another name is another endpoint: the stored key is not sent there.
        var elsewhere = Fake.BaseUrlV1.Replace("127.0.0.1", "localhost", StringComparison.Ordinal);
        var (_, other) = await SendAsync("/api/models/test", $$"""{"id":{{id}},"api_base":"{{elsewhere}}"}""");
        Assert.False(other.GetProperty("key_sent").GetBoolean());
        Assert.Null(Fake.ChatRequests[^1].Header("Authorization"));
    }

    [Theory]
    [InlineData("""{"api_base":"http://127.0.0.1:9/v1"}""", HttpStatusCode.UnprocessableEntity, "model_id")]
    [InlineData("""{"api_base":"ftp://x/v1","model_id":"m"}""", HttpStatusCode.BadRequest, "api_base")]
    [InlineData("""{"model_id":"m","provider_type":"other"}""", HttpStatusCode.UnprocessableEntity, "provider_type")]
    [InlineData("""{"model_id":"m","colour":"blue"}""", HttpStatusCode.UnprocessableEntity, "colour")]
    [InlineData("""{"id":987654}""", HttpStatusCode.NotFound, "987654")]
    public async Task A_bad_connection_test_is_refused_naming_the_field(string body, HttpStatusCode expected, string named)
    {
        var (status, problem) = await SendAsync("/api/models/test", body);
        Assert.Equal(expected, status);
        Assert.Contains(named, problem.GetRawText(), StringComparison.Ordinal);
        Assert.Empty(Fake.ChatRequests);
    }

    [Fact]
    public async Task A_tool_group_switched_off_is_hidden_at_once_stored_and_switched_on_again()
    {
        var registry = Server.App.Services.GetRequiredService<NitToolRegistry>();
        var groups = (await GetJsonAsync("/api/tools")).EnumerateArray().ToList();
        var web = groups.Single(g => g.GetProperty("name").GetString() == "WebOps");
        Assert.True(web.GetProperty("enabled").GetBoolean());
        Assert.Contains("browser_fetch_text", web.GetProperty("tools").EnumerateArray().Select(t => t.GetString()));
        Assert.True(groups.Single(g => g.GetProperty("name").GetString() == "CoreOps").GetProperty("locked").GetBoolean());

        var (status, off) = await SendAsync("/api/tools/switches", """{"group":"webops","enabled":false}""");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.False(off.GetProperty("enabled").GetBoolean());
        Assert.DoesNotContain(registry.EnabledTools, t => t.Plugin == "WebOps");
        var refused = await registry.InvokeAsync("browser_fetch_text", new Dictionary<string, object?> { ["url"] = "https://example.org" });
        Assert.False(refused.IsSuccess);
        Assert.Contains("switched off", refused.Error, StringComparison.Ordinal);
        Assert.Equal("[\"WebOps\"]", await Server.App.Store.Config.GetAsync("tools_disabled"));

        var (_, on) = await SendAsync("/api/tools/switches", """{"group":"WebOps","enabled":true}""");
        Assert.True(on.GetProperty("enabled").GetBoolean());
        Assert.Contains(registry.EnabledTools, t => t.Plugin == "WebOps");
        Assert.Equal("[]", await Server.App.Store.Config.GetAsync("tools_disabled"));
    }

    [Theory]
    [InlineData("""{"group":"CoreOps","enabled":false}""", "CoreOps")]
    [InlineData("""{"group":"NoSuchOps","enabled":false}""", "group")]
    [InlineData("""{"group":"WebOps"}""", "enabled")]
    [InlineData("""{"group":"WebOps","enabled":"no"}""", "enabled")]
    public async Task A_bad_switch_is_refused_naming_the_field_and_changes_nothing(string body, string named)
    {
        var (status, problem) = await SendAsync("/api/tools/switches", body);
        Assert.True((int)status is >= 400 and < 500, $"{status}");
        Assert.Contains(named, problem.GetRawText(), StringComparison.Ordinal);
        Assert.Null(await Server.App.Store.Config.GetAsync("tools_disabled"));
        Assert.All((await GetJsonAsync("/api/tools")).EnumerateArray(), g => Assert.True(g.GetProperty("enabled").GetBoolean()));
    }
}

/// <summary>Groups switched off in the server's configuration stay off, and the dashboard's switches outlive a restart.</summary>
public sealed class ConfiguredToolSwitchTests
{
    private static async Task<HttpStatusCode> SwitchAsync(ServerFixture server, string group, bool enabled)
    {
        using var content = new StringContent(JsonSerializer.Serialize(new { group, enabled }), Encoding.UTF8, "application/json");
        using var response = await server.Client.PostAsync("/api/tools/switches", content);
        return response.StatusCode;
    }

    [Fact]
    public async Task A_group_off_in_config_cannot_be_switched_on_and_stored_switches_apply_after_a_restart()
    {
        using var folder = new TempFolder();
        var data = Path.Combine(folder.Path, "data");
        await using (var first = await ServerFixture.StartAsync("--Agent:ScorerEnabled=false", "--Tools:Disabled=WebOps", "--data", data))
        {
            Assert.Equal(HttpStatusCode.Conflict, await SwitchAsync(first, "WebOps", true));
            var web = (await first.Client.GetFromJsonAsync<JsonElement>("/api/tools")).EnumerateArray().Single(g => g.GetProperty("name").GetString() == "WebOps");
            Assert.True(web.GetProperty("configured").GetBoolean());
            Assert.False(web.GetProperty("enabled").GetBoolean());
            Assert.Equal(HttpStatusCode.OK, await SwitchAsync(first, "MemoryOps", false));
        }

        await using var second = await ServerFixture.StartAsync("--Agent:ScorerEnabled=false", "--data", data);
        var registry = second.App.Services.GetRequiredService<NitToolRegistry>();
        Assert.DoesNotContain(registry.EnabledTools, t => t.Plugin == "MemoryOps");
        Assert.Contains(registry.EnabledTools, t => t.Plugin == "WebOps"); // the configuration no longer lists it
        var groups = (await second.Client.GetFromJsonAsync<JsonElement>("/api/tools")).EnumerateArray().ToList();
        Assert.False(groups.Single(g => g.GetProperty("name").GetString() == "MemoryOps").GetProperty("enabled").GetBoolean());
    }
}
