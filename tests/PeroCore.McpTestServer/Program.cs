using PeroCore.McpTestServer;

// perocore-mcp-test-server            : MCP over stdio
// perocore-mcp-test-server --http P   : Streamable HTTP at http://127.0.0.1:P/mcp (P = 0 picks a free port; the URL is printed)
if (args is ["--http", var portText, ..])
{
    var builder = WebApplication.CreateBuilder();
    builder.Logging.ClearProviders();
    builder.WebHost.UseUrls($"http://127.0.0.1:{int.Parse(portText, System.Globalization.CultureInfo.InvariantCulture)}");
    builder.Services.AddMcpServer().WithHttpTransport().WithTools([typeof(TestTools)]);
    var app = builder.Build();
    app.MapMcp("/mcp");
    await app.StartAsync().ConfigureAwait(false);
    Console.WriteLine("listening " + app.Urls.First() + "/mcp");
    await app.WaitForShutdownAsync().ConfigureAwait(false);
    return 0;
}

var host = Host.CreateApplicationBuilder();
host.Logging.ClearProviders();
host.Services.AddMcpServer().WithStdioServerTransport().WithTools([typeof(TestTools)]);
await host.Build().RunAsync().ConfigureAwait(false);
return 0;
