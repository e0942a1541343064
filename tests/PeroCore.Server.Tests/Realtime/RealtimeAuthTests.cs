using System.Net.WebSockets;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PeroCore.Agent.Events;

namespace PeroCore.Server.Tests.Realtime;

/// <summary>With an API key set, every realtime channel needs it (header or <c>access_token</c>); other sites are refused.</summary>
public sealed class RealtimeAuthTests : IAsyncLifetime
{
    private const string Key = "realtime-test-key-0123456789";

    private ServerFixture _server = null!;

    public async Task InitializeAsync() =>
        _server = await ServerFixture.StartAsync("--Agent:ScorerEnabled=false", "--api-key", Key, "--Server:AllowedOrigins=http://localhost:5173");

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData("/ws/events")]
    [InlineData("/ws/browser")]
    [InlineData("/ws/voice")]
    [InlineData("/ws/events?access_token=wrong-key-wrong-key-wrong")]
    public async Task An_unauthenticated_websocket_upgrade_is_refused_with_401(string path) =>
        Assert.Equal(401, await WsClient.RefusedStatusAsync(_server.Client, path));

    [Fact]
    public async Task An_unauthenticated_event_stream_is_refused_and_gets_no_event()
    {
        await _server.App.Services.GetRequiredService<IEventPublisher>().PublishAsync("secret", JsonSerializer.SerializeToElement("private"));
        var (response, status) = await SseClient.OpenAsync(_server.Client, "/api/events");
        using (response)
        {
            Assert.Equal(401, status);
            var body = await response.Content.ReadAsStringAsync();
            Assert.Contains("access_token", body, StringComparison.Ordinal);
            Assert.DoesNotContain("private", body, StringComparison.Ordinal);
        }

        // The query token is for the realtime channels only.
        var (other, otherStatus) = await SseClient.OpenAsync(_server.Client, "/api/configs?access_token=" + Key);
        using (other)
        {
            Assert.Equal(401, otherStatus);
        }
    }

    [Fact]
    public async Task The_key_as_access_token_or_header_opens_sse_and_websockets()
    {
        var id = await _server.App.Services.GetRequiredService<IEventPublisher>().PublishAsync("hello", JsonSerializer.SerializeToElement(1));
        await using (var sse = await SseClient.ConnectAsync(_server.Client, "/api/events?access_token=" + Key))
        {
            Assert.Equal(id, Assert.Single(await sse.ReadAsync(1)).Id);
        }

        await using (var ws = await WsClient.ConnectAsync(_server.Client, "/ws/events?access_token=" + Key))
        {
            Assert.Equal(id, (await ws.ReceiveJsonAsync()).GetProperty("id").GetInt64());
        }

        await using (var ws = await WsClient.ConnectAsync(_server.Client, "/ws/events", ("Authorization", "Bearer " + Key)))
        {
            Assert.Equal(id, (await ws.ReceiveJsonAsync()).GetProperty("id").GetInt64());
        }

        await using var browser = await WsClient.ConnectAsync(_server.Client, "/ws/browser?access_token=" + Key);
        await browser.SendTextAsync("ping");
        Assert.Equal("pong", await browser.ReceiveTextAsync());
    }

    [Theory]
    [InlineData("/ws/events")]
    [InlineData("/ws/browser")]
    public async Task A_cross_site_handshake_is_refused_even_with_the_key_and_an_allowed_origin_passes(string path)
    {
        Assert.Equal(403, await WsClient.RefusedStatusAsync(_server.Client, $"{path}?access_token={Key}", ("Origin", "http://evil.example")));
        Assert.Equal(403, await WsClient.RefusedStatusAsync(_server.Client, $"{path}?access_token={Key}", ("Origin", "null")));
        await using var allowed = await WsClient.ConnectAsync(_server.Client, $"{path}?access_token={Key}", ("Origin", "http://localhost:5173"));
        Assert.Equal(WebSocketState.Open, allowed.Socket.State);
    }

    [Fact]
    public async Task A_cross_site_event_stream_is_refused()
    {
        var (response, status) = await SseClient.OpenAsync(_server.Client, "/api/events?access_token=" + Key, null, ("Origin", "http://evil.example"));
        using (response)
        {
            Assert.Equal(403, status);
        }
    }
}
