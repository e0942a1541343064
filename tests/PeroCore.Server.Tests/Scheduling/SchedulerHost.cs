using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PeroCore.Agent.Scheduling;
using PeroCore.Agent.Tests.Fakes;
using PeroCore.Memory.Storage;
using PeroCore.Server.Hosting;

namespace PeroCore.Server.Tests.Scheduling;

/// <summary>
/// A real server whose scheduler runs on a fake clock (the rest of the host keeps the system clock), over a data folder
/// that outlives it (stop and start again on the same folder), with an optional fake LLM.
/// </summary>
internal sealed class SchedulerHost : IAsyncDisposable
{
    private readonly TempFolder _dir = new();
    private PeroCoreApplication? _app;

    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()));

    public FakeLlmServer? Fake { get; private set; }

    public HttpClient Client { get; private set; } = null!;

    public PeroCoreApplication App => _app ?? throw new InvalidOperationException("not started");

    public ReminderScheduler Scheduler => App.Services.GetRequiredService<ReminderScheduler>();

    public PeroStore Store => App.Store;

    public static async Task<SchedulerHost> StartAsync(bool llm = true, bool worker = true, params string[] extra)
    {
        var host = new SchedulerHost();
        if (llm)
        {
            host.Fake = await FakeLlmServer.StartAsync();
        }

        await host.StartServerAsync(worker, extra);
        if (llm)
        {
            await host.PostAsync("/api/configs", new Dictionary<string, string> { ["global_llm_api_base"] = host.Fake!.BaseUrlV1, ["global_llm_api_key"] = "sk-test" });
            var model = await host.PostAsync("/api/models", new { name = "main", model_id = "fake-model", provider_type = "global" });
            await host.PostAsync("/api/configs", new Dictionary<string, string> { ["current_model_id"] = model.GetProperty("id").GetInt64().ToString(CultureInfo.InvariantCulture) });
        }

        return host;
    }

    /// <summary>Starts (again) on the same data folder and clock.</summary>
    public async Task StartServerAsync(bool worker = true, params string[] extra)
    {
        var args = new[]
        {
            "--port", "0", "--data", Path.Combine(_dir.Path, "data"), "--Embedding:Provider=Hashing", "--Agent:ScorerEnabled=false", "--Llm:MaxRetries=0",
            "--Scheduler:Enabled=" + (worker ? "true" : "false"),
        }.Concat(extra).ToArray();
        _app = await PeroCoreApplication.CreateAsync(args, configureServices: s => s.AddSingleton(new SchedulerClock(Clock)));
        await _app.StartAsync();
        Client = new HttpClient { BaseAddress = _app.Addresses[0] };
    }

    public async Task StopServerAsync()
    {
        Client.Dispose();
        await App.DisposeAsync();
        _app = null;
    }

    public async Task<JsonElement> PostAsync(string path, object body)
    {
        using var response = await Client.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{path} -> {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public async Task<JsonElement> GetJsonAsync(string path) => await Client.GetFromJsonAsync<JsonElement>(path);

    public async Task<List<JsonElement>> AllTasksAsync() => [.. (await GetJsonAsync("/api/tasks?all=true")).EnumerateArray()];

    /// <summary>Waits (up to 20 s) until the task has left pending and claimed: an observable state, not a guess about timing.</summary>
    public async Task<JsonElement> WaitSettledAsync(long id)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (true)
        {
            var task = (await AllTasksAsync()).Single(t => t.GetProperty("id").GetInt64() == id);
            if (task.GetProperty("status").GetString() is "delivered" or "failed")
            {
                return task;
            }

            await Task.Delay(50, limit.Token);
        }
    }

    /// <summary>The pushes of a kind stored in the outbox.</summary>
    /// <summary>Leaves the task failed for good, as a store without an events channel (or an older version) would.</summary>
    public async Task MarkFailedAsync(long id)
    {
        var claimed = await Store.ScheduledTasks.ClaimDueAsync(DateTimeOffset.MaxValue.AddDays(-1));
        Assert.Contains(claimed, t => t.Id == id);
        await Store.ScheduledTasks.MarkAttemptFailedAsync([id], "gave up", retryAt: null);
    }

    public async Task<List<JsonElement>> EventsAsync(string kind) =>
        (await Store.Events.ListAfterAsync(0, 1000)).Where(e => e.Kind == kind).Select(e => JsonDocument.Parse(e.PayloadJson).RootElement.Clone()).ToList();

    public async Task<List<JsonElement>> HistoryAsync(string source = "system_trigger", string session = "default") =>
        [.. (await GetJsonAsync($"/api/history/{source}/{session}?limit=1000")).EnumerateArray()];

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await StopServerAsync();
        }

        if (Fake is not null)
        {
            await Fake.DisposeAsync();
        }

        _dir.Dispose();
    }
}
