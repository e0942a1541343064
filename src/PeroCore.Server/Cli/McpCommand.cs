using System.CommandLine;
using Microsoft.Extensions.Logging.Abstractions;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using PeroCore.Memory.Storage;
using PeroCore.Server.Configuration;
using PeroCore.Server.Hosting;

namespace PeroCore.Server.Cli;

/// <summary>
/// <c>perocore mcp [--data FOLDER]</c>: PeroCore's memory tools for an MCP client that starts servers over stdio (Claude
/// Desktop, IDE agents). When a running server holds the data folder (it announces its address beside the lock), every
/// request is passed to that server's <c>/mcp</c> endpoint (with <c>Server:ApiKey</c> when set), so the companion and the
/// client share one memory while it runs; otherwise the command opens the folder itself, with an in-process server on a
/// free loopback port that it talks to the same way. Standard output carries only MCP messages; logs go to standard error.
/// </summary>
internal static class McpCommand
{
    /// <summary>The <c>mcp</c> command.</summary>
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var data = SettingOption.Data();
        var command = new Command("mcp", "Serve the memory tools over MCP on standard input/output (through the running server when one holds the data folder).")
        {
            data.Option,
        };
        command.SetAction((result, ct) => PeroCoreCli.GuardAsync(
            () => RunAsync(SettingOption.Arguments(result, context.Settings, data), context, ct),
            context.Error));
        return command;
    }

    /// <summary>Serves MCP on the process's standard streams until the client closes them.</summary>
    public static async Task<int> RunAsync(string[] configuration, CliContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(context);
        var settings = PeroCoreSettings.Load(PeroCoreConfiguration.Build(configuration));
        PeroCoreApplication? own = null;
        Uri address;
        try
        {
            // Probe: free means nobody serves this folder, so this process opens it (and holds it while it serves).
            DataFolderLock.Acquire(settings.Server.DataPath, "mcp").Dispose();
            own = await PeroCoreApplication.CreateAsync(
            [
                .. configuration,
                "--Server:Host=127.0.0.1", "--Server:Port=0", "--Mcp:ServerEnabled=true",
                "--Logging:Console:LogToStandardErrorThreshold=Trace",
            ]).ConfigureAwait(false);
            await own.StartAsync(cancellationToken).ConfigureAwait(false);
            address = own.Addresses[0];
        }
        catch (DataFolderLockedException ex)
        {
            if (own is not null)
            {
                await own.DisposeAsync().ConfigureAwait(false);
            }

            if (DataFolderLock.ReadAddress(settings.Server.DataPath) is not { } server)
            {
                await context.Error.WriteLineAsync(ex.Message).ConfigureAwait(false);
                return PeroCoreCli.ExitFolderLocked;
            }

            address = server;
            own = null;
        }

        try
        {
            return await ProxyAsync(new Uri(address, "/mcp"), settings.Server.ApiKey, context, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (own is not null)
            {
                await own.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private static async Task<int> ProxyAsync(Uri endpoint, string? apiKey, CliContext context, CancellationToken cancellationToken)
    {
        McpClient client;
        try
        {
            client = await McpClient.CreateAsync(new HttpClientTransport(new HttpClientTransportOptions
            {
                Endpoint = endpoint,
                TransportMode = HttpTransportMode.StreamableHttp,
                Name = "perocore",
                AdditionalHeaders = apiKey is null ? null : new Dictionary<string, string> { ["X-API-Key"] = apiKey },
            }, NullLoggerFactory.Instance), new McpClientOptions { ClientInfo = new Implementation { Name = "perocore-mcp", Version = "1.0" } },
                NullLoggerFactory.Instance, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or ModelContextProtocol.McpException or IOException)
        {
            await context.Error.WriteLineAsync($"The server at {endpoint} did not answer as an MCP server: {ex.Message}").ConfigureAwait(false);
            return PeroCoreCli.ExitFolderLocked;
        }

        await using (client.ConfigureAwait(false))
        {
            var options = new McpServerOptions
            {
                ServerInfo = new Implementation { Name = "PeroCore", Version = "1.0" },
                Capabilities = new ServerCapabilities { Tools = new ToolsCapability() },
                Handlers = new McpServerHandlers
                {
                    ListToolsHandler = (request, ct) => client.ListToolsAsync(request.Params ?? new ListToolsRequestParams(), ct),
                    CallToolHandler = (request, ct) => client.CallToolAsync(request.Params!, ct),
                },
            };
            var transport = new StreamServerTransport(Console.OpenStandardInput(), Console.OpenStandardOutput(), "perocore", NullLoggerFactory.Instance);
            await using (transport.ConfigureAwait(false))
            {
                var server = McpServer.Create(transport, options, NullLoggerFactory.Instance);
                await using (server.ConfigureAwait(false))
                {
                    await server.RunAsync(cancellationToken).ConfigureAwait(false);
                }
            }
        }

        return 0;
    }
}
