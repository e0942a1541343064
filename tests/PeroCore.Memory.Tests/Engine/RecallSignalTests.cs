using PeroCore.Memory.Ingestion;
using PeroCore.Memory.Recall;

namespace PeroCore.Memory.Tests.Engine;

/// <summary>The second-stage signals of the Default pipeline: time windows and context similarity.</summary>
public sealed class RecallSignalTests
{
    private static readonly MemoryEngineOptions Options = new() { Ingestion = new IngestionOptions { MaxNeighbourLinks = 0, MaxTagLinks = 0 } };

    [Fact]
    public async Task A_time_phrase_lifts_the_memory_of_that_day_above_a_newer_equal_match_and_filters_nothing()
    {
        var e = new ScriptedEmbeddingGenerator { QueryText = "what did I do yesterday" };
        e.Set("went hiking at the lake", 0.9);
        e.Set("went hiking in the hills", 0.9);
        e.Set("cooked soup", 0.8);
        await using var h = await EngineHarness.StartAsync(e, Options);
        await h.AddAsync("cooked soup", 40 * EngineHarness.Day);
        var yesterday = await h.AddAsync("went hiking at the lake", EngineHarness.Day + TimeSpan.FromHours(1));
        var today = await h.AddAsync("went hiking in the hills", TimeSpan.FromMinutes(5));
        var window = Memory.Text.TimeWindowParser.Parse("what did I do yesterday", EngineHarness.Now)!;
        Assert.True(window.Contains(yesterday.Timestamp));
        Assert.False(window.Contains(today.Timestamp));

        var without = await h.RecallAsync("what did I do yesterday", options: RecallOptions.Default with { TimeWeight = 0 });
        var with = await h.RecallAsync("what did I do yesterday", options: RecallOptions.Default with { TimeWeight = 0.3 });

        Assert.Equal(today.Id, without.Memories[0].Memory.Id);
        Assert.Equal(yesterday.Id, with.Memories[0].Memory.Id);
        Assert.Equal(without.Memories.Select(m => m.Memory.Id).Order(), with.Memories.Select(m => m.Memory.Id).Order());
    }

    [Fact]
    public async Task A_query_without_a_time_phrase_is_scored_as_without_the_signal()
    {
        var e = new ScriptedEmbeddingGenerator();
        e.Set("a", 0.9);
        e.Set("b", 0.85);
        await using var h = await EngineHarness.StartAsync(e, Options);
        await h.AddAsync("a", 3 * EngineHarness.Day);
        await h.AddAsync("b", EngineHarness.Day);

        var without = await h.RecallAsync(options: RecallOptions.Default with { TimeWeight = 0 });
        var with = await h.RecallAsync(options: RecallOptions.Default with { TimeWeight = 0.3 });

        Assert.Equal(without.Memories.Select(m => (m.Memory.Id, m.Score.Final)), with.Memories.Select(m => (m.Memory.Id, m.Score.Final)));
    }

    [Fact]
    public async Task A_reply_next_to_a_matching_question_outranks_a_slightly_closer_reply_without_such_context()
    {
        var e = new ScriptedEmbeddingGenerator();
        e.Set("Ana: did you see the comet?", 0.95);
        e.Set("Ben: yes, at midnight", 0.6);
        e.Set("unrelated chat", 0.0);
        e.Set("Cid: the bakery was closed", 0.62);
        await using var h = await EngineHarness.StartAsync(e, Options);
        await h.AddAsync("Ana: did you see the comet?", 10 * EngineHarness.Day);
        var reply = await h.AddAsync("Ben: yes, at midnight", (10 * EngineHarness.Day) - TimeSpan.FromMinutes(1));
        await h.AddAsync("unrelated chat", 5 * EngineHarness.Day);
        var other = await h.AddAsync("Cid: the bakery was closed", (5 * EngineHarness.Day) - TimeSpan.FromMinutes(1));

        var without = await h.RecallAsync(options: RecallOptions.Default with { ContextWeight = 0 });
        var with = await h.RecallAsync(options: RecallOptions.Default with { ContextWeight = 0.2 });

        Assert.True(Rank(without, other.Id) < Rank(without, reply.Id));
        Assert.True(Rank(with, reply.Id) < Rank(with, other.Id));
        Assert.True(RecallOptions.Default.ContextWeight > 0); // on by default
    }

    [Fact]
    public void Negative_or_unknown_signal_settings_are_refused()
    {
        Assert.Throws<ArgumentException>(() => (RecallOptions.Default with { TimeWeight = -1 }).Validate());
        Assert.Throws<ArgumentException>(() => (RecallOptions.Default with { ContextWeight = double.NaN }).Validate());
    }

    private static int Rank(RecallResult result, long id) => result.Memories.ToList().FindIndex(m => m.Memory.Id == id) is var i and >= 0 ? i : int.MaxValue;
}
