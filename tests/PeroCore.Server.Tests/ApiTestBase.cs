using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace PeroCore.Server.Tests;

/// <summary>One in-process server per test class instance, with JSON helpers.</summary>
public abstract class ApiTestBase : IAsyncLifetime
{
    private protected ServerFixture Server { get; private set; } = null!;

    // The store and memory API tests write log rows directly; the background scorer would race them.
    public async Task InitializeAsync() => Server = await ServerFixture.StartAsync("--Agent:ScorerEnabled=false");

    public async Task DisposeAsync() => await Server.DisposeAsync();

    protected async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(HttpMethod method, string path, string? json = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        using var response = await Server.Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var body = text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
        return (response.StatusCode, body);
    }

    protected async Task<JsonElement> GetJsonAsync(string path) => await Server.Client.GetFromJsonAsync<JsonElement>(path);
}
