using System.Net.Sockets;
using System.Text;

namespace PeroCore.Server.Tests.Security;

/// <summary>
/// Sends one HTTP/1.1 request over a plain socket and reads the status code, even when the server answers before
/// the body is sent and closes the connection (HttpClient then reports a broken pipe instead of the answer).
/// </summary>
internal static class RawHttp
{
    public static async Task<int> SendAsync(Uri server, string method, string path, IReadOnlyDictionary<string, string> headers, byte[] body, bool chunked)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(server.Host, server.Port);
        var stream = client.GetStream();
        var head = new StringBuilder($"{method} {path} HTTP/1.1\r\nHost: {server.Host}:{server.Port}\r\nConnection: close\r\n");
        foreach (var (name, value) in headers)
        {
            head.Append(name).Append(": ").Append(value).Append("\r\n");
        }

        head.Append(chunked ? "Transfer-Encoding: chunked\r\n" : $"Content-Length: {body.Length}\r\n").Append("\r\n");
        var sending = Task.Run(async () =>
        {
            try
            {
                await stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()));
                const int piece = 64 * 1024;
                for (var offset = 0; offset < body.Length; offset += piece)
                {
                    var part = body.AsMemory(offset, Math.Min(piece, body.Length - offset));
                    if (chunked)
                    {
                        await stream.WriteAsync(Encoding.ASCII.GetBytes($"{part.Length:X}\r\n"));
                        await stream.WriteAsync(part);
                        await stream.WriteAsync("\r\n"u8.ToArray());
                    }
                    else
                    {
                        await stream.WriteAsync(part);
                    }
                }

                if (chunked)
                {
                    await stream.WriteAsync("0\r\n\r\n"u8.ToArray());
                }
            }
            catch (IOException)
            {
                // The server answered and closed early: the status line is what matters.
            }
        });

        var reader = new StreamReader(stream, Encoding.ASCII);
        var status = await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30)) ?? throw new IOException("The server closed the connection without an answer.");
        await Task.WhenAny(sending, Task.Delay(TimeSpan.FromSeconds(5)));
        return int.Parse(status.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
    }
}
