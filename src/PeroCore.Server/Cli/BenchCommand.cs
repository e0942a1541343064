using PeroCore.Evaluation.Bench;

namespace PeroCore.Server.Cli;

/// <summary>
/// <c>perocore bench [--full] [--cache FOLDER] [--out FILE.md] [--no-model]</c>: the quick speed harness. Prints one
/// markdown table of medians and p99s (progress goes to standard error). Built indexes are cached under
/// <c>bench/.cache</c> in the current folder, so only the first run pays for building them.
/// </summary>
internal static class BenchCommand
{
    /// <summary>Runs the verb.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        var options = args.Contains("--full") ? BenchOptions.Full : BenchOptions.Quick;
        string? outFile = null;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--full":
                    break;
                case "--no-model":
                    options = options with { IncludeModel = false };
                    break;
                case "--cache" when i + 1 < args.Length:
                    options = options with { CacheDirectory = args[++i] };
                    break;
                case "--out" when i + 1 < args.Length:
                    outFile = args[++i];
                    break;
                default:
                    await error.WriteLineAsync("Usage: perocore bench [--full] [--cache FOLDER] [--out FILE.md] [--no-model]").ConfigureAwait(false);
                    return PeroCoreCli.ExitBadConfiguration;
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        var report = await BenchHarness.RunAsync(options, error).ConfigureAwait(false);
        var table = report.ToMarkdown();
        await output.WriteLineAsync(table).ConfigureAwait(false);
        if (outFile is not null)
        {
            await File.WriteAllTextAsync(outFile, table, cancellationToken).ConfigureAwait(false);
        }

        return 0;
    }
}
