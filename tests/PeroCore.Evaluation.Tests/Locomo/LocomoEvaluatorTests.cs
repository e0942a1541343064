using System.Text.Json;
using PeroCore.Evaluation.Locomo;
using PeroCore.Memory;
using PeroCore.Memory.Embeddings;
using PeroCore.Memory.Recall;

namespace PeroCore.Evaluation.Tests.Locomo;

/// <summary>The evaluation's finer figures: per category, all evidence, adversarial apart, latency with embedding.</summary>
public sealed class LocomoEvaluatorTests : IDisposable
{
    private readonly string _work = Path.Combine(Path.GetTempPath(), "perocore-eval-test-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_work))
        {
            Directory.Delete(_work, recursive: true);
        }
    }

    [Fact]
    public async Task Report_keeps_its_schema_and_adds_categories_all_evidence_adversarial_and_embedding_latency()
    {
        using var doc = JsonDocument.Parse(TinyLocomo.Conversation);
        var conversations = LocomoLoader.Parse(doc.RootElement, "tiny", "tiny.json");
        using var embedder = new HashingEmbeddingGenerator(64);
        var evaluator = new LocomoEvaluator(embedder, new MemoryEngineOptions { IndexDirectory = Path.Combine(_work, "index") }, _work);

        var report = await evaluator.RunAsync(conversations, LocomoEvaluator.StandardVariants(RecallOptions.Default));

        // Categories 1, 2 and 4 are scored; the adversarial question (category 5) is counted apart.
        Assert.Equal(3, report.Questions);
        Assert.Equal(1, report.AdversarialQuestions);
        var full = report.Totals().Single(v => v.Name == "full");
        Assert.Equal(3, full.Turn.Questions);
        Assert.Equal([1, 2, 4], full.Categories.Keys);
        Assert.All(full.Categories.Values, c => Assert.Equal(1, c.Questions));
        Assert.Equal(1, full.Adversarial.Questions);
        Assert.Equal(3, full.AllEvidence.Questions);
        Assert.True(full.AllEvidence.At(20) <= full.Turn.At(20), "all evidence found is never more than some evidence found");
        Assert.Equal(3, full.LatenciesWithEmbeddingMs.Count);
        Assert.All(full.LatenciesWithEmbeddingMs.Zip(full.LatenciesMs), p => Assert.True(p.First >= p.Second));
        Assert.Equal(1.0, full.Turn.At(20)); // four turns: every question with evidence in the store finds it in the top 20

        using var json = JsonDocument.Parse(report.ToJson());
        var total = json.RootElement.GetProperty("total").GetProperty("full");
        Assert.Equal(JsonValueKind.Number, total.GetProperty("turn").GetProperty("r@10").ValueKind); // the schema of before
        Assert.Equal("multi-hop", total.GetProperty("categories").GetProperty("1").GetProperty("name").GetString());
        Assert.Equal(1, total.GetProperty("adversarial").GetProperty("questions").GetInt32());
        Assert.True(total.GetProperty("all_evidence").TryGetProperty("r@20", out _));
        Assert.True(total.GetProperty("latency_with_embedding_ms").TryGetProperty("p50", out _));
        Assert.Contains("all evidence", report.ToDetailMarkdown(), StringComparison.Ordinal);
    }
}
