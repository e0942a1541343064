using System.CommandLine;
using System.Globalization;
using PeroCore.Memory;
using PeroCore.Memory.Storage;
using PeroCore.Server.Configuration;
using PeroCore.Server.Migration;
using Spectre.Console;

namespace PeroCore.Server.Cli;

/// <summary>
/// <c>perocore migrate PATH/perocore.db [--data FOLDER] [--force]</c>: takes the data folder's lock, reads the original
/// PeroCore's database read-only and writes what fits into this one (<see cref="OriginalDatabaseMigrator"/>), re-embedding
/// every memory with the configured model; progress on standard error, a table of what was taken and what was not (and
/// why) on standard output. A data folder that already holds memories, conversation lines or model cards is refused
/// (exit 2) unless <c>--force</c> merges into it: everything is added beside what is there, the original's settings
/// overwrite same-named ones, and model cards, voice and MCP configurations whose name exists are left out.
/// </summary>
internal static class MigrateCommand
{
    /// <summary>The <c>migrate</c> command.</summary>
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var file = new Argument<string>("DATABASE") { Description = "The original PeroCore's perocore.db (opened read-only)." };
        var data = SettingOption.Data();
        var force = new Option<bool>("--force")
        {
            Description = "Merge into a data folder that already holds data (added beside it; the original's settings win; same-named cards are left out).",
        };
        var command = new Command("migrate", "Take over the original PeroCore's database: memories (re-embedded), relations, conversation log, " +
                                             "pet state, settings, model cards, reminders, voice and MCP configurations (the server must be stopped).")
        {
            file, data.Option, force,
        };
        command.SetAction((result, ct) => PeroCoreCli.GuardAsync(
            () => RunAsync(result.GetRequiredValue(file), result.GetValue(force), SettingOption.Arguments(result, context.Settings, data), context, ct), context.Error));
        return command;
    }

    /// <summary>Migrates <paramref name="file"/> into the data folder configured by <paramref name="configuration"/>.</summary>
    public static async Task<int> RunAsync(string file, bool force, string[] configuration, CliContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(context);
        var (output, error) = (context.Output, context.Error);
        var settings = PeroCoreSettings.Load(PeroCoreConfiguration.Build(configuration));
        if (!File.Exists(file))
        {
            await error.WriteLineAsync($"No such file: {file}").ConfigureAwait(false);
            return PeroCoreCli.ExitBadConfiguration;
        }

        if (Path.GetFullPath(file) == Path.GetFullPath(settings.Server.DatabasePath))
        {
            await error.WriteLineAsync($"{file} is this data folder's own database; name the original PeroCore's perocore.db.").ConfigureAwait(false);
            return PeroCoreCli.ExitBadConfiguration;
        }

        using var folderLock = DataFolderLock.Acquire(settings.Server.DataPath, "migrate");
        await using var store = await PeroStore.OpenAsync(settings.Server.DatabasePath, settings.Server.DatabaseOptions, cancellationToken).ConfigureAwait(false);
        if (!force && await OriginalDatabaseMigrator.TargetHasDataAsync(store, cancellationToken).ConfigureAwait(false))
        {
            await error.WriteLineAsync($"The data folder {settings.Server.DataPath} already holds memories, conversation lines or model cards. " +
                                       "Migrate into an empty folder (--data NEW_FOLDER), or add --force to merge.").ConfigureAwait(false);
            return PeroCoreCli.ExitBadConfiguration;
        }

        using var embedder = settings.Embedding.CreateGenerator();
        await using var engine = await MemoryEngine.OpenAsync(store, embedder, settings.MemoryIndex.ToEngineOptions(settings.Server.DataPath), cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        var model = settings.Embedding.Provider == EmbeddingProvider.OpenAI ? $"OpenAI {settings.Embedding.Model}" : settings.Embedding.Provider.ToString();
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var report = await new OriginalDatabaseMigrator(store, engine, model, error).MigrateAsync(file, cancellationToken).ConfigureAwait(false);
        await error.WriteLineAsync("indexing and linking ...").ConfigureAwait(false);
        await engine.WaitForIndexingAsync(cancellationToken).ConfigureAwait(false);
        await engine.WaitForLinkingAsync(cancellationToken).ConfigureAwait(false);
        await engine.SaveIndexesAsync(cancellationToken).ConfigureAwait(false);
        Write(report, output, watch.Elapsed);
        return 0;
    }

    private static void Write(MigrationReport report, TextWriter output, TimeSpan elapsed)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output), ColorSystem = ColorSystemSupport.NoColors });
        var table = new Table().AddColumns("original table", "taken", "left out", "taken with a change");
        foreach (var t in report.Tables)
        {
            table.AddRow(Markup.Escape(t.Table), t.Taken.ToString(CultureInfo.InvariantCulture), t.Skipped.ToString(CultureInfo.InvariantCulture),
                t.Adjustments.Count.ToString(CultureInfo.InvariantCulture));
        }

        console.Write(table);
        foreach (var t in report.Tables.Where(t => t.SkippedReasons.Count > 0 || t.Adjustments.Count > 0))
        {
            // Plain lines, not table cells: a reason must be readable (and searchable) whole at any terminal width.
            output.WriteLine($"{t.Table}:");
            foreach (var reason in t.SkippedReasons)
            {
                output.WriteLine($"  left out  {reason}");
            }

            foreach (var note in t.Adjustments)
            {
                output.WriteLine($"  changed   {note}");
            }
        }

        foreach (var note in report.Notes)
        {
            output.WriteLine(note);
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Migrated in {elapsed.TotalSeconds:F1} s."));
    }
}
