using System.Net;
using System.Text;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace PeroCore.Server.Tests.Mcp;

/// <summary>
/// PeroCore as an MCP server: an MCP client built with the SDK lists and calls the memory tools over Streamable HTTP at
/// <c>/mcp</c> (behind the API key) and over stdio through <c>perocore mcp</c>, with and without a running server.
/// </summary>
public sealed class McpServerTests
{
    private const string Key = "mcp-test-key-0123456789";

    [Fact]
    public async Task Http_clients_with_the_key_save_and_recall_memories()
    {
        await using var server = await ServerFixture.StartAsync("--Agent:ScorerEnabled=false", $"--Server:ApiKey={Key}");
        await using var client = await McpClient.CreateAsync(new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = new Uri(server.App.Addresses[0], "/mcp"),
            TransportMode = HttpTransportMode.StreamableHttp,
            AdditionalHeaders = new Dictionary<string, string> { ["Authorization"] = "Bearer " + Key },
        }));

        await SaveAndRecallAsync(client, "The owner's bicycle is painted teal");
        var stored = await server.App.Store.Memories.ListAsync(new PeroCore.Memory.Storage.MemoryListQuery());
        Assert.Contains(stored, m => m.Content == "The owner's bicycle is painted teal");
    }

    [Fact]
    public async Task Http_without_the_key_is_refused()
    {
        await using var server = await ServerFixture.StartAsync("--Agent:ScorerEnabled=false", $"--Server:ApiKey={Key}");
        using var raw = new StringContent("""{"jsonrpc":"2.0","id":1,"method":"tools/list"}""", Encoding.UTF8, "application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/mcp") { Content = raw };
        request.Headers.Add("Accept", "application/json, text/event-stream");
        using var response = await server.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);

        await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await using var client = await McpClient.CreateAsync(new HttpClientTransport(new HttpClientTransportOptions
            {
                Endpoint = new Uri(server.App.Addresses[0], "/mcp"),
                TransportMode = HttpTransportMode.StreamableHttp,
                AdditionalHeaders = new Dictionary<string, string> { ["Authorization"] = "Bearer wrong-key-0123456789" },
            }));
        });
    }

    [Fact]
    public async Task Stdio_without_a_running_server_opens_the_data_folder_itself()
    {
        using var dir = new TempFolder();
        var data = Path.Combine(dir.Path, "data");
        await using (var client = await McpClient.CreateAsync(Stdio(data)))
        {
            await SaveAndRecallAsync(client, "The owner plays the cello on Sundays");
        }

        // The process is gone and the memory is in the folder: a server opened on it finds it.
        await using var app = await OpenWhenFreeAsync(data);
        var stored = await app.Store.Memories.ListAsync(new PeroCore.Memory.Storage.MemoryListQuery());
        Assert.Contains(stored, m => m.Content == "The owner plays the cello on Sundays");
    }

    [Fact]
    public async Task Stdio_with_a_running_server_goes_through_it()
    {
        await using var server = await ServerFixture.StartAsync("--Agent:ScorerEnabled=false", $"--Server:ApiKey={Key}");
        await using (var client = await McpClient.CreateAsync(Stdio(server.DataPath, $"--Server:ApiKey={Key}")))
        {
            await SaveAndRecallAsync(client, "The owner keeps a lemon tree on the balcony");
        }

        // Written by the running server (it holds the folder): its own store has the memory.
        var stored = await server.App.Store.Memories.ListAsync(new PeroCore.Memory.Storage.MemoryListQuery());
        Assert.Contains(stored, m => m.Content == "The owner keeps a lemon tree on the balcony");
    }

    private static StdioClientTransport Stdio(string data, params string[] extra) => new(new StdioClientTransportOptions
    {
        Name = "perocore",
        Command = "dotnet",
        Arguments = [Path.Combine(AppContext.BaseDirectory, "perocore.dll"), "mcp", "--data", data, "--Embedding:Provider=Hashing", "--Agent:ScorerEnabled=false", .. extra],
        ShutdownTimeout = TimeSpan.FromSeconds(30),
    });

    private static async Task SaveAndRecallAsync(McpClient client, string fact)
    {
        var tools = await client.ListToolsAsync();
        Assert.Contains(tools, t => t.Name == "save_memory");
        Assert.Contains(tools, t => t.Name == "recall_memories");
        Assert.All(tools, t => Assert.Equal(System.Text.Json.JsonValueKind.Object, t.JsonSchema.ValueKind));

        var saved = await client.CallToolAsync("save_memory", new Dictionary<string, object?> { ["content"] = fact, ["importance"] = 7 });
        Assert.NotEqual(true, saved.IsError);
        var recalled = await client.CallToolAsync("recall_memories", new Dictionary<string, object?> { ["query"] = fact, ["limit"] = 3 });
        Assert.NotEqual(true, recalled.IsError);
        Assert.Contains(fact, string.Concat(recalled.Content.OfType<TextContentBlock>().Select(b => b.Text)), StringComparison.Ordinal);

        var bad = await client.CallToolAsync("save_memory", new Dictionary<string, object?>());
        Assert.True(bad.IsError);
    }

    private static async Task<PeroCore.Server.Hosting.PeroCoreApplication> OpenWhenFreeAsync(string data)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var app = await PeroCore.Server.Hosting.PeroCoreApplication.CreateAsync(["--port", "0", "--data", data, "--Embedding:Provider=Hashing", "--Agent:ScorerEnabled=false"]);
            try
            {
                await app.StartAsync();
                return app;
            }
            catch (PeroCore.Memory.Storage.DataFolderLockedException) when (DateTime.UtcNow < deadline)
            {
                await app.DisposeAsync();
                await Task.Delay(100); // the stdio process is still closing the folder
            }
        }
    }
}
