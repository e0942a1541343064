using Microsoft.Extensions.Logging;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace PeroCore.Agent.Mcp;

/// <summary>One open session with an MCP server and the tools it listed when it connected.</summary>
internal sealed class McpConnection : IAsyncDisposable
{
    private int _disposed;

    private McpConnection(McpServerDefinition definition, McpClient client, IReadOnlyList<Tool> tools)
    {
        Definition = definition;
        Client = client;
        Tools = tools;
    }

    public McpServerDefinition Definition { get; }

    public McpClient Client { get; }

    public IReadOnlyList<Tool> Tools { get; }

    /// <summary>False once the session ended (the process exited, the HTTP session was closed) or it was disposed.</summary>
    public bool IsAlive => Volatile.Read(ref _disposed) == 0 && !Client.Completion.IsCompleted;

    /// <summary>Starts (stdio) or reaches (HTTP) the server, does the handshake and lists its tools.</summary>
    public static async Task<McpConnection> OpenAsync(McpServerDefinition definition, McpBridgeOptions options, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.ConnectTimeout);
        IClientTransport transport = definition.Transport switch
        {
            McpTransportKind.Stdio => new StdioClientTransport(new StdioClientTransportOptions
            {
                Name = definition.Name,
                Command = definition.Command ?? throw new InvalidOperationException($"MCP server '{definition.Name}' has no command."),
                Arguments = [.. definition.Arguments],
                EnvironmentVariables = definition.Environment.ToDictionary(e => e.Key, e => (string?)e.Value),
                ShutdownTimeout = TimeSpan.FromSeconds(5),
            }, loggerFactory),
            _ => new HttpClientTransport(new HttpClientTransportOptions
            {
                Name = definition.Name,
                Endpoint = definition.Url ?? throw new InvalidOperationException($"MCP server '{definition.Name}' has no url."),
                TransportMode = definition.Transport == McpTransportKind.Http ? HttpTransportMode.StreamableHttp : HttpTransportMode.AutoDetect,
                AdditionalHeaders = definition.Headers.ToDictionary(h => h.Key, h => h.Value),
                ConnectionTimeout = options.ConnectTimeout,
            }, loggerFactory),
        };

        McpClient client;
        try
        {
            client = await McpClient.CreateAsync(transport, new McpClientOptions
            {
                ClientInfo = new Implementation { Name = "PeroCore", Version = typeof(McpConnection).Assembly.GetName().Version?.ToString() ?? "1.0" },
                InitializationTimeout = options.ConnectTimeout,
            }, loggerFactory, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"MCP server '{definition.Name}' did not answer within {options.ConnectTimeout.TotalSeconds:0} s.");
        }

        try
        {
            var tools = await client.ListToolsAsync(cancellationToken: timeout.Token).ConfigureAwait(false);
            return new McpConnection(definition, client, [.. tools.Select(t => t.ProtocolTool)]);
        }
        catch
        {
            await client.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            await Client.DisposeAsync().ConfigureAwait(false);
        }
    }
}
