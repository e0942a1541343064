using System.CommandLine;
using System.Globalization;
using PeroCore.Evaluation.Locomo;
using PeroCore.Memory;
using PeroCore.Memory.Recall;
using PeroCore.Server.Configuration;
using Spectre.Console;

namespace PeroCore.Server.Cli;

/// <summary>
/// <c>perocore eval locomo --data FILE... [--out report.json] [--Section:Key=VALUE...]</c>: the LoCoMo retrieval evaluation (dense, BM25,
/// hybrid, full pipeline) with turn- and session-level recall@1/5/10/20 and latency. Prints a markdown table and
/// writes JSON.
/// </summary>
internal static class EvalCommand
{
    /// <summary>The LoCoMo conversations the Default preset was not tuned on; their figures are printed apart too.</summary>
    private static readonly HashSet<string> CheckSplit = new(["conv-41", "conv-42", "conv-43"], StringComparer.Ordinal);

    /// <summary>The <c>eval</c> command and its <c>locomo</c> sub-command.</summary>
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var data = new Option<string[]>("--data")
        {
            Description = "LoCoMo conversation files (JSON), one or more.",
            HelpName = "FILE",
            Required = true,
            AllowMultipleArgumentsPerToken = true,
        };
        var output = new Option<string>("--out")
        {
            Description = "Where the JSON report goes.",
            HelpName = "FILE",
            DefaultValueFactory = _ => "locomo-report.json",
        };
        var signals = new Option<bool>("--signals")
        {
            Description = "Also evaluate the full pipeline with each second-stage signal (time, context, larger pool) on, alone and together.",
        };
        var locomo = new Command("locomo",
            "LoCoMo retrieval evaluation (dense, BM25, hybrid, full pipeline): turn- and session-level recall@1/5/10/20 and latency. " +
            "Prints a markdown table and writes a JSON report. Settings such as --Embedding:Provider=Hashing apply.")
        {
            data, output, signals,
        };
        locomo.SetAction((result, ct) => PeroCoreCli.GuardAsync(
            () => RunAsync(result.GetRequiredValue(data), result.GetRequiredValue(output), [.. context.Settings], context.Output, context.Error, ct,
                result.GetValue(signals)), context.Error));
        return new Command("eval", "Evaluations of the memory engine.") { locomo };
    }

    /// <summary>Evaluates the conversations in <paramref name="files"/> and writes the report to <paramref name="outPath"/>.</summary>
    public static async Task<int> RunAsync(IReadOnlyList<string> files, string outPath, string[] configuration, TextWriter output, TextWriter error, CancellationToken cancellationToken,
        bool signals = false)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
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

        var settings = PeroCoreSettings.Load(PeroCoreConfiguration.Build(configuration));
        using var embedder = settings.Embedding.CreateGenerator();
        var work = Path.Combine(Path.GetTempPath(), "perocore-eval");
        var evaluator = new LocomoEvaluator(embedder, settings.MemoryIndex.ToEngineOptions(work), work);
        IReadOnlyList<(string Name, RecallOptions Options)> evaluated = signals
            ? [.. LocomoEvaluator.StandardVariants(RecallOptions.Default), .. LocomoEvaluator.SignalVariants(RecallOptions.Default)]
            : LocomoEvaluator.StandardVariants(RecallOptions.Default);
        var report = await evaluator.RunAsync(conversations, evaluated,
            new Progress<string>(m => error.WriteLine(m)), cancellationToken).ConfigureAwait(false);

        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"LoCoMo retrieval: {conversations.Count} conversations, {report.Turns} turns, {report.Questions} questions (categories 1-4 with evidence), " +
            $"{report.AdversarialQuestions} adversarial questions with evidence reported apart, {report.MalformedEvidence} malformed evidence ids skipped, {report.RepairedEvidence} split; ingest {report.IngestTime.TotalSeconds:F1} s; embedder {settings.Embedding.Provider}.")).ConfigureAwait(false);
        await output.WriteLineAsync().ConfigureAwait(false);
        await output.WriteLineAsync(report.ToMarkdown()).ConfigureAwait(false);
        await output.WriteLineAsync(report.ToDetailMarkdown()).ConfigureAwait(false);
        var check = report.Conversations.Keys.Where(CheckSplit.Contains).ToList();
        if (check.Count > 0 && check.Count < report.Conversations.Count)
        {
            await output.WriteLineAsync($"Check split ({string.Join(", ", check)}; the Default preset was tuned on the others):").ConfigureAwait(false);
            await output.WriteLineAsync(report.ToMarkdown(check)).ConfigureAwait(false);
            await output.WriteLineAsync(report.ToDetailMarkdown(check)).ConfigureAwait(false);
            var tuning = report.Conversations.Keys.Where(k => !CheckSplit.Contains(k)).ToList();
            await output.WriteLineAsync($"Tuning split ({string.Join(", ", tuning)}):").ConfigureAwait(false);
            await output.WriteLineAsync(report.ToMarkdown(tuning)).ConfigureAwait(false);
        }


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
