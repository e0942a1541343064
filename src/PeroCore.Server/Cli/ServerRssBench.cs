using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using PeroCore.Evaluation.Bench;
using PeroCore.Memory.Ingestion;
using PeroCore.Server.Configuration;

namespace PeroCore.Server.Cli;

/// <summary>
/// The <c>rss</c> case group of <c>perocore bench</c>: the resident memory of a real server process holding N memories.
/// A data folder of N memories with clustered 384-d vectors (imported, indexed and linked; cached under
/// <c>server-{N}/</c> in the bench cache) is served by a child <c>perocore serve</c> on a free loopback port, which then
/// answers 200 searches over HTTP; the row gives its resident set (<c>VmRSS</c>) after them and its peak
/// (<c>VmHWM</c>) since the start. Linux only (other systems get no row).
/// </summary>
internal static class ServerRssBench
{
    private const string CompleteMarker = "complete-v1";

    /// <summary>Adds one row per size to <paramref name="report"/>.</summary>
    public static async Task RunAsync(IReadOnlyList<int> sizes, string cacheDirectory, bool memoryMapped, BenchReport report, TextWriter log, CancellationToken cancellationToken)
    {
        if (!OperatingSystem.IsLinux())
        {
            await log.WriteLineAsync("server RSS: skipped (reads /proc, Linux only)").ConfigureAwait(false);
            return;
        }

        foreach (var n in sizes)
        {
            var folder = Path.Combine(cacheDirectory, string.Create(CultureInfo.InvariantCulture, $"server-{n}"));
            await EnsureDataAsync(folder, n, log, cancellationToken).ConfigureAwait(false);
            foreach (var mapped in memoryMapped ? new[] { false, true } : [false])
            {
                await log.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"server RSS with {n:N0} memories{(mapped ? " (memory-mapped index)" : string.Empty)} ...")).ConfigureAwait(false);
                var (rss, peak, startup) = await MeasureAsync(folder, mapped, cancellationToken).ConfigureAwait(false);
                var mb = rss / 1048576.0;
                var row = new BenchRow(
                    string.Create(CultureInfo.InvariantCulture, $"Server RSS, {Size(n)} memories{(mapped ? ", index memory-mapped" : string.Empty)}"),
                    mb, peak / 1048576.0, "MB", n >= 1_000_000 ? "≤ 2,048 MB" : string.Empty, n >= 1_000_000 ? mb <= 2048 : null,
                    string.Create(CultureInfo.InvariantCulture, $"`perocore serve` after opening the data folder ({startup.TotalSeconds:F1} s) and 200 searches over HTTP; p99 column = peak (VmHWM)"));
                report.Rows.Add(row);
                await log.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  {row.Case}: {mb:F0} MB, peak {peak / 1048576.0:F0} MB")).ConfigureAwait(false);
            }
        }
    }

    private static string Size(int n) => n >= 1_000_000 && n % 1_000_000 == 0 ? $"{n / 1_000_000}M" : n >= 1000 && n % 1000 == 0 ? $"{n / 1000}k" : n.ToString(CultureInfo.InvariantCulture);

    /// <summary>Builds the cached data folder of <paramref name="n"/> memories unless it is complete.</summary>
    private static async Task EnsureDataAsync(string folder, int n, TextWriter log, CancellationToken cancellationToken)
    {
        var marker = Path.Combine(folder, CompleteMarker);
        if (File.Exists(marker))
        {
            return;
        }

        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }

        await log.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"building a server data folder of {n:N0} memories (cached in {folder}) ...")).ConfigureAwait(false);
        var watch = Stopwatch.StartNew();
        var settings = PeroCoreSettings.Load(PeroCoreConfiguration.Build([$"--Server:DataDirectory={folder}", "--Embedding:Provider=Hashing"]));
        var session = await EngineSession.OpenAsync(settings, "bench", cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            const int slice = 50_000;
            for (var start = 0; start < n; start += slice)
            {
                var inputs = EngineWorkload.Inputs(Math.Min(slice, n - start), 31 + start, BenchData.ClusterCount(n), start);
                await session.Engine.ImportAsync(inputs, cancellationToken, null, new ImportOptions { Relations = RelationLinking.Deferred }).ConfigureAwait(false);
                await log.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"  {Math.Min(n, start + slice):N0} of {n:N0} written ({watch.Elapsed.TotalSeconds:F0} s)")).ConfigureAwait(false);
            }

            await log.WriteLineAsync("  indexing (HNSW), then linking and auditing; this is most of the time ...").ConfigureAwait(false);
            await session.Engine.WaitForIndexingAsync(cancellationToken).ConfigureAwait(false);
            await log.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  indexed ({watch.Elapsed.TotalSeconds:F0} s)")).ConfigureAwait(false);
            await session.Engine.WaitForLinkingAsync(cancellationToken).ConfigureAwait(false);
            await session.Engine.WaitForAuditAsync(cancellationToken).ConfigureAwait(false);
            await log.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  linked and audited ({watch.Elapsed.TotalSeconds:F0} s)")).ConfigureAwait(false);
            await session.Engine.SaveIndexesAsync(cancellationToken).ConfigureAwait(false);
        }

        await File.WriteAllTextAsync(marker, n.ToString(CultureInfo.InvariantCulture), cancellationToken).ConfigureAwait(false);
        await log.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  built in {watch.Elapsed.TotalSeconds:F0} s")).ConfigureAwait(false);
    }

    private static async Task<(long Rss, long Peak, TimeSpan Startup)> MeasureAsync(string folder, bool mapped, CancellationToken cancellationToken)
    {
        var port = FreePort();
        var start = new ProcessStartInfo { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        var self = Environment.ProcessPath ?? "dotnet";
        start.FileName = self;
        if (Path.GetFileNameWithoutExtension(self).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            start.ArgumentList.Add(typeof(ServerRssBench).Assembly.Location);
        }

        foreach (var arg in new[] { "serve", "--data", folder, "--Embedding:Provider=Hashing", string.Create(CultureInfo.InvariantCulture, $"--Server:Port={port}") })
        {
            start.ArgumentList.Add(arg);
        }

        if (mapped)
        {
            start.ArgumentList.Add("--Memory:Index:MemoryMapped=true");
        }

        var watch = Stopwatch.StartNew();
        using var child = Process.Start(start) ?? throw new InvalidOperationException("Could not start a child perocore.");
        var drainOut = child.StandardOutput.ReadToEndAsync(cancellationToken);
        var drainErr = child.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}/")), Timeout = TimeSpan.FromMinutes(2) };
            while (true)
            {
                if (child.HasExited)
                {
                    throw new InvalidOperationException($"The child server exited with {child.ExitCode}: {await drainErr.ConfigureAwait(false)}");
                }

                try
                {
                    using var health = await http.GetAsync(new Uri("health", UriKind.Relative), cancellationToken).ConfigureAwait(false);
                    if (health.IsSuccessStatusCode)
                    {
                        break;
                    }
                }
                catch (HttpRequestException)
                {
                    // Not listening yet.
                }

                await Task.Delay(100, cancellationToken).ConfigureAwait(false);
            }

            var startup = watch.Elapsed;
            for (var i = 0; i < 200; i++)
            {
                var q = Uri.EscapeDataString(BenchData.Question(i % 50, i));
                using var response = await http.GetAsync(new Uri($"api/memories/search?q={q}", UriKind.Relative), cancellationToken).ConfigureAwait(false);
                response.EnsureSuccessStatusCode();
            }

            var (rss, peak) = ReadStatus(child.Id);
            return (rss, peak, startup);
        }
        finally
        {
            if (!child.HasExited)
            {
                child.Kill(entireProcessTree: true);
            }

            await child.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            await drainOut.ConfigureAwait(false);
            await drainErr.ConfigureAwait(false);
        }
    }

    /// <summary>VmRSS and VmHWM of a process, in bytes.</summary>
    private static (long Rss, long Peak) ReadStatus(int pid)
    {
        long rss = 0, peak = 0;
        foreach (var line in File.ReadLines(string.Create(CultureInfo.InvariantCulture, $"/proc/{pid}/status")))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                rss = Kilobytes(line);
            }
            else if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                peak = Kilobytes(line);
            }
        }

        return (rss, peak);

        static long Kilobytes(string line) =>
            long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
