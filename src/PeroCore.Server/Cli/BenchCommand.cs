using System.CommandLine;
using PeroCore.Evaluation.Bench;

namespace PeroCore.Server.Cli;

/// <summary>
/// <c>perocore bench [--full] [--cache FOLDER] [--out FILE.md] [--no-model]</c>: the quick speed harness. Prints one
/// markdown table of medians and p99s (progress goes to standard error). Built indexes are cached under
/// <c>bench/.cache</c> in the current folder, so only the first run pays for building them.
/// </summary>
internal static class BenchCommand
{
    /// <summary>The <c>bench</c> command.</summary>
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var full = new Option<bool>("--full") { Description = "Add the 1M-vector cases (a cold 1M index takes several minutes to build)." };
        var cache = new Option<string>("--cache") { Description = "Where built indexes are cached (default bench/.cache).", HelpName = "FOLDER" };
        var output = new Option<string>("--out") { Description = "Also write the table to this markdown file.", HelpName = "FILE.md" };
        var noModel = new Option<bool>("--no-model") { Description = "Leave out the embedded model's cases." };
        var only = new Option<string[]>("--only")
        {
            Description = $"Run only these case groups ({string.Join(", ", BenchHarness.Groups)}), comma-separated or repeated.",
            HelpName = "GROUP",
            AllowMultipleArgumentsPerToken = true,
        };
        only.Validators.Add(r =>
        {
            foreach (var group in SplitGroups(r.GetValueOrDefault<string[]>() ?? []))
            {
                if (!BenchHarness.Groups.Contains(group))
                {
                    r.AddError($"--only: unknown case group '{group}'; use one of {string.Join(", ", BenchHarness.Groups)}.");
                }
            }
        });
        var command = new Command("bench", "Speed benchmarks: one markdown table of medians and p99s on standard output, progress on standard error.")
        {
            full, cache, output, noModel, only,
        };
        command.Subcommands.Add(ExportImportBench.Create(context));
        command.SetAction((result, ct) =>
        {
            var options = result.GetValue(full) ? BenchOptions.Full : BenchOptions.Quick;
            if (result.GetValue(noModel))
            {
                options = options with { IncludeModel = false };
            }

            if (result.GetValue(only) is { Length: > 0 } groups)
            {
                options = options with { Only = SplitGroups(groups).ToHashSet(StringComparer.Ordinal) };
            }

            if (result.GetValue(cache) is { } folder)
            {
                options = options with { CacheDirectory = folder };
            }

            return PeroCoreCli.GuardAsync(() => RunAsync(options, result.GetValue(output), context, ct), context.Error);
        });
        return command;
    }

    private static IEnumerable<string> SplitGroups(IEnumerable<string> values) =>
        values.SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Select(v => v.ToLowerInvariant());

    /// <summary>Runs the harness and prints (and with <paramref name="outFile"/> writes) the table.</summary>
    public static async Task<int> RunAsync(BenchOptions options, string? outFile, CliContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(context);
        var output = context.Output;
        cancellationToken.ThrowIfCancellationRequested();
        var started = System.Diagnostics.Stopwatch.StartNew();
        var report = await BenchHarness.RunAsync(options, context.Error).ConfigureAwait(false);
        await HostedBenchCases.RunAsync(options, report, context.Settings, context.Error, cancellationToken).ConfigureAwait(false);
        if (options.Runs("rss"))
        {
            await ServerRssBench.RunAsync(options.RssSizes, options.CacheDirectory, memoryMapped: false, report, context.Error, cancellationToken).ConfigureAwait(false);
        }

        report.Elapsed = started.Elapsed;
        var table = report.ToMarkdown();
        await output.WriteLineAsync(table).ConfigureAwait(false);
        if (outFile is not null)
        {
            await File.WriteAllTextAsync(outFile, table, cancellationToken).ConfigureAwait(false);
        }

        return 0;
    }
}
