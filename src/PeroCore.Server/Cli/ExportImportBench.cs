using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using PeroCore.Memory.Ingestion;
using PeroCore.Memory.Storage;
using PeroCore.Server.Configuration;

namespace PeroCore.Server.Cli;

/// <summary>
/// <c>perocore bench export-import --count N [--dir FOLDER]</c>: a measurement, not a test. Generates N memories with
/// 384-d vectors (the Hashing embedder's size, so nothing is embedded) into a fresh data folder, then runs
/// <c>perocore export</c> and <c>perocore import</c> (into another fresh folder) as child processes and prints, for each,
/// the time, the rate and the child's peak working set (<c>VmHWM</c>, polled), which stays flat as N grows when memory
/// is bounded.
/// </summary>
internal static class ExportImportBench
{
    /// <summary>The <c>bench export-import</c> command.</summary>
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var count = new Option<int>("--count") { Description = "Memories to generate (default 100000).", DefaultValueFactory = _ => 100_000 };
        var dir = new Option<string>("--dir") { Description = "Working folder (default: a new temporary folder, deleted afterwards).", HelpName = "FOLDER" };
        var command = new Command("export-import", "Measure export and import of N generated memories: time and peak working set of each.") { count, dir };
        command.SetAction((result, ct) => PeroCoreCli.GuardAsync(() => RunAsync(result.GetValue(count), result.GetValue(dir), context, ct), context.Error));
        return command;
    }

    /// <summary>Runs the measurement.</summary>
    public static async Task<int> RunAsync(int count, string? folder, CliContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (count < 1)
        {
            await context.Error.WriteLineAsync("--count must be at least 1.").ConfigureAwait(false);
            return PeroCoreCli.ExitBadConfiguration;
        }

        var root = folder ?? Path.Combine(Path.GetTempPath(), "perocore-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        try
        {
            var source = Path.Combine(root, "source");
            var target = Path.Combine(root, "target");
            var file = Path.Combine(root, "export.jsonl");
            var watch = Stopwatch.StartNew();
            await GenerateAsync(source, count, context.Error, cancellationToken).ConfigureAwait(false);
            await context.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"generated {count} memories in {watch.Elapsed.TotalSeconds:F1} s")).ConfigureAwait(false);

            var export = await MeasureAsync(["export", file, "--data", source, "--Embedding:Provider=Hashing"], cancellationToken).ConfigureAwait(false);
            var import = await MeasureAsync(["import", file, "--data", target, "--Embedding:Provider=Hashing"], cancellationToken).ConfigureAwait(false);
            var size = new FileInfo(file).Length;
            var output = context.Output;
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Export and import of {count:N0} memories with 384-d vectors (file {size / 1048576.0:F0} MB)")).ConfigureAwait(false);
            await output.WriteLineAsync().ConfigureAwait(false);
            await output.WriteLineAsync("| direction | exit | seconds | memories/s | peak working set (MB) |").ConfigureAwait(false);
            await output.WriteLineAsync("|---|---|---|---|---|").ConfigureAwait(false);
            foreach (var (name, m) in new[] { ("export", export), ("import (committed, indexed and saved)", import) })
            {
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"| {name} | {m.ExitCode} | {m.Elapsed.TotalSeconds:F1} | {count / m.Elapsed.TotalSeconds:F0} | {m.PeakBytes / 1048576.0:F0} |")).ConfigureAwait(false);
            }

            return export.ExitCode == 0 && import.ExitCode == 0 ? 0 : 1;
        }
        finally
        {
            if (folder is null)
            {
                Directory.Delete(root, recursive: true);
            }
        }
    }

    private static async Task GenerateAsync(string data, int count, TextWriter progress, CancellationToken cancellationToken)
    {
        var settings = PeroCoreSettings.Load(PeroCoreConfiguration.Build([$"--Server:DataDirectory={data}", "--Embedding:Provider=Hashing"]));
        // The source's vector index stays in memory and is never saved: export reads only SQLite, and closing the session
        // would otherwise insert the whole backlog into the graph before saving it (longer, at 1M, than the measured
        // export and import together).
        await using var session = await EngineSession.OpenAsync(settings, "bench", cancellationToken, o => o with { IndexDirectory = null }).ConfigureAwait(false);
        var random = new Random(2026);
        var start = DateTimeOffset.UtcNow.AddDays(-count / 1000.0);
        const int batch = 10_000;
        for (var done = 0; done < count; done += batch)
        {
            var inputs = new List<NewMemory>(batch);
            for (var i = done; i < Math.Min(count, done + batch); i++)
            {
                var vector = new float[384];
                for (var d = 0; d < vector.Length; d++)
                {
                    vector[d] = (float)((random.NextDouble() * 2) - 1);
                }

                inputs.Add(new NewMemory
                {
                    Content = string.Create(CultureInfo.InvariantCulture, $"generated memory {i}: the owner mentioned topic {i % 997} and detail {random.Next(100_000)}"),
                    Tags = [string.Create(CultureInfo.InvariantCulture, $"topic{i % 97}")],
                    Importance = i % 10,
                    Timestamp = start.AddMinutes(i * 1.44),
                    Embedding = vector,
                });
            }

            await session.Engine.ImportAsync(inputs, cancellationToken, null, new ImportOptions { Relations = RelationLinking.None }).ConfigureAwait(false);
            await progress.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"generated {Math.Min(count, done + batch)}/{count}")).ConfigureAwait(false);
        }
    }

    private static async Task<(int ExitCode, TimeSpan Elapsed, long PeakBytes)> MeasureAsync(string[] args, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        var self = Environment.ProcessPath ?? "dotnet";
        start.FileName = self;
        if (Path.GetFileNameWithoutExtension(self).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            start.ArgumentList.Add(typeof(ExportImportBench).Assembly.Location);
        }

        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        var watch = Stopwatch.StartNew();
        using var child = Process.Start(start) ?? throw new InvalidOperationException("Could not start a child perocore.");
        var drainOut = child.StandardOutput.ReadToEndAsync(cancellationToken);
        var drainErr = child.StandardError.ReadToEndAsync(cancellationToken);
        var peak = 0L;
        while (!child.HasExited)
        {
            try
            {
                child.Refresh();
                peak = Math.Max(peak, child.PeakWorkingSet64);
            }
            catch (InvalidOperationException)
            {
                break; // it exited between the check and the read
            }

            await Task.Delay(50, cancellationToken).ConfigureAwait(false);
        }

        await child.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        var elapsed = watch.Elapsed;
        await drainOut.ConfigureAwait(false);
        await drainErr.ConfigureAwait(false);
        return (child.ExitCode, elapsed, peak);
    }
}
