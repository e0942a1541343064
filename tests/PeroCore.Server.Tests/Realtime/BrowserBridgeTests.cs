using System.Net.WebSockets;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PeroCore.Agent.Browser;
using PeroCore.Server.Realtime;

namespace PeroCore.Server.Tests.Realtime;

/// <summary><c>/ws/browser</c> with a simulated extension (a real ClientWebSocket) and the <see cref="IBrowserBridge"/> service.</summary>
public sealed class BrowserBridgeTests : IAsyncLifetime
{
    private ServerFixture _server = null!;

    private IBrowserBridge Bridge => _server.App.Services.GetRequiredService<IBrowserBridge>();

    public async Task InitializeAsync() => _server = await ServerFixture.StartAsync("--Agent:ScorerEnabled=false",
        "--Browser:IdleTimeoutSeconds=2", "--Browser:CommandTimeoutSeconds=1", "--Browser:PageInfoTimeoutSeconds=2");

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private async Task<WsClient> ExtensionAsync()
    {
        var ws = await WsClient.ConnectAsync(_server.Client, "/ws/browser");
        await ws.SendTextAsync("ping");
        Assert.Equal("pong", await ws.ReceiveTextAsync());
        Assert.True(Bridge.IsConnected);
        return ws;
    }

    private static async Task<JsonElement> CommandAsync(WsClient ws)
    {
        var frame = await ws.ReceiveJsonAsync();
        Assert.Equal("command", frame.GetProperty("type").GetString());
        return frame.GetProperty("data");
    }

    [Fact]
    public async Task Without_an_extension_a_command_fails_with_a_clear_error()
    {
        var result = await Bridge.SendCommandAsync("open_url", new BrowserCommandArgs { Url = "https://example.com" });
        Assert.False(result.IsSuccess);
        Assert.Equal(BrowserBridge.NoBrowserError, result.Error);
        Assert.Null(Bridge.LatestPageInfo);
    }

    [Fact]
    public async Task Two_concurrent_commands_answered_out_of_order_get_their_own_results()
    {
        await using var ext = await ExtensionAsync();
        var first = Bridge.SendCommandAsync("click", new BrowserCommandArgs { Target = "#first", WaitForPageInfo = false });
        var second = Bridge.SendCommandAsync("type", new BrowserCommandArgs { Target = "#second", Text = "hi", WaitForPageInfo = false });
        var a = await CommandAsync(ext);
        var b = await CommandAsync(ext);
        Assert.True(Guid.TryParse(a.GetProperty("requestId").GetString(), out _));
        Assert.NotEqual(a.GetProperty("requestId").GetString(), b.GetProperty("requestId").GetString());

        // Answer the later command first; each result names the target it was sent for.
        foreach (var cmd in new[] { b, a })
        {
            await ext.SendJsonAsync(new
            {
                type = "command_result",
                data = new { requestId = cmd.GetProperty("requestId").GetString(), status = "success", result = "did " + cmd.GetProperty("target").GetString() },
            });
        }

        var r1 = await first;
        var r2 = await second;
        Assert.True(r1.IsSuccess);
        Assert.Equal("did #first", r1.Result!.Value.GetString());
        Assert.Equal("did #second", r2.Result!.Value.GetString());
    }

    [Fact]
    public async Task A_command_waits_for_the_page_info_and_the_latest_page_info_is_kept()
    {
        await using var ext = await ExtensionAsync();
        var pending = Bridge.SendCommandAsync("open_url", new BrowserCommandArgs { Url = "https://example.com" });
        var cmd = await CommandAsync(ext);
        Assert.Equal("https://example.com", cmd.GetProperty("url").GetString());
        // An error reply from the background script may lack "status".
        await ext.SendJsonAsync(new { type = "command_result", data = new { requestId = cmd.GetProperty("requestId").GetString(), result = "Navigation started" } });
        await ext.SendJsonAsync(new { type = "pageInfoUpdate", data = new { title = "Example", url = "https://example.com/", markdown = "# Example" } });
        var result = await pending;
        Assert.True(result.IsSuccess);
        Assert.Equal("Example", result.PageInfo?.Title);
        Assert.Equal("# Example", Bridge.LatestPageInfo?.Markdown);

        var failing = Bridge.SendCommandAsync("click", new BrowserCommandArgs { Target = "nothing" });
        cmd = await CommandAsync(ext);
        await ext.SendJsonAsync(new { type = "command_result", data = new { requestId = cmd.GetProperty("requestId").GetString(), error = "Element not found" } });
        var failed = await failing;
        Assert.False(failed.IsSuccess);
        Assert.Equal("Element not found", failed.Error);
    }

    [Fact]
    public async Task A_command_the_extension_never_answers_times_out_and_a_late_answer_is_ignored()
    {
        await using var ext = await ExtensionAsync();
        var result = await Bridge.SendCommandAsync("scroll", new BrowserCommandArgs { Text = "down" });
        Assert.False(result.IsSuccess);
        Assert.Equal(BrowserBridge.TimeoutError, result.Error);
        var cmd = await CommandAsync(ext);
        await ext.SendJsonAsync(new { type = "command_result", data = new { requestId = cmd.GetProperty("requestId").GetString(), status = "success" } });
        await ext.SendTextAsync("ping");
        Assert.Equal("pong", await ext.ReceiveTextAsync());
        Assert.True(Bridge.IsConnected);
    }

    [Fact]
    public async Task An_extension_that_stops_sending_heartbeats_is_closed_and_one_that_pings_stays()
    {
        await using var quiet = await ExtensionAsync();
        Assert.Null(await quiet.ReceiveTextAsync(TimeSpan.FromSeconds(15)));
        Assert.Equal(BrowserBridge.IdleCloseStatus, quiet.Socket.CloseStatus);
        Assert.Contains("ping", quiet.Socket.CloseStatusDescription, StringComparison.Ordinal);
        await WaitUntilAsync(() => !Bridge.IsConnected);

        await using var lively = await ExtensionAsync();
        for (var i = 0; i < 8; i++)
        {
            await Task.Delay(500);
            await lively.SendTextAsync("ping");
            Assert.Equal("pong", await lively.ReceiveTextAsync());
        }

        Assert.Equal(WebSocketState.Open, lively.Socket.State);
    }

    [Fact]
    public async Task A_second_extension_replaces_the_first_whose_pending_command_fails_clearly()
    {
        await using var old = await ExtensionAsync();
        var pending = Bridge.SendCommandAsync("click", new BrowserCommandArgs { Target = "#x", WaitForPageInfo = false });
        await CommandAsync(old);
        await old.SendJsonAsync(new { type = "pageInfoUpdate", data = new { title = "Old", url = "https://old.example/", markdown = "old" } });
        await WaitUntilAsync(() => Bridge.LatestPageInfo is not null);

        await using var newer = await ExtensionAsync();
        var failed = await pending;
        Assert.False(failed.IsSuccess);
        Assert.Contains("newer", failed.Error, StringComparison.Ordinal);
        Assert.Null(await old.ReceiveTextAsync());
        Assert.Equal(BrowserBridge.ReplacedCloseStatus, old.Socket.CloseStatus);
        Assert.Null(Bridge.LatestPageInfo); // the old browser's page is not the new one's

        var next = Bridge.SendCommandAsync("back", new BrowserCommandArgs { WaitForPageInfo = false });
        var cmd = await CommandAsync(newer);
        Assert.Equal("back", cmd.GetProperty("command").GetString());
        await newer.SendJsonAsync(new { type = "command_result", data = new { requestId = cmd.GetProperty("requestId").GetString(), status = "success" } });
        Assert.True((await next).IsSuccess);
        Assert.True(Bridge.IsConnected);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 200 && !condition(); i++)
        {
            await Task.Delay(50);
        }

        Assert.True(condition());
    }
}
