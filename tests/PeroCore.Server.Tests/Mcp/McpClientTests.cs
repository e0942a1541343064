using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PeroCore.Agent.Mcp;
using PeroCore.Nit.Runtime;
using PeroCore.Nit.Tools;

namespace PeroCore.Server.Tests.Mcp;

/// <summary>
/// The MCP client against a real MCP server built with the same SDK (tests/PeroCore.McpTestServer), over stdio and
/// Streamable HTTP: configured through <c>/api/mcp</c>, called from NIT (<c>server.tool(...)</c>, <c>mcp_bridge</c>) and as
/// native tools, restarted after a crash, stopped when removed.
/// </summary>
public sealed class McpClientTests : ApiTestBase
{
    private McpBridge Bridge => Server.App.Services.GetRequiredService<McpBridge>();

    private NitToolRegistry Registry => Server.App.Services.GetRequiredService<NitToolRegistry>();

    private NitRuntime Runtime => Server.App.Services.GetRequiredService<NitRuntime>();

    [Fact]
    public async Task A_stdio_server_is_started_on_first_use_and_its_tools_run_from_nit_and_native_calls()
    {
        var id = await AddStdioAsync("tester", env: """{"PEROCORE_TEST_SECRET":"value-of-the-secret"}""");
        Assert.Empty(Bridge.ActiveServers); // nothing starts when it is added

        await Bridge.RefreshAsync(Registry, CancellationToken.None);
        var status = await GetJsonAsync("/api/nit/status");
        Assert.Equal(1, status.GetProperty("active_mcp_count").GetInt32());
        Assert.Contains(status.GetProperty("plugins").EnumerateArray(), p => p.GetProperty("name").GetString() == "tester");
        Assert.NotNull(Registry.Find("mcp_tester_echo"));

        // Shell metacharacters arrive as text: nothing interprets them.
        var result = await Runtime.ExecuteAsync("""
            $a = tester.echo(text="a; $(touch /tmp/x) | b")
            $b = mcp_bridge(server="tester", tool="add", arguments={"a": 2, "b": 40})
            $c = tester.add(a="5", b=6)
            $d = tester.env(name="PEROCORE_TEST_SECRET")
            """);
        Assert.True(result.IsSuccess, result.Output);
        Assert.Equal("echo: a; $(touch /tmp/x) | b", result.Variables["a"]);
        Assert.Equal("42", result.Variables["b"]);
        Assert.Equal("11", result.Variables["c"]); // "5" converted to the schema's integer
        Assert.Equal("value-of-the-secret", result.Variables["d"]);

        var native = await Registry.InvokeJsonAsync("mcp_tester_echo", """{"text":"native"}""");
        Assert.True(native.IsSuccess, native.Error);
        Assert.Equal("echo: native", native.Value);

        var failed = await Registry.InvokeAsync("tester.fail", new Dictionary<string, object?>());
        Assert.False(failed.IsSuccess);
        Assert.Contains("fail", failed.Error, StringComparison.OrdinalIgnoreCase);

        var unknown = await Registry.InvokeAsync("mcp_bridge", new Dictionary<string, object?> { ["server"] = "nobody", ["tool"] = "echo" });
        Assert.False(unknown.IsSuccess);
        Assert.Contains("not configured", unknown.Error, StringComparison.Ordinal);
        Assert.True(id > 0);
    }

    [Fact]
    public async Task A_killed_stdio_server_is_restarted_by_the_next_call()
    {
        await AddStdioAsync("crashy");
        var first = await CallAsync("crashy", "pid");
        Assert.True(first.IsSuccess, first.Error);
        var pid = int.Parse((string)first.Value!, System.Globalization.CultureInfo.InvariantCulture);
        using (var process = Process.GetProcessById(pid))
        {
            process.Kill();
            await process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);
        }

        // The session ends when the process is gone; the bridge reports it as no longer active.
        await WaitUntilAsync(() => Bridge.ActiveServers.All(s => s.Name != "crashy"));
        var second = await CallAsync("crashy", "pid");
        Assert.True(second.IsSuccess, second.Error);
        Assert.NotEqual(pid, int.Parse((string)second.Value!, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task An_http_server_works_and_the_client_recovers_after_it_restarts()
    {
        var port = McpTestServerProcess.FreePort();
        var http = await McpTestServerProcess.StartHttpAsync(port);
        try
        {
            var (status, _) = await SendAsync(HttpMethod.Post, "/api/mcp", JsonSerializer.Serialize(new { name = "web", type = "http", url = http.Endpoint.ToString() }));
            Assert.Equal(HttpStatusCode.OK, status);
            var first = await CallAsync("web", "echo", new() { ["text"] = "over http" });
            Assert.True(first.IsSuccess, first.Error);
            Assert.Equal("echo: over http", first.Value);
            var firstPid = (string)(await CallAsync("web", "pid")).Value!;

            http.Dispose();
            http = await McpTestServerProcess.StartHttpAsync(port);

            // The old session is gone: at most one call fails (and drops it), then the client reconnects.
            var after = await CallAsync("web", "pid");
            if (!after.IsSuccess)
            {
                after = await CallAsync("web", "pid");
            }

            Assert.True(after.IsSuccess, after.Error);
            Assert.NotEqual(firstPid, after.Value);
        }
        finally
        {
            http.Dispose();
        }
    }

    [Fact]
    public async Task Removing_or_disabling_a_server_stops_its_process_and_its_tools()
    {
        var id = await AddStdioAsync("gone");
        var pid = int.Parse((string)(await CallAsync("gone", "pid")).Value!, System.Globalization.CultureInfo.InvariantCulture);
        await Bridge.RefreshAsync(Registry, CancellationToken.None);
        Assert.NotNull(Registry.Find("gone.echo"));

        var (status, _) = await SendAsync(HttpMethod.Delete, $"/api/mcp/{id}");
        Assert.Equal(HttpStatusCode.OK, status);
        await WaitUntilAsync(() => !IsRunning(pid));
        await Bridge.RefreshAsync(Registry, CancellationToken.None);
        Assert.Null(Registry.Find("gone.echo"));
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Delete, $"/api/mcp/{id}")).Status);
    }

    [Fact]
    public async Task A_disabled_server_never_starts()
    {
        using var dir = new TempFolder();
        var marker = Path.Combine(dir.Path, "started");
        var (status, _) = await SendAsync(HttpMethod.Post, "/api/mcp", JsonSerializer.Serialize(new
        {
            name = "off", type = "stdio", command = "touch", args = new[] { marker }, enabled = false,
        }));
        Assert.Equal(HttpStatusCode.OK, status);
        await Bridge.RefreshAsync(Registry, CancellationToken.None);
        var call = await CallAsync("off", "echo");
        Assert.False(call.IsSuccess);
        Assert.False(File.Exists(marker));
        Assert.Empty(Bridge.ActiveServers);
    }

    [Fact]
    public async Task Env_and_header_values_are_masked_on_read_and_kept_when_the_mask_is_sent_back()
    {
        var (status, created) = await SendAsync(HttpMethod.Post, "/api/mcp", JsonSerializer.Serialize(new
        {
            name = "remote", type = "sse", url = "http://127.0.0.1:9/mcp",
            env = "{\"TOKEN\":\"env-secret-0123456789\",\"SHORT\":\"abc\"}",
            headers = new Dictionary<string, string> { ["Authorization"] = "Bearer header-secret-0123456789" },
        }));
        Assert.Equal(HttpStatusCode.OK, status);
        var id = created.GetProperty("id").GetInt64();
        var listed = (await GetJsonAsync("/api/mcp")).EnumerateArray().Single();
        foreach (var text in new[] { listed.GetRawText(), created.GetRawText() })
        {
            Assert.DoesNotContain("env-secret", text, StringComparison.Ordinal);
            Assert.DoesNotContain("header-secret", text, StringComparison.Ordinal);
            Assert.DoesNotContain("abc", text, StringComparison.Ordinal);
        }

        Assert.Equal("[]", listed.GetProperty("args").GetString());
        var maskedEnv = listed.GetProperty("env").GetString()!;
        var maskedHeaders = listed.GetProperty("headers").GetString()!;

        // A dashboard saving the whole form sends the masks back: the secrets stay.
        var (updated, _) = await SendAsync(HttpMethod.Put, $"/api/mcp/{id}", JsonSerializer.Serialize(new { env = maskedEnv, headers = maskedHeaders, enabled = false }));
        Assert.Equal(HttpStatusCode.OK, updated);
        var row = await Server.App.Store.McpServers.GetAsync(id);
        Assert.Contains("env-secret-0123456789", row!.EnvJson, StringComparison.Ordinal);
        Assert.Contains("\"abc\"", row.EnvJson, StringComparison.Ordinal);
        Assert.Contains("header-secret-0123456789", row.HeadersJson, StringComparison.Ordinal);
        Assert.False(row.Enabled);

        var (patched, _) = await SendAsync(HttpMethod.Patch, $"/api/mcp/{id}", """{"env":{"TOKEN":"new-value"}}""");
        Assert.Equal(HttpStatusCode.OK, patched);
        Assert.Equal("""{"TOKEN":"new-value"}""", (await Server.App.Store.McpServers.GetAsync(id))!.EnvJson);
    }

    [Theory]
    [InlineData("""{"name":"a","type":"stdio"}""", "command")]
    [InlineData("""{"name":"a","type":"ftp","url":"http://x"}""", "type")]
    [InlineData("""{"name":"a","type":"http","url":"file:///etc/passwd"}""", "url")]
    [InlineData("""{"name":"a","command":"x","args":"not json"}""", "args")]
    [InlineData("""{"name":"a","command":"x","args":[1,2]}""", "args")]
    [InlineData("""{"name":"a","command":"x","env":{"A":1}}""", "env")]
    [InlineData("""{"name":"a","command":"x","headers":"[1]"}""", "headers")]
    [InlineData("""{"name":"a","command":"x","shell":true}""", "shell")]
    [InlineData("""{"command":"x"}""", "name")]
    public async Task Bad_bodies_are_refused_naming_the_field_and_store_nothing(string body, string field)
    {
        var (status, problem) = await SendAsync(HttpMethod.Post, "/api/mcp", body);
        Assert.True((int)status is >= 400 and < 500, $"{status}");
        Assert.Contains(field, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Empty(await Server.App.Store.McpServers.ListAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Put, "/api/mcp/12345", """{"enabled":false}""")).Status);
    }

    private async Task<long> AddStdioAsync(string name, string env = "{}")
    {
        var (status, body) = await SendAsync(HttpMethod.Post, "/api/mcp", JsonSerializer.Serialize(new
        {
            name, command = "dotnet", args = JsonSerializer.Serialize(new[] { McpTestServerProcess.Dll }), env, enabled = true,
        }));
        Assert.Equal(HttpStatusCode.OK, status);
        return body.GetProperty("id").GetInt64();
    }

    private async Task<NitToolOutcome> CallAsync(string server, string tool, Dictionary<string, object?>? arguments = null) =>
        await Registry.InvokeAsync("mcp_bridge", new Dictionary<string, object?> { ["server"] = server, ["tool"] = tool, ["arguments"] = arguments ?? [] });

    private static bool IsRunning(int pid)
    {
        try
        {
            using var p = Process.GetProcessById(pid);
            return !p.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the condition did not hold within 30 s");
            await Task.Delay(50);
        }
    }
}
