using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using PeroCore.Agent.Tests.Fakes;

namespace PeroCore.Server.Tests;

/// <summary>A server wired to a fake LLM (fixture F of the spec), with an SSE chat client.</summary>
public abstract class ChatTestBase : IAsyncLifetime
{
    protected FakeLlmServer Fake { get; private set; } = null!;

    private protected ServerFixture Server { get; private set; } = null!;

    /// <summary>Extra command-line settings (the scorer is off unless a test class turns it on).</summary>
    protected virtual string[] ServerArgs => ["--Agent:ScorerEnabled=false", "--Llm:MaxRetries=0"];

    /// <summary>Whether fixture F (endpoint, key and current model) is applied.</summary>
    protected virtual bool ConfigureLlm => true;

    public async Task InitializeAsync()
    {
        Fake = await FakeLlmServer.StartAsync();
        Server = await ServerFixture.StartAsync(ServerArgs);
        if (ConfigureLlm)
        {
            await PostAsync("/api/configs", new Dictionary<string, string> { ["global_llm_api_base"] = Fake.BaseUrlV1, ["global_llm_api_key"] = "sk-test" });
            var model = await PostAsync("/api/models", new { name = "主模型", model_id = "fake-model", provider_type = "global", temperature = 0.5 });
            var id = model.GetProperty("id").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture);
            await PostAsync("/api/configs", new Dictionary<string, string> { ["current_model_id"] = id });
        }
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        await Fake.DisposeAsync();
    }

    protected async Task<JsonElement> PostAsync(string path, object body)
    {
        using var response = await Server.Client.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{path} -> {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    protected async Task<JsonElement> GetJsonAsync(string path) => await Server.Client.GetFromJsonAsync<JsonElement>(path);

    protected Task<ChatResult> ChatAsync(string user, string? session = null) =>
        ChatRawAsync(JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["messages"] = new[] { new { role = "user", content = user } },
            ["sessionId"] = session ?? "default",
        }));

    protected async Task<ChatResult> ChatRawAsync(string json)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await Server.Client.PostAsync("/api/chat", content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        return ChatResult.Parse(await response.Content.ReadAsStringAsync());
    }

    /// <summary>The streamed chat requests the fake received (the scorer's are not streamed).</summary>
    protected IReadOnlyList<FakeLlmRequest> StreamRequests => Fake.ChatRequests.Where(r => r.IsStream).ToList();

    protected static string SystemPrompt(FakeLlmRequest request) => request.Messages[0].GetProperty("content").GetString()!;

    protected static List<(string Role, string Text)> Roles(FakeLlmRequest request) =>
        request.Messages.EnumerateArray().Select(m => (m.GetProperty("role").GetString()!, TextOf(m))).ToList();

    protected static string TextOf(JsonElement message)
    {
        if (!message.TryGetProperty("content", out var c))
        {
            return "";
        }

        return c.ValueKind switch
        {
            JsonValueKind.String => c.GetString()!,
            JsonValueKind.Array => string.Concat(c.EnumerateArray().Select(p => p.TryGetProperty("text", out var t) ? t.GetString() : "")),
            _ => "",
        };
    }

    protected async Task<List<JsonElement>> HistoryAsync(string session = "default", string source = "desktop") =>
        [.. (await GetJsonAsync($"/api/history/{source}/{session}?limit=1000")).EnumerateArray()];
}

/// <summary>A parsed SSE chat response.</summary>
public sealed record ChatResult(string Raw, IReadOnlyList<JsonElement> Events, bool Done)
{
    public string Visible => string.Concat(Events
        .Where(e => e.TryGetProperty("choices", out _))
        .Select(e => e.GetProperty("choices")[0].GetProperty("delta").GetProperty("content").GetString()));

    public IReadOnlyList<JsonElement> TextEvents => Events.Where(e => e.TryGetProperty("choices", out _)).ToList();

    public IReadOnlyList<string> Statuses => Events.Where(e => e.TryGetProperty("status", out _))
        .Select(e => e.GetProperty("status").GetProperty("message").GetString()!).ToList();

    public IReadOnlyList<JsonElement> Triggers => Events.Where(e => e.TryGetProperty("triggers", out _)).Select(e => e.GetProperty("triggers")).ToList();

    public static ChatResult Parse(string raw)
    {
        var events = new List<JsonElement>();
        var done = false;
        foreach (var block in raw.Split("\n\n", StringSplitOptions.RemoveEmptyEntries))
        {
            Assert.StartsWith("data: ", block, StringComparison.Ordinal);
            Assert.False(done, "nothing may follow [DONE]");
            var payload = block["data: ".Length..];
            if (payload == "[DONE]")
            {
                done = true;
                continue;
            }

            events.Add(JsonDocument.Parse(payload).RootElement.Clone());
        }

        return new ChatResult(raw, events, done);
    }
}
