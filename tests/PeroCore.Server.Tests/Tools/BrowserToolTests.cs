using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PeroCore.Agent.Chat;
using PeroCore.Nit.Runtime;
using PeroCore.Server.Tests.Realtime;

namespace PeroCore.Server.Tests.Tools;

/// <summary>The BrowserOps tools through NIT, with a simulated extension on <c>/ws/browser</c>.</summary>
public sealed class BrowserToolTests : IAsyncLifetime
{
    private ServerFixture _server = null!;

    public async Task InitializeAsync() => _server = await ServerFixture.StartAsync("--Agent:ScorerEnabled=false",
        "--Browser:CommandTimeoutSeconds=5", "--Browser:PageInfoTimeoutSeconds=2");

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private Task<NitExecutionResult> RunAsync(string script) =>
        _server.App.Services.GetRequiredService<NitRuntime>().ExecuteAsync(script, new ChatToolState("desktop", "default", null).ToContext()).AsTask();

    [Fact]
    public async Task Without_an_extension_every_browser_tool_says_none_is_connected()
    {
        foreach (var script in new[] { "browser_open_url(url=\"example.com\")", "browser_click(target=\"#go\")", "browser_get_content()", "get_browser_page_info()", "browser_back()" })
        {
            var result = await RunAsync(script);
            Assert.False(result.IsSuccess);
            Assert.Contains("No browser extension is connected", result.FirstError, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Commands_reach_the_extension_and_the_page_it_reports_comes_back()
    {
        await using var ext = await WsClient.ConnectAsync(_server.Client, "/ws/browser");
        await ext.SendTextAsync("ping");
        Assert.Equal("pong", await ext.ReceiveTextAsync());

        var open = RunAsync("browser_open_url(url=\"example.com\")");
        var cmd = (await ext.ReceiveJsonAsync()).GetProperty("data");
        Assert.Equal("open_url", cmd.GetProperty("command").GetString());
        Assert.Equal("https://example.com", cmd.GetProperty("url").GetString());
        await ext.SendJsonAsync(new { type = "command_result", data = new { requestId = cmd.GetProperty("requestId").GetString(), status = "success", result = "opened" } });
        await ext.SendJsonAsync(new { type = "pageInfoUpdate", data = new { title = "Example Domain", url = "https://example.com/", markdown = "# Example Domain\nThis domain is for examples." } });
        var opened = await open;
        Assert.True(opened.IsSuccess, opened.FirstError);
        var text = (string)opened.Statements[0].Value!;
        Assert.Contains("opened", text, StringComparison.Ordinal);
        Assert.Contains("Page: Example Domain", text, StringComparison.Ordinal);
        Assert.Contains("This domain is for examples.", text, StringComparison.Ordinal);

        var typed = RunAsync("browser_input(target=\"#q\", text=\"cats\")");
        cmd = (await ext.ReceiveJsonAsync()).GetProperty("data");
        Assert.Equal("type", cmd.GetProperty("command").GetString());
        Assert.Equal("#q", cmd.GetProperty("target").GetString());
        Assert.Equal("cats", cmd.GetProperty("text").GetString());
        await ext.SendJsonAsync(new { type = "command_result", data = new { requestId = cmd.GetProperty("requestId").GetString(), error = "Element not found" } });
        var failed = await typed;
        Assert.False(failed.IsSuccess);
        Assert.Contains("Element not found", failed.FirstError, StringComparison.Ordinal);

        var info = await RunAsync("get_browser_page_info()");
        Assert.Equal("Page: Example Domain\nURL: https://example.com/", info.Statements[0].Value);
        Assert.Contains("# Example Domain", (string)(await RunAsync("browser_get_content()")).Statements[0].Value!, StringComparison.Ordinal);

        foreach (var (script, command) in new[] { ("browser_scroll(direction=\"up\")", "scroll"), ("browser_back()", "back"), ("browser_refresh()", "refresh"), ("browser_click(target=\"More\")", "click") })
        {
            var pending = RunAsync(script);
            cmd = (await ext.ReceiveJsonAsync()).GetProperty("data");
            Assert.Equal(command, cmd.GetProperty("command").GetString());
            await ext.SendJsonAsync(new { type = "command_result", data = new { requestId = cmd.GetProperty("requestId").GetString(), status = "success" } });
            await ext.SendJsonAsync(new { type = "pageInfoUpdate", data = new { title = "After " + command, url = "https://example.com/", markdown = "x" } });
            var done = await pending;
            Assert.True(done.IsSuccess, done.FirstError);
            Assert.Contains("Done: " + command, (string)done.Statements[0].Value!, StringComparison.Ordinal);
        }
    }
}
