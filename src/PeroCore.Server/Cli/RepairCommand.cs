using System.CommandLine;
using System.Globalization;
using PeroCore.Memory;
using PeroCore.Memory.Storage;
using PeroCore.Server.Configuration;

namespace PeroCore.Server.Cli;

/// <summary>
/// <c>perocore repair [--data FOLDER]</c>: takes the data folder's lock (so not while the server runs), checks
/// <c>perocore.db</c> and, if it is damaged, salvages what SQLite can read into a new <c>perocore.db</c>
/// (<see cref="DatabaseRepair"/>), keeps the damaged file as <c>perocore.db.damaged-TIMESTAMP</c>, and deletes the
/// vector index files so the next start rebuilds them from the salvaged rows. Prints progress on standard error and
/// a summary on standard output. Exit 0 when repaired (or nothing to repair), 6 when nothing could be salvaged.
/// </summary>
internal static class RepairCommand
{
    /// <summary>The <c>repair</c> command.</summary>
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var data = SettingOption.Data();
        var command = new Command("repair",
            "Salvage a damaged database into a new perocore.db, keeping the damaged file beside it (the server must be stopped). " +
            "Exit code 0 when repaired or sound, 6 when nothing could be read.")
        {
            data.Option,
        };
        command.SetAction((result, ct) => PeroCoreCli.GuardAsync(
            () => RunAsync(SettingOption.Arguments(result, context.Settings, data), context.Output, context.Error, ct), context.Error));
        return command;
    }

    /// <summary>Repairs the database of the data folder configured by <paramref name="configuration"/>.</summary>
    public static async Task<int> RunAsync(string[] configuration, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var settings = PeroCoreSettings.Load(PeroCoreConfiguration.Build(configuration));
        var folder = settings.Server.DataPath;
        var path = settings.Server.DatabasePath;
        if (!File.Exists(path))
        {
            await error.WriteLineAsync($"There is no database at '{path}': nothing to repair. Point --data at the data folder.").ConfigureAwait(false);
            return PeroCoreCli.ExitBadConfiguration;
        }

        using var folderLock = DataFolderLock.Acquire(folder, "repair");
        var progress = new LineProgress(error);
        var report = await DatabaseRepair.RepairAsync(path, progress, cancellationToken: cancellationToken).ConfigureAwait(false);
        switch (report.Outcome)
        {
            case DatabaseRepairOutcome.Healthy:
                await output.WriteLineAsync($"The database '{path}' passed the check: nothing to repair, nothing was changed.").ConfigureAwait(false);
                return 0;
            case DatabaseRepairOutcome.Unrecoverable:
                await error.WriteLineAsync(
                    $"Nothing could be salvaged from '{path}': {report.Problem}. It was left as it was. Restore the data folder " +
                    "from a backup; or move the file away and start again with an empty database.").ConfigureAwait(false);
                return PeroCoreCli.ExitDatabaseDamaged;
        }

        var deleted = MemoryEngine.DeleteIndexFiles(folder);
        await output.WriteLineAsync($"Repaired '{path}' ({report.Method}{(report.HeaderRebuilt ? ", through a rebuilt file header" : string.Empty)}).").ConfigureAwait(false);
        var width = Math.Max(5, report.Tables.Max(t => t.Table.Length));
        await output.WriteLineAsync($"  {"table".PadRight(width)}  {"salvaged",10}  {"lost",10}").ConfigureAwait(false);
        foreach (var t in report.Tables)
        {
            var lost = t.LostIsExact ? t.Lost.ToString(CultureInfo.InvariantCulture) : string.Create(CultureInfo.InvariantCulture, $">= {t.Lost}");
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  {t.Table.PadRight(width)}  {t.Salvaged,10}  {lost,10}")).ConfigureAwait(false);
        }

        var exact = report.Tables.All(t => t.LostIsExact);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"{report.TotalSalvaged} rows salvaged, {(exact ? string.Empty : "at least ")}{report.TotalLost} lost.")).ConfigureAwait(false);
        await output.WriteLineAsync($"The damaged file is kept as '{report.DamagedCopyPath}'; nothing was deleted from it.").ConfigureAwait(false);
        await output.WriteLineAsync(deleted.Count > 0
            ? $"The vector index files ({string.Join(", ", deleted)}) were deleted: the next start rebuilds them from the database."
            : "The vector indexes are rebuilt from the database at the next start.").ConfigureAwait(false);
        return 0;
    }

    /// <summary>Writes each progress line as it comes (Progress&lt;T&gt; would post them out of order).</summary>
    private sealed class LineProgress(TextWriter writer) : IProgress<string>
    {
        public void Report(string value) => writer.WriteLine(value);
    }
}
