using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PeroCore.Memory.Storage;
using PeroCore.Server.Cli;
using PeroCore.Server.Configuration;

namespace PeroCore.Server.Tests;

public sealed class HostTests
{
    [Fact]
    public async Task Health_and_ping_answer_and_the_database_is_created_with_the_full_schema()
    {
        await using var server = await ServerFixture.StartAsync();
        var health = await server.Client.GetFromJsonAsync<JsonElement>("/health");
        Assert.Equal("healthy", health.GetProperty("status").GetString());
        var ping = await server.Client.GetFromJsonAsync<JsonElement>("/api/ping");
        Assert.Equal("ok", ping.GetProperty("status").GetString());
        Assert.True(ping.GetProperty("timestamp").TryGetDateTimeOffset(out _));

        Assert.True(File.Exists(Path.Combine(server.DataPath, "perocore.db")));
        Assert.Equal(SchemaMigrations.LatestVersion, server.App.Store.Database.SchemaVersion);
    }

    [Fact]
    public async Task Unknown_routes_get_a_problem_details_404()
    {
        await using var server = await ServerFixture.StartAsync();
        var response = await server.Client.GetAsync(new Uri("/api/does-not-exist", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task An_api_key_protects_the_api_but_not_health()
    {
        const string key = "0123456789abcdef-key";
        await using var server = await ServerFixture.StartAsync("--api-key", key);
        Assert.Equal(HttpStatusCode.OK, (await server.Client.GetAsync(new Uri("/health", UriKind.Relative))).StatusCode);
        var denied = await server.Client.GetAsync(new Uri("/api/ping", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, denied.StatusCode);
        Assert.Contains("API key", await denied.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var wrong = new HttpRequestMessage(HttpMethod.Get, "/api/ping");
        wrong.Headers.Add("X-API-Key", "wrong-key-of-some-length");
        Assert.Equal(HttpStatusCode.Unauthorized, (await server.Client.SendAsync(wrong)).StatusCode);

        using var bearer = new HttpRequestMessage(HttpMethod.Get, "/api/ping");
        bearer.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        Assert.Equal(HttpStatusCode.OK, (await server.Client.SendAsync(bearer)).StatusCode);
    }

    [Theory]
    [InlineData("Server:Port", "abc", "Server:Port must be an integer between 0 and 65535 (got 'abc')")]
    [InlineData("Server:Port", "70000", "Server:Port must be an integer between 0 and 65535 (got '70000')")]
    [InlineData("Server:Host", "not-an-address", "Server:Host must be an IP address")]
    [InlineData("Server:Host", "0.0.0.0", "Server:ApiKey must be set when Server:Host is not a loopback address")]
    [InlineData("Server:ApiKey", "short", "Server:ApiKey must be at least 16 characters long")]
    [InlineData("Server:ShutdownTimeoutSeconds", "-1", "Server:ShutdownTimeoutSeconds must be an integer between 1 and 600")]
    public void Bad_values_are_rejected_with_their_key_in_the_message(string key, string value, string expected)
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [key] = value }).Build();
        var ex = Assert.Throws<SettingsException>(() => PeroCoreSettings.Load(config));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_bad_value_is_reported_at_once()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Server:Port"] = "x",
            ["Server:ShutdownTimeoutSeconds"] = "y",
        }).Build();
        var ex = Assert.Throws<SettingsException>(() => PeroCoreSettings.Load(config));
        Assert.Equal(2, ex.Errors.Count);
    }

    [Fact]
    public async Task The_command_line_rejects_a_bad_value_and_an_unknown_verb()
    {
        var error = new StringWriter();
        Assert.Equal(PeroCoreCli.ExitBadConfiguration, await PeroCoreCli.RunAsync(["--port", "abc"], TextWriter.Null, error));
        Assert.Contains("Server:Port", error.ToString(), StringComparison.Ordinal);

        error = new StringWriter();
        Assert.Equal(PeroCoreCli.ExitBadConfiguration, await PeroCoreCli.RunAsync(["frobnicate"], TextWriter.Null, error));
        Assert.Contains("Unknown command 'frobnicate'", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stored_user_settings_override_the_file_defaults()
    {
        await using var server = await ServerFixture.StartAsync("--Defaults:owner_name=FromFile", "--Defaults:user_persona=quiet");
        var settings = server.App.App.Services.GetRequiredService<UserSettings>();
        Assert.Equal("FromFile", await settings.GetAsync("owner_name"));
        await settings.SetAsync(new Dictionary<string, string> { ["owner_name"] = "FromApi" });
        Assert.Equal("FromApi", await settings.GetAsync("owner_name"));
        var all = await settings.GetAllAsync();
        Assert.Equal(("FromApi", "quiet"), (all["owner_name"], all["user_persona"]));
    }
}
