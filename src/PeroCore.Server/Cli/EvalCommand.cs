using System.Globalization;
using PeroCore.Evaluation.Locomo;
using PeroCore.Memory;
using PeroCore.Memory.Recall;
using PeroCore.Server.Configuration;
using Spectre.Console;

namespace PeroCore.Server.Cli;

/// <summary>
/// <c>perocore eval locomo --data FILE... [--out report.json]</c>: the LoCoMo retrieval evaluation (dense, BM25,
/// hybrid, full pipeline) with turn- and session-level recall@1/5/10/20 and latency. Prints a markdown table and
/// writes JSON.
/// </summary>
internal static class EvalCommand
{
    /// <summary>Runs the verb.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Length == 0 || args[0] != "locomo")
        {
            await error.WriteLineAsync("Usage: perocore eval locomo --data FILE [FILE...] [--out report.json] [--Embedding:Provider=...]").ConfigureAwait(false);
            return PeroCoreCli.ExitBadConfiguration;
        }

        var files = new List<string>();
        string outPath = "locomo-report.json";
        var rest = new List<string>();
        for (var i = 1; i < args.Length; i++)
        {
            if (args[i] == "--data")
            {
                while (i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
                {
                    files.Add(args[++i]);
                }
            }
            else if (args[i] == "--out" && i + 1 < args.Length)
            {
                outPath = args[++i];
            }
            else
            {
                rest.Add(args[i]);
            }
        }

        if (files.Count == 0)
        {
            await error.WriteLineAsync("Give at least one LoCoMo file with --data FILE.").ConfigureAwait(false);
            return PeroCoreCli.ExitBadConfiguration;
        }

        var conversations = new List<LocomoConversation>();
        foreach (var file in files)
        {
            if (!File.Exists(file))
            {
                await error.WriteLineAsync($"No such file: {file}").ConfigureAwait(false);
                return PeroCoreCli.ExitBadConfiguration;
            }

            conversations.AddRange(await LocomoLoader.LoadFileAsync(file, cancellationToken).ConfigureAwait(false));
        }

        var settings = PeroCoreSettings.Load(PeroCoreConfiguration.Build([.. rest]));
        using var embedder = settings.Embedding.CreateGenerator();
        var work = Path.Combine(Path.GetTempPath(), "perocore-eval");
        var evaluator = new LocomoEvaluator(embedder, settings.MemoryIndex.ToEngineOptions(work), work);
        var report = await evaluator.RunAsync(conversations, LocomoEvaluator.StandardVariants(RecallOptions.Default),
            new Progress<string>(m => error.WriteLine(m)), cancellationToken).ConfigureAwait(false);

        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"LoCoMo retrieval: {conversations.Count} conversations, {report.Turns} turns, {report.Questions} questions (categories 1-4 with evidence), " +
            $"{report.MalformedEvidence} malformed evidence ids skipped, {report.RepairedEvidence} split; ingest {report.IngestTime.TotalSeconds:F1} s; embedder {settings.Embedding.Provider}.")).ConfigureAwait(false);
        await output.WriteLineAsync().ConfigureAwait(false);
        await output.WriteLineAsync(report.ToMarkdown()).ConfigureAwait(false);

        var table = new Table().AddColumns("conversation", "questions", "full R@1", "full R@10", "hybrid R@1", "hybrid R@10");
        foreach (var (id, variants) in report.Conversations)
        {
            table.AddRow(id, variants["full"].Turn.Questions.ToString(CultureInfo.InvariantCulture),
                variants["full"].Turn.At(1).ToString("P1", CultureInfo.InvariantCulture), variants["full"].Turn.At(10).ToString("P1", CultureInfo.InvariantCulture),
                variants["hybrid"].Turn.At(1).ToString("P1", CultureInfo.InvariantCulture), variants["hybrid"].Turn.At(10).ToString("P1", CultureInfo.InvariantCulture));
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) });
        console.Write(table);
        await File.WriteAllTextAsync(outPath, report.ToJson(), cancellationToken).ConfigureAwait(false);
        await output.WriteLineAsync($"Wrote {Path.GetFullPath(outPath)}").ConfigureAwait(false);
        return 0;
    }
}
