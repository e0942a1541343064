using System.CommandLine;
using System.Globalization;
using PeroCore.Server.Api;
using PeroCore.Server.Configuration;
using Spectre.Console;

namespace PeroCore.Server.Cli;

/// <summary>
/// <c>perocore import FILE|- [--data FOLDER] [--no-relations] [--strict] [--Section:Key=VALUE...]</c>: imports JSON Lines,
/// either a <c>perocore export</c> file (it starts with a header line: every kind of record, ids kept) or one memory a
/// line in the fields of <c>POST /api/memories</c> (<c>content</c>, <c>tags</c> as <c>"a,b"</c> or an array,
/// <c>importance</c> 0..10, <c>timestamp</c> as epoch ms or ISO-8601, <c>type</c>, <c>source</c>, <c>embedding</c>…).
/// A bad line is reported as <c>line N: reason</c> on standard error and skipped; <c>--strict</c> writes nothing when
/// a line is bad. Takes the data folder's lock (so not while the server runs) and ends with a summary.
/// </summary>
internal static class ImportCommand
{
    /// <summary>The <c>import</c> command.</summary>
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var file = new Argument<string>("FILE") { Description = "A JSON Lines file (a perocore export, or one memory a line), or - for standard input." };
        var data = SettingOption.Data();
        var noRelations = new Option<bool>("--no-relations") { Description = "Skip the cheap relations (one vector search per memory): a faster import." };
        var strict = new Option<bool>("--strict") { Description = "Write nothing if any line is bad (default: skip bad lines and report each)." };
        var command = new Command("import", "Import JSON Lines: a perocore export file or one memory a line (the server must be stopped: the import takes the data folder's lock).")
        {
            file, data.Option, noRelations, strict,
        };
        command.SetAction((result, ct) => PeroCoreCli.GuardAsync(
            () => RunAsync(result.GetRequiredValue(file), !result.GetValue(noRelations), result.GetValue(strict), SettingOption.Arguments(result, context.Settings, data), context, ct),
            context.Error));
        return command;
    }

    /// <summary>Imports <paramref name="file"/> (<c>-</c>: standard input) under the configuration arguments <paramref name="configuration"/>.</summary>
    public static async Task<int> RunAsync(string file, bool linkRelations, bool strict, string[] configuration, CliContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(context);
        var (output, error) = (context.Output, context.Error);
        var settings = PeroCoreSettings.Load(PeroCoreConfiguration.Build(configuration));
        if (file != "-" && Directory.Exists(file))
        {
            return await UsageAsync(error, $"'{file}' is a folder; give a JSON Lines file.").ConfigureAwait(false);
        }

        if (file != "-" && !File.Exists(file))
        {
            return await UsageAsync(error, $"No such file: {file}").ConfigureAwait(false);
        }

        string? spool = null;
        try
        {
            if (file == "-" && strict)
            {
                // A strict import reads its input twice (check, then write): keep standard input in a temporary file.
                spool = Path.GetTempFileName();
                var target = new FileStream(spool, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
                await using (target.ConfigureAwait(false))
                {
                    var stdin = OpenStandardInput(context);
                    await using (stdin.ConfigureAwait(false))
                    {
                        await stdin.CopyToAsync(target, cancellationToken).ConfigureAwait(false);
                    }
                }
            }

            var path = spool ?? (file == "-" ? null : file);
            Stream? current = null;
            Stream Open() => current = path is null ? OpenStandardInput(context) : new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);

            await using var session = await EngineSession.OpenAsync(settings, "import", cancellationToken).ConfigureAwait(false);
            var importer = new DataImporter(session.Engine, linkRelations);
            var watch = System.Diagnostics.Stopwatch.StartNew();
            ImportReport report;
            if (ShowsProgress(output))
            {
                report = null!;
                await AnsiConsole.Progress().AutoClear(true).StartAsync(async progressContext =>
                {
                    var task = progressContext.AddTask("importing", maxValue: 1.0);
                    var progress = new Progress<long>(_ =>
                    {
                        if (current is { CanSeek: true, Length: > 0 } s)
                        {
                            task.Value = (double)s.Position / s.Length;
                        }
                    });
                    report = await importer.ImportAsync(Open, strict, progress, cancellationToken).ConfigureAwait(false);
                    task.Value = 1.0;
                }).ConfigureAwait(false);
            }
            else
            {
                report = await importer.ImportAsync(Open, strict, null, cancellationToken).ConfigureAwait(false);
            }

            foreach (var line in report.Errors)
            {
                await error.WriteLineAsync(line).ConfigureAwait(false);
            }

            if (report.Skipped > report.Errors.Count)
            {
                await error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"... and {report.Skipped - report.Errors.Count} more bad lines.")).ConfigureAwait(false);
            }

            await output.WriteLineAsync(Summary(report, watch.Elapsed)).ConfigureAwait(false);
            if (!report.Aborted && report.Written > 0)
            {
                var indexing = System.Diagnostics.Stopwatch.StartNew();
                await session.Engine.WaitForIndexingAsync(cancellationToken).ConfigureAwait(false);
                await session.Engine.WaitForLinkingAsync(cancellationToken).ConfigureAwait(false);
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Indexed and linked {indexing.Elapsed.TotalSeconds:F1} s later.")).ConfigureAwait(false);
            }

            return report.Skipped > 0 ? PeroCoreCli.ExitLinesRejected : 0;
        }
        finally
        {
            if (spool is not null)
            {
                File.Delete(spool);
            }
        }
    }

    /// <summary>The summary line of an import.</summary>
    public static string Summary(ImportReport report, TimeSpan elapsed)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (report.Aborted)
        {
            return string.Create(CultureInfo.InvariantCulture, $"Nothing written: {report.Skipped} bad line(s){(report.Strict ? " and --strict" : string.Empty)}.");
        }

        var rate = report.Memories / Math.Max(elapsed.TotalSeconds, 1e-9);
        return string.Create(CultureInfo.InvariantCulture,
            $"Imported {report.Memories} memories ({report.Written} records, {report.Format} format) in {elapsed.TotalSeconds:F1} s ({rate:F0} memories/s); {report.Skipped} bad line(s) skipped{(report.AlreadyPresent > 0 ? $"; {report.AlreadyPresent} already present, kept" : string.Empty)}.");
    }

    /// <summary>Whether a progress bar may be drawn: standard output is the console and a terminal.</summary>
    public static bool ShowsProgress(TextWriter output) =>
        ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected && !Console.IsErrorRedirected;

    private static Stream OpenStandardInput(CliContext context) =>
        ReferenceEquals(context.Input, Console.In)
            ? Console.OpenStandardInput()
            : new MemoryStream(System.Text.Encoding.UTF8.GetBytes(context.Input.ReadToEnd()));

    private static async Task<int> UsageAsync(TextWriter error, string message)
    {
        await error.WriteLineAsync(message).ConfigureAwait(false);
        await error.WriteLineAsync("Usage: perocore import <FILE> [options]").ConfigureAwait(false);
        return PeroCoreCli.ExitBadConfiguration;
    }
}
