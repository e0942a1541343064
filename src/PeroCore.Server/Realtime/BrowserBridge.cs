using System.Net.WebSockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using PeroCore.Agent.Browser;
using PeroCore.Server.Configuration;

namespace PeroCore.Server.Realtime;

/// <summary>
/// The server side of <c>/ws/browser</c> (spec interface §4) and the <see cref="IBrowserBridge"/> the browser tools use.
/// One extension is active at a time: <b>the newest connection wins</b>. When a second extension connects, the older
/// one is closed with code <see cref="ReplacedCloseStatus"/> and its waiting commands fail with a clear error (so a
/// reconnecting extension never waits for its own stale socket to time out). Every command has a UUID request id and
/// its own waiters, so concurrent commands never receive each other's results or page info.
/// </summary>
internal sealed partial class BrowserBridge : IBrowserBridge
{
    /// <summary>Close code sent to an extension replaced by a newer connection.</summary>
    public const WebSocketCloseStatus ReplacedCloseStatus = (WebSocketCloseStatus)4001;

    /// <summary>Close code sent to an extension silent for longer than <c>Browser:IdleTimeoutSeconds</c>.</summary>
    public const WebSocketCloseStatus IdleCloseStatus = (WebSocketCloseStatus)4002;

    /// <summary>The largest message an extension may send (page Markdown included).</summary>
    public const int MaxMessageBytes = 8 * 1024 * 1024;

    /// <summary>The error of a command sent while no extension is connected.</summary>
    public const string NoBrowserError = "No browser connected. Install the PeroCore browser extension and make sure it is connected to this server.";

    /// <summary>The error of a command the extension did not answer in time.</summary>
    public const string TimeoutError = "Command execution timed out.";

    private readonly Lock _gate = new();
    private readonly BrowserOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger<BrowserBridge> _logger;
    private BrowserConnection? _current;
    private BrowserPageInfo? _pageInfo;

    /// <summary>Creates the bridge.</summary>
    public BrowserBridge(IOptions<BrowserOptions> options, TimeProvider clock, ILogger<BrowserBridge> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _clock = clock;
        _logger = logger;
    }

    /// <inheritdoc />
    public bool IsConnected => Volatile.Read(ref _current) is not null;

    /// <inheritdoc />
    public BrowserPageInfo? LatestPageInfo => Volatile.Read(ref _pageInfo);

    /// <inheritdoc />
    public async Task<BrowserCommandResult> SendCommandAsync(string command, BrowserCommandArgs args, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(command);
        ArgumentNullException.ThrowIfNull(args);
        var connection = Volatile.Read(ref _current);
        if (connection is null)
        {
            return BrowserCommandResult.Failed(NoBrowserError);
        }

        var requestId = Guid.NewGuid().ToString();
        var pending = connection.Register(requestId);
        try
        {
            var frame = new JsonObject
            {
                ["type"] = "command",
                ["data"] = new JsonObject
                {
                    ["requestId"] = requestId,
                    ["command"] = command,
                    ["target"] = args.Target,
                    ["text"] = args.Text,
                    ["url"] = args.Url,
                    ["wait_for_page_info"] = args.WaitForPageInfo,
                },
            };
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(_options.CommandTimeout);
            JsonObject data;
            try
            {
                await connection.SendAsync(JsonSerializer.SerializeToUtf8Bytes(frame), deadline.Token).ConfigureAwait(false);
                data = await pending.Result.Task.WaitAsync(deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return BrowserCommandResult.Failed(TimeoutError);
            }
            catch (Exception ex) when (ex is BrowserConnectionLostException or WebSocketException or ObjectDisposedException)
            {
                return BrowserCommandResult.Failed(ex is BrowserConnectionLostException ? ex.Message : connection.ClosedBecause ?? "The browser connection was lost before the command was sent.");
            }

            var error = Text(data, "error");
            var status = Text(data, "status") ?? (error is null ? "success" : "error");
            BrowserPageInfo? page = null;
            if (status == "success" && args.WaitForPageInfo && _options.PageInfoTimeout > TimeSpan.Zero)
            {
                try
                {
                    page = await pending.Page.Task.WaitAsync(_options.PageInfoTimeout, _clock, cancellationToken).ConfigureAwait(false);
                }
                catch (TimeoutException)
                {
                    page = null;
                }
            }

            return new BrowserCommandResult(status, data["result"] is { } r ? JsonSerializer.SerializeToElement(r) : null,
                Text(data, "page_content"), error, page);
        }
        finally
        {
            connection.Unregister(requestId);
        }
    }

    /// <summary>
    /// Serves one extension connection until it closes, idles out, or is replaced; replaces the previous one.
    /// </summary>
    public async Task RunAsync(WebSocket socket, CancellationToken aborted)
    {
        ArgumentNullException.ThrowIfNull(socket);
        using var connection = new BrowserConnection(socket, _clock);
        BrowserConnection? previous;
        lock (_gate)
        {
            previous = _current;
            _current = connection;
            _pageInfo = null;
        }

        if (previous is not null)
        {
            LogReplaced(_logger);
            await previous.CloseAsync(ReplacedCloseStatus, "Replaced by a newer browser extension connection.").ConfigureAwait(false);
        }
        else
        {
            LogConnected(_logger);
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        var watchdog = WatchIdleAsync(connection, stop.Token);
        try
        {
            await ReceiveLoopAsync(connection, stop.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
            // The extension left or was cut off.
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await watchdog.ConfigureAwait(false);
            lock (_gate)
            {
                if (ReferenceEquals(_current, connection))
                {
                    _current = null;
                    _pageInfo = null;
                }
            }

            connection.FailAll(connection.ClosedBecause ?? "The browser disconnected before it answered.");
            if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                using var closing = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                try
                {
                    await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, closing.Token).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
                {
                    socket.Abort();
                }
            }

            LogDisconnected(_logger, connection.ClosedBecause ?? "closed by the extension");
        }
    }

    private async Task ReceiveLoopAsync(BrowserConnection connection, CancellationToken cancellationToken)
    {
        var socket = connection.Socket;
        using var message = new MemoryStream();
        var chunk = new byte[16 * 1024];
        while (socket.State == WebSocketState.Open)
        {
            message.SetLength(0);
            WebSocketReceiveResult result;
            do
            {
                result = await socket.ReceiveAsync(chunk, cancellationToken).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }

                if (message.Length + result.Count > MaxMessageBytes)
                {
                    await connection.CloseAsync(WebSocketCloseStatus.MessageTooBig, $"Messages are at most {MaxMessageBytes} bytes.").ConfigureAwait(false);
                    return;
                }

                message.Write(chunk, 0, result.Count);
            }
            while (!result.EndOfMessage);

            connection.Touch();
            if (result.MessageType != WebSocketMessageType.Text)
            {
                continue;
            }

            var bytes = message.GetBuffer().AsMemory(0, (int)message.Length);
            if (bytes.Span.SequenceEqual("ping"u8))
            {
                await connection.SendAsync("pong"u8.ToArray(), cancellationToken).ConfigureAwait(false);
                continue;
            }

            Handle(connection, bytes);
        }
    }

    private void Handle(BrowserConnection connection, ReadOnlyMemory<byte> utf8)
    {
        JsonObject? frame;
        try
        {
            frame = JsonNode.Parse(utf8.Span) as JsonObject;
        }
        catch (JsonException)
        {
            frame = null;
        }

        var type = frame is null ? null : Text(frame, "type");
        var data = frame?["data"] as JsonObject;
        switch (type)
        {
            case "pageInfoUpdate" when data is not null:
                var info = new BrowserPageInfo(Text(data, "title") ?? string.Empty, Text(data, "url") ?? string.Empty, Text(data, "markdown") ?? string.Empty)
                {
                    ReceivedAt = _clock.GetUtcNow(),
                };
                lock (_gate)
                {
                    if (ReferenceEquals(_current, connection))
                    {
                        _pageInfo = info;
                    }
                }

                connection.PageArrived(info);
                break;
            case "command_result" when data is not null && Text(data, "requestId") is { } requestId:
                if (!connection.Complete(requestId, data))
                {
                    LogUnknownResult(_logger);
                }

                break;
            default:
                LogIgnored(_logger, type ?? "(not a {type, data} object)");
                break;
        }
    }

    private async Task WatchIdleAsync(BrowserConnection connection, CancellationToken cancellationToken)
    {
        var idle = _options.IdleTimeout;
        var step = TimeSpan.FromMilliseconds(Math.Clamp(idle.TotalMilliseconds / 4, 50, 5000));
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(step, _clock, cancellationToken).ConfigureAwait(false);
                if (connection.Idle > idle)
                {
                    await connection.CloseAsync(IdleCloseStatus,
                        $"No message for {_options.IdleTimeoutSeconds} s; send 'ping' at least that often to stay connected.").ConfigureAwait(false);
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The connection ended.
        }
    }

    private static string? Text(JsonObject obj, string field) =>
        obj[field] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    [LoggerMessage(Level = LogLevel.Information, Message = "Browser extension connected")]
    private static partial void LogConnected(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "A second browser extension connected; the previous connection is closed (the newest wins)")]
    private static partial void LogReplaced(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Browser extension disconnected: {Reason}")]
    private static partial void LogDisconnected(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "A command_result for a request no command waits for (timed out or unknown) was ignored")]
    private static partial void LogUnknownResult(ILogger logger);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Ignored a browser message of type {Type}")]
    private static partial void LogIgnored(ILogger logger, string type);
}
