using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PeroCore.Agent.Events;
using PeroCore.Server.Hosting;

namespace PeroCore.Server.Tests.Realtime;

/// <summary>The outbox survives a restart: stop the server between push and delivery, start a new one, connect.</summary>
public sealed class EventRestartTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    private async Task<PeroCoreApplication> StartAsync()
    {
        var app = await PeroCoreApplication.CreateAsync(
            ["--port", "0", "--data", Path.Combine(_dir.Path, "data"), "--Embedding:Provider=Hashing", "--Agent:ScorerEnabled=false"]);
        await app.StartAsync();
        return app;
    }

    [Fact]
    public async Task A_restart_between_push_and_delivery_loses_nothing()
    {
        long published;
        long seen;
        await using (var first = await StartAsync())
        {
            using var client = new HttpClient { BaseAddress = first.Addresses[0] };
            var publisher = first.Services.GetRequiredService<IEventPublisher>();
            seen = await publisher.PublishAsync("reminder", JsonSerializer.SerializeToElement(new { content = "seen before the restart" }));
            await using (var sse = await SseClient.ConnectAsync(client))
            {
                Assert.Equal(seen, Assert.Single(await sse.ReadAsync(1)).Id);
            }

            // Pushed while no client is connected, one stored at once and one posted (queued) just before the stop.
            published = await publisher.PublishAsync("reminder", JsonSerializer.SerializeToElement(new { content = "due while you were away" }));
            Assert.True(publisher.TryPost("pet_state", JsonSerializer.SerializeToElement(new { mood = "想你" })));
        }

        await using var second = await StartAsync();
        using var again = new HttpClient { BaseAddress = second.Addresses[0] };
        await using var resumed = await SseClient.ConnectAsync(again, lastEventId: seen.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var missed = await resumed.ReadAsync(2);
        Assert.Equal(published, missed[0].Id);
        Assert.Equal("due while you were away", missed[0].Data.GetProperty("content").GetString());
        Assert.Equal("pet_state", missed[1].Kind);
        Assert.True(missed[1].Id > published);

        // Nothing was marked read, so a client without a cursor gets all three.
        await using var fresh = await SseClient.ConnectAsync(again);
        Assert.Equal([seen, published, missed[1].Id], (await fresh.ReadAsync(3)).Select(m => m.Id));
    }
}
