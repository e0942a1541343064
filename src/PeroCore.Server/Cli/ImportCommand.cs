using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using PeroCore.Memory;
using PeroCore.Memory.Ingestion;
using PeroCore.Memory.Storage;
using PeroCore.Server.Configuration;

namespace PeroCore.Server.Cli;

/// <summary>
/// <c>perocore import FILE|- [--data FOLDER] [--no-relations] [--Section:Key=VALUE...]</c>: bulk-imports memories from
/// JSON Lines, one object per line:
/// <c>{"content": "...", "tags": ["a"], "importance": 5, "timestamp": "2024-01-01T10:00:00Z", "type": "event", "source": "import"}</c>.
/// Takes the data folder's lock (so not while the server runs), commits in batches of 1000, and ends with a summary.
/// <c>--no-relations</c> skips the cheap relations (one vector search per memory) for faster imports.
/// </summary>
internal static class ImportCommand
{
    /// <summary>The <c>import</c> command.</summary>
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var file = new Argument<string>("FILE") { Description = "A JSON Lines file of memories, or - for standard input." };
        var data = SettingOption.Data();
        var noRelations = new Option<bool>("--no-relations") { Description = "Skip the cheap relations (one vector search per memory): a faster import." };
        var command = new Command("import", "Bulk-import memories from JSON Lines (the server must be stopped: the import takes the data folder's lock).")
        {
            file, data.Option, noRelations,
        };
        command.SetAction((result, ct) => PeroCoreCli.GuardAsync(
            () => RunAsync(result.GetRequiredValue(file), !result.GetValue(noRelations), SettingOption.Arguments(result, context.Settings, data), context, ct),
            context.Error));
        return command;
    }

    /// <summary>Imports <paramref name="file"/> (<c>-</c>: standard input) under the configuration arguments <paramref name="configuration"/>.</summary>
    public static async Task<int> RunAsync(string file, bool linkRelations, string[] configuration, CliContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(context);
        var (input, output, error) = (context.Input, context.Output, context.Error);
        var settings = PeroCoreSettings.Load(PeroCoreConfiguration.Build(configuration));
        if (file != "-" && !File.Exists(file))
        {
            await error.WriteLineAsync($"No such file: {file}").ConfigureAwait(false);
            return PeroCoreCli.ExitBadConfiguration;
        }

        var inputs = new List<NewMemory>();
        var reader = file == "-" ? input : new StreamReader(file);
        try
        {
            var lineNumber = 0;
            while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
            {
                lineNumber++;
                if (!string.IsNullOrWhiteSpace(line))
                {
                    inputs.Add(ParseLine(line, lineNumber));
                }
            }
        }
        finally
        {
            if (!ReferenceEquals(reader, input))
            {
                reader.Dispose();
            }
        }

        using var folderLock = DataFolderLock.Acquire(settings.Server.DataPath, "import");
        await using var store = await PeroStore.OpenAsync(settings.Server.DatabasePath, settings.Server.DatabaseOptions, cancellationToken).ConfigureAwait(false);
        using var embedder = settings.Embedding.CreateGenerator();
        await using var engine = await MemoryEngine.OpenAsync(store, embedder, settings.MemoryIndex.ToEngineOptions(settings.Server.DataPath), cancellationToken: cancellationToken).ConfigureAwait(false);
        var progress = new Progress<int>(n => error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"imported {n}/{inputs.Count}")));
        var result = await engine.ImportAsync(inputs, cancellationToken, progress, new ImportOptions { Relations = linkRelations ? RelationLinking.Auto : RelationLinking.None }).ConfigureAwait(false);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"Imported {result.Ids.Count} memories in {result.Elapsed.TotalSeconds:F1} s: {result.Ids.Count / Math.Max(result.Elapsed.TotalSeconds, 1e-9):F0} memories/s.")).ConfigureAwait(false);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        await engine.WaitForIndexingAsync(cancellationToken).ConfigureAwait(false);
        if (result.LinkingDeferred)
        {
            await error.WriteLineAsync("linking relations ...").ConfigureAwait(false);
            await engine.WaitForLinkingAsync(cancellationToken).ConfigureAwait(false);
        }

        var relations = await store.Relations.CountFromAsync(result.Ids, cancellationToken).ConfigureAwait(false);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"Indexed{(result.LinkingDeferred ? " and linked" : string.Empty)} {watch.Elapsed.TotalSeconds:F1} s later ({relations} relations).")).ConfigureAwait(false);
        return 0;
    }

    private static NewMemory ParseLine(string line, int lineNumber)
    {
        try
        {
            using var doc = JsonDocument.Parse(line);
            var o = doc.RootElement;
            string? Str(string name) => o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            return new NewMemory
            {
                Content = Str("content") ?? throw new InvalidDataException("'content' is required"),
                Tags = o.TryGetProperty("tags", out var t) && t.ValueKind == JsonValueKind.Array ? t.EnumerateArray().Select(x => x.GetString() ?? string.Empty).ToList() : [],
                Importance = o.TryGetProperty("importance", out var i) && i.ValueKind == JsonValueKind.Number ? i.GetInt32() : 1,
                Timestamp = Str("timestamp") is { } ts ? DateTimeOffset.Parse(ts, CultureInfo.InvariantCulture) : null,
                Type = Str("type") ?? "event",
                Source = Str("source") ?? "import",
                Embedding = o.TryGetProperty("embedding", out var e) && e.ValueKind == JsonValueKind.Array ? e.EnumerateArray().Select(x => x.GetSingle()).ToArray() : null,
            };
        }
        catch (Exception ex) when (ex is JsonException or InvalidDataException or FormatException or InvalidOperationException)
        {
            throw new InvalidDataException($"Line {lineNumber}: {ex.Message}", ex);
        }
    }
}
