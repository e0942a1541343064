using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using PeroCore.Agent.Tools;
using PeroCore.Nit.Tools;
using PeroCore.Nit.Values;

namespace PeroCore.Agent.Mcp;

/// <summary>
/// The MCP client side: one pooled session per configured server, opened lazily (on the first chat or call that needs
/// it), reopened when the session ended (a crashed process is restarted by the next call), closed when its configuration
/// changes and when the host stops. Each server's tools are registered in the chat's tool registry as native tools named
/// <c>mcp_SERVER_TOOL</c> and as the NIT calls <c>SERVER.TOOL(...)</c>; <c>mcp_bridge(server=, tool=, arguments=)</c>
/// (<see cref="McpToolSource"/>) reaches any of them by name.
/// </summary>
public sealed class McpBridge : IToolRefresher, IAsyncDisposable
{
    /// <summary>The plugin name of the <c>mcp_bridge</c> tool.</summary>
    public const string BridgePlugin = "McpBridge";

    /// <summary>How long a chat leaves a server alone after it failed to start.</summary>
    private static readonly TimeSpan RetryAfterFailure = TimeSpan.FromMinutes(1);

    private readonly IMcpServerCatalog _catalog;
    private readonly McpBridgeOptions _options;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<string, McpConnection> _connections = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string Signature, IReadOnlyList<Tool> Tools)> _known = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _registered = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string Signature, DateTimeOffset At)> _failed = new(StringComparer.Ordinal);
    private int _disposed;

    /// <summary>Creates the bridge; nothing is started until a server is needed.</summary>
    public McpBridge(IMcpServerCatalog catalog, IOptions<McpBridgeOptions>? options = null, ILoggerFactory? loggerFactory = null)
    {
        _catalog = catalog ?? throw new ArgumentNullException(nameof(catalog));
        _options = options?.Value ?? new McpBridgeOptions();
        _loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        _logger = _loggerFactory.CreateLogger<McpBridge>();
    }

    /// <summary>The servers with an open session, by name.</summary>
    public IReadOnlyList<McpServerStatus> ActiveServers
    {
        get
        {
            lock (_connections)
            {
                return [.. _connections.Values.Where(c => c.IsAlive).OrderBy(c => c.Definition.Name, StringComparer.Ordinal)
                    .Select(c => new McpServerStatus(c.Definition.Name, c.Definition.Transport, [.. c.Tools.Select(t => t.Name)]))];
            }
        }
    }

    /// <summary>
    /// Opens a session with every enabled server that has none (a failing server is logged and skipped), closes those
    /// removed, disabled or changed, and registers the tools of each in <paramref name="registry"/>.
    /// </summary>
    public async Task RefreshAsync(NitToolRegistry registry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var definitions = await _catalog.ListEnabledAsync(cancellationToken).ConfigureAwait(false);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var wanted = definitions.ToDictionary(d => d.Name, StringComparer.Ordinal);
            foreach (var name in _known.Keys.ToList())
            {
                if (!wanted.TryGetValue(name, out var d) || d.Signature != _known[name].Signature)
                {
                    await CloseLockedAsync(name).ConfigureAwait(false);
                    _known.Remove(name);
                }
            }

            foreach (var definition in definitions)
            {
                // A server that just failed to start is not retried by every chat (each would wait for its timeout);
                // a direct call (mcp_bridge, SERVER.tool) still tries at once.
                var recentlyFailed = _failed.TryGetValue(definition.Name, out var failure) && failure.Signature == definition.Signature &&
                                     DateTimeOffset.UtcNow - failure.At < RetryAfterFailure;
                if (!recentlyFailed && (!_known.ContainsKey(definition.Name) || !IsAliveLocked(definition.Name)))
                {
                    try
                    {
                        await OpenLockedAsync(definition, cancellationToken).ConfigureAwait(false);
                        _failed.Remove(definition.Name);
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                    {
                        _failed[definition.Name] = (definition.Signature, DateTimeOffset.UtcNow);
                        McpLog.ConnectFailed(_logger, definition.Name, ex.Message);
                    }
                }
            }

            Register(registry);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Closes the session of <paramref name="server"/> (its configuration changed or it was removed); the next use reopens it.</summary>
    public async Task ForgetAsync(string server, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(server);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await CloseLockedAsync(server).ConfigureAwait(false);
            _known.Remove(server);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Calls a tool of a configured server, opening (or reopening) its session first when needed. Tool errors, timeouts
    /// and lost sessions throw <see cref="InvalidOperationException"/> with a message for the model (in
    /// <paramref name="texts"/>' language); a lost session is dropped so the next call starts the server again.
    /// </summary>
    internal async Task<string> CallAsync(string server, string tool, IReadOnlyDictionary<string, object?> arguments, McpTexts texts, CancellationToken cancellationToken)
    {
        var connection = await ConnectAsync(server, texts, cancellationToken).ConfigureAwait(false);
        var jsonArguments = arguments.ToDictionary(a => a.Key, a => (object?)ToJson(a.Value), StringComparer.Ordinal);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.CallTimeout);
        CallToolResult result;
        try
        {
            result = await connection.Client.CallToolAsync(tool, jsonArguments, cancellationToken: timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new InvalidOperationException(string.Format(CultureInfo.InvariantCulture, texts.TimedOutFormat, tool, server, _options.CallTimeout.TotalSeconds));
        }
        catch (McpProtocolException ex)
        {
            throw new InvalidOperationException(string.Format(CultureInfo.InvariantCulture, texts.ToolErrorFormat, tool, ex.Message), ex);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The transport failed (the process died, the HTTP session is gone): drop it, the next call reconnects.
            McpLog.Lost(_logger, server);
            await DropAsync(connection).ConfigureAwait(false);
            throw new InvalidOperationException(string.Format(CultureInfo.InvariantCulture, texts.LostFormat, server, ex.Message), ex);
        }

        var text = FormatResult(result);
        if (text.Length > _options.MaxResultLength)
        {
            text = text[.._options.MaxResultLength] + texts.Truncated;
        }

        return result.IsError == true
            ? throw new InvalidOperationException(string.Format(CultureInfo.InvariantCulture, texts.ToolErrorFormat, tool, text))
            : text;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            foreach (var name in _connections.Keys.ToList())
            {
                await CloseLockedAsync(name).ConfigureAwait(false);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The text the model reads: text blocks as they are, other blocks and structured content as JSON.</summary>
    internal static string FormatResult(CallToolResult result)
    {
        var sb = new StringBuilder();
        foreach (var block in result.Content)
        {
            if (sb.Length > 0)
            {
                sb.Append('\n');
            }

            sb.Append(block is TextContentBlock text ? text.Text : JsonSerializer.Serialize(block, McpJsonUtilities.DefaultOptions));
        }

        if (sb.Length == 0 && result.StructuredContent is { } structured)
        {
            sb.Append(JsonSerializer.Serialize(structured, McpJsonUtilities.DefaultOptions));
        }

        return sb.ToString();
    }

    private static JsonElement ToJson(object? value)
    {
        using var document = JsonDocument.Parse(NitValueFormatter.ToJson(value));
        return document.RootElement.Clone();
    }

    private async Task<McpConnection> ConnectAsync(string server, McpTexts texts, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var definitions = await _catalog.ListEnabledAsync(cancellationToken).ConfigureAwait(false);
        var definition = definitions.FirstOrDefault(d => string.Equals(d.Name, server, StringComparison.Ordinal))
            ?? definitions.FirstOrDefault(d => string.Equals(d.Name, server, StringComparison.OrdinalIgnoreCase))
            ?? throw new InvalidOperationException(string.Format(CultureInfo.InvariantCulture, texts.UnknownServerFormat, server));
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            lock (_connections)
            {
                if (_connections.TryGetValue(definition.Name, out var open) && open.IsAlive && open.Definition.Signature == definition.Signature)
                {
                    return open;
                }
            }

            try
            {
                return await OpenLockedAsync(definition, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                McpLog.ConnectFailed(_logger, definition.Name, ex.Message);
                throw new InvalidOperationException(string.Format(CultureInfo.InvariantCulture, texts.UnreachableFormat, definition.Name, ex.Message), ex);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<McpConnection> OpenLockedAsync(McpServerDefinition definition, CancellationToken cancellationToken)
    {
        await CloseLockedAsync(definition.Name).ConfigureAwait(false);
        var connection = await McpConnection.OpenAsync(definition, _options, _loggerFactory, cancellationToken).ConfigureAwait(false);
        lock (_connections)
        {
            _connections[definition.Name] = connection;
        }

        _known[definition.Name] = (definition.Signature, connection.Tools);
        McpLog.Connected(_logger, definition.Name, definition.Transport, connection.Tools.Count);
        return connection;
    }

    private bool IsAliveLocked(string name)
    {
        lock (_connections)
        {
            return _connections.TryGetValue(name, out var c) && c.IsAlive;
        }
    }

    private async Task CloseLockedAsync(string name)
    {
        McpConnection? connection;
        lock (_connections)
        {
            if (_connections.Remove(name, out connection) is false)
            {
                return;
            }
        }

        try
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Closing a session that already failed must not fail the caller.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            McpLog.ConnectFailed(_logger, name, ex.Message);
        }

        McpLog.Stopped(_logger, name);
    }

    private async Task DropAsync(McpConnection connection)
    {
        lock (_connections)
        {
            if (_connections.TryGetValue(connection.Definition.Name, out var current) && ReferenceEquals(current, connection))
            {
                _connections.Remove(connection.Definition.Name);
            }
        }

        try
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }
#pragma warning disable CA1031 // The session already failed; the caller reports that.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    /// <summary>Makes the registry hold exactly the tools of the known servers (called under the gate).</summary>
    private void Register(NitToolRegistry registry)
    {
        foreach (var (server, names) in _registered.ToList())
        {
            if (!_known.ContainsKey(server))
            {
                names.ForEach(n => registry.Remove(n));
                _registered.Remove(server);
            }
        }

        foreach (var (server, (signature, tools)) in _known)
        {
            var key = server + "\u001f" + signature;
            if (_registered.TryGetValue(server, out var existing) && existing.Count > 0 && existing[0] == key)
            {
                continue;
            }

            existing?.Skip(1).ToList().ForEach(n => registry.Remove(n));
            var names = new List<string> { key };
            foreach (var tool in tools)
            {
                var nitTool = McpToolAdapter.Create(this, server, tool, _options);
                try
                {
                    registry.Add(nitTool);
                    names.Add(nitTool.QualifiedName);
                }
                catch (InvalidOperationException ex)
                {
                    McpLog.ConnectFailed(_logger, server, ex.Message); // two tools with the same name after cleaning
                }
            }

            _registered[server] = names;
        }
    }
}
