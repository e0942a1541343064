using System.Text.Json;
using PeroCore.Evaluation.Locomo;
using PeroCore.Memory;
using PeroCore.Memory.Embeddings;
using PeroCore.Memory.Recall;

namespace PeroCore.Evaluation.Tests.Locomo;

/// <summary><c>eval locomo --signals</c>: the signal variants sit beside the standard four in the same report.</summary>
public sealed class SignalVariantTests : IDisposable
{
    private readonly string _work = Path.Combine(Path.GetTempPath(), "perocore-eval-signals-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_work))
        {
            Directory.Delete(_work, recursive: true);
        }
    }

    [Fact]
    public void Signal_variants_vary_the_full_pipeline_under_names_of_their_own()
    {
        var standard = LocomoEvaluator.StandardVariants(RecallOptions.Default);
        var signals = LocomoEvaluator.SignalVariants(RecallOptions.Default);

        Assert.Empty(signals.Select(s => s.Name).Intersect(standard.Select(s => s.Name)));
        Assert.Equal(signals.Count, signals.Select(s => s.Name).Distinct().Count());
        Assert.All(signals, s => Assert.Equal(RecallMode.Default, s.Options.Mode));
        Assert.True(RecallOptions.Default.TimeWeight > 0);
        Assert.Equal(0, signals.Single(s => s.Name == "full-time").Options.TimeWeight);
        Assert.True(RecallOptions.Default.ContextWeight > 0);
        Assert.Equal(0, signals.Single(s => s.Name == "full-ctx").Options.ContextWeight);
        Assert.Contains(signals, s => s.Options.ContextWeight > RecallOptions.Default.ContextWeight);
        Assert.Equal(0, signals.Single(s => s.Name == "full-follow").Options.FollowUpWeight);
        Assert.Equal(0, signals.Single(s => s.Name == "full-length").Options.LengthWeight);
        var before = signals.Single(s => s.Name == "before").Options;
        Assert.Equal((20, 20, 0d, 0d), (before.VectorCandidates, before.LexicalCandidates, before.FollowUpWeight, before.LengthWeight));
    }

    [Fact]
    public async Task The_report_keeps_the_standard_totals_and_adds_the_signal_variants_beside_them()
    {
        using var doc = JsonDocument.Parse(TinyLocomo.Conversation);
        var conversations = LocomoLoader.Parse(doc.RootElement, "tiny", "tiny.json");
        using var embedder = new HashingEmbeddingGenerator(64);
        var evaluator = new LocomoEvaluator(embedder, new MemoryEngineOptions { IndexDirectory = Path.Combine(_work, "index") }, _work);

        var report = await evaluator.RunAsync(conversations,
            [.. LocomoEvaluator.StandardVariants(RecallOptions.Default), .. LocomoEvaluator.SignalVariants(RecallOptions.Default)]);
        using var json = JsonDocument.Parse(report.ToJson());
        var total = json.RootElement.GetProperty("total");

        foreach (var name in new[] { "dense", "bm25", "hybrid", "full", "before", "full-time", "full-ctx", "full-follow", "full-length", "ctx1.3" })
        {
            Assert.True(total.GetProperty(name).GetProperty("turn").TryGetProperty("r@10", out _), name);
        }
    }
}
