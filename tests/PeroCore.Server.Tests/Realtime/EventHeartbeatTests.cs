namespace PeroCore.Server.Tests.Realtime;

/// <summary>An idle event stream gets heartbeat comments (Events:HeartbeatSeconds) and stays open.</summary>
public sealed class EventHeartbeatTests : IAsyncLifetime
{
    private ServerFixture _server = null!;

    public async Task InitializeAsync() => _server = await ServerFixture.StartAsync("--Agent:ScorerEnabled=false", "--Events:HeartbeatSeconds=1");

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task An_idle_stream_gets_keep_alive_comments_and_no_events()
    {
        await using var sse = await SseClient.ConnectAsync(_server.Client);
        Assert.Null(await sse.TryReadAsync(TimeSpan.FromSeconds(3.5)));
        Assert.True(sse.Comments >= 2, $"{sse.Comments} heartbeats in 3.5 s");
    }

    [Fact]
    public async Task A_bad_events_setting_stops_the_start_naming_it()
    {
        var ex = await Assert.ThrowsAnyAsync<Exception>(() => ServerFixture.StartAsync("--Events:ClientBufferSize=1"));
        Assert.Contains("Events:ClientBufferSize", ex.Message, StringComparison.Ordinal);
    }
}
