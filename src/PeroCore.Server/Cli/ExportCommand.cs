using System.CommandLine;
using System.Globalization;
using PeroCore.Memory.Storage;
using PeroCore.Server.Configuration;

namespace PeroCore.Server.Cli;

/// <summary>
/// <c>perocore export FILE|- [--data FOLDER]</c>: writes everything the user owns as JSON Lines (the format of
/// <c>GET /api/export</c>; <c>perocore import</c> reads it back). Takes the data folder's lock, so the server must be
/// stopped (while it runs, use <c>GET /api/export</c>). A file is written under a temporary name and renamed when complete.
/// </summary>
internal static class ExportCommand
{
    /// <summary>The <c>export</c> command.</summary>
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var file = new Argument<string>("FILE") { Description = "The JSON Lines file to write, or - for standard output." };
        var data = SettingOption.Data();
        var command = new Command("export", "Export memories (with vectors), relations, conversations, settings without secrets, model cards without keys and pet state as JSON Lines.")
        {
            file, data.Option,
        };
        command.SetAction((result, ct) => PeroCoreCli.GuardAsync(
            () => RunAsync(result.GetRequiredValue(file), SettingOption.Arguments(result, context.Settings, data), context, ct),
            context.Error));
        return command;
    }

    /// <summary>Exports to <paramref name="file"/> (<c>-</c>: standard output).</summary>
    public static async Task<int> RunAsync(string file, string[] configuration, CliContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(context);
        var settings = PeroCoreSettings.Load(PeroCoreConfiguration.Build(configuration));
        var full = file == "-" ? null : Path.GetFullPath(file);
        if (full is not null && (Directory.Exists(full) || !Directory.Exists(Path.GetDirectoryName(full))))
        {
            await context.Error.WriteLineAsync($"Cannot write '{file}': it is a folder or its folder does not exist.").ConfigureAwait(false);
            await context.Error.WriteLineAsync("Usage: perocore export <FILE> [options]").ConfigureAwait(false);
            return PeroCoreCli.ExitBadConfiguration;
        }

        // Only the database is opened (not the engine and its in-memory indexes), so memory stays flat however large the store.
        using var folderLock = DataFolderLock.Acquire(settings.Server.DataPath, "export");
        await using var store = await PeroStore.OpenAsync(settings.Server.DatabasePath, settings.Server.DatabaseOptions, cancellationToken).ConfigureAwait(false);
        var model = await store.EngineState.GetAsync("embedding_model", cancellationToken).ConfigureAwait(false) ?? "none:0";
        var dimensions = int.TryParse(model[(model.LastIndexOf(':') + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var d) ? d : 0;
        Task<IReadOnlyDictionary<string, long>> ExportAsync(Stream stream) => StoreExport.WriteAsync(store.Database, stream, model, dimensions, cancellationToken);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        IReadOnlyDictionary<string, long> counts;
        if (full is null)
        {
            var stdout = ReferenceEquals(context.Output, Console.Out) ? Console.OpenStandardOutput() : null;
            if (stdout is null)
            {
                using var buffer = new MemoryStream();
                counts = await ExportAsync(buffer).ConfigureAwait(false);
                await context.Output.WriteAsync(System.Text.Encoding.UTF8.GetString(buffer.ToArray())).ConfigureAwait(false);
            }
            else
            {
                await using (stdout.ConfigureAwait(false))
                {
                    counts = await ExportAsync(stdout).ConfigureAwait(false);
                }
            }
        }
        else
        {
            var temp = full + ".partial";
            var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
            await using (stream.ConfigureAwait(false))
            {
                counts = await ExportAsync(stream).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, full, overwrite: true);
        }

        await context.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"Exported {string.Join(", ", counts.Select(c => $"{c.Value} {c.Key}"))} in {watch.Elapsed.TotalSeconds:F1} s.")).ConfigureAwait(false);
        return 0;
    }
}
