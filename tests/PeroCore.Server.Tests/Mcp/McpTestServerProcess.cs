using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace PeroCore.Server.Tests.Mcp;

/// <summary>The test MCP server (tests/PeroCore.McpTestServer) started over HTTP on 127.0.0.1.</summary>
internal sealed class McpTestServerProcess : IDisposable
{
    private readonly Process _process;

    private McpTestServerProcess(Process process, Uri endpoint)
    {
        _process = process;
        Endpoint = endpoint;
    }

    /// <summary>The dll the tests start with <c>dotnet</c> (stdio when started without arguments).</summary>
    public static string Dll => Path.Combine(AppContext.BaseDirectory, "PeroCore.McpTestServer.dll");

    public Uri Endpoint { get; }

    public int Id => _process.Id;

    /// <summary>A TCP port that was free a moment ago.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Starts the server on <paramref name="port"/> and waits until it says it listens.</summary>
    public static async Task<McpTestServerProcess> StartHttpAsync(int port)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Dll);
        info.ArgumentList.Add("--http");
        info.ArgumentList.Add(port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var process = Process.Start(info)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.StartsWith("listening ", StringComparison.Ordinal))
            {
                return new McpTestServerProcess(process, new Uri(line["listening ".Length..].Trim()));
            }
        }

        process.Kill(true);
        throw new InvalidOperationException("The test MCP server did not start: " + await process.StandardError.ReadToEndAsync());
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(true);
                _process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
        }

        _process.Dispose();
    }
}
