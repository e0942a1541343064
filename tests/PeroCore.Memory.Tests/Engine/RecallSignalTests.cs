using PeroCore.Memory.Ingestion;
using PeroCore.Memory.Recall;

namespace PeroCore.Memory.Tests.Engine;

/// <summary>The second-stage signals of the Default pipeline: time windows, context similarity, follow-ups and length.</summary>
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

        var plain = RecallOptions.Default with { ContextWeight = 0, FollowUpWeight = 0, LengthWeight = 0 };
        var without = await h.RecallAsync(options: plain);
        var with = await h.RecallAsync(options: plain with { ContextWeight = 0.2 });

        Assert.True(Rank(without, other.Id) < Rank(without, reply.Id));
        Assert.True(Rank(with, reply.Id) < Rank(with, other.Id));
        Assert.True(RecallOptions.Default.ContextWeight > 0); // on by default
    }

    [Fact]
    public async Task An_answer_one_or_two_places_after_the_matching_question_outranks_a_closer_memory_after_unrelated_talk()
    {
        var e = new ScriptedEmbeddingGenerator();
        e.Set("Ana: what is your favourite dish?", 0.95);
        e.Set("Ben: coconut ice cream", 0.55);
        e.Set("Ben: it is smooth and dairy-free", 0.55);
        e.Set("unrelated chat", 0.0);
        e.Set("more unrelated chat", 0.0);
        e.Set("Cid: dinner was fine", 0.62);
        await using var h = await EngineHarness.StartAsync(e, Options);
        await h.AddAsync("Ana: what is your favourite dish?", 10 * EngineHarness.Day);
        var answer = await h.AddAsync("Ben: coconut ice cream", (10 * EngineHarness.Day) - TimeSpan.FromMinutes(1));
        var more = await h.AddAsync("Ben: it is smooth and dairy-free", (10 * EngineHarness.Day) - TimeSpan.FromMinutes(2));
        await h.AddAsync("unrelated chat", 5 * EngineHarness.Day);
        await h.AddAsync("more unrelated chat", (5 * EngineHarness.Day) - TimeSpan.FromMinutes(1));
        var other = await h.AddAsync("Cid: dinner was fine", (5 * EngineHarness.Day) - TimeSpan.FromMinutes(2));
        var plain = RecallOptions.Default with { ContextWeight = 0, LengthWeight = 0, FollowUpWeight = 0 };

        var without = await h.RecallAsync(options: plain);
        var with = await h.RecallAsync(options: plain with { FollowUpWeight = 0.4 });

        Assert.True(Rank(without, other.Id) < Rank(without, answer.Id));
        Assert.True(Rank(without, other.Id) < Rank(without, more.Id));
        Assert.True(Rank(with, answer.Id) < Rank(with, other.Id)); // one place after the question
        Assert.True(Rank(with, more.Id) < Rank(with, other.Id)); // two places after it
        var energy = (0.95 - RecallOptions.Default.SimilarityFloor) / (1 - RecallOptions.Default.SimilarityFloor);
        Assert.Equal(Final(without, answer.Id) + (0.4 * energy), Final(with, answer.Id), 3);
        Assert.Equal(Final(without, other.Id), Final(with, other.Id), 6); // its two predecessors match nothing
        Assert.True(RecallOptions.Default.FollowUpWeight > 0); // on by default
    }

    [Fact]
    public async Task An_archived_question_lends_its_answer_no_context_unless_the_recall_includes_archived_memories()
    {
        var e = new ScriptedEmbeddingGenerator();
        e.Set("Ana: what is your favourite dish?", 0.95);
        e.Set("Ben: coconut ice cream", 0.55);
        await using var h = await EngineHarness.StartAsync(e, Options);
        var question = await h.AddAsync("Ana: what is your favourite dish?", 10 * EngineHarness.Day);
        var answer = await h.AddAsync("Ben: coconut ice cream", (10 * EngineHarness.Day) - TimeSpan.FromMinutes(1));
        var signals = RecallOptions.Default with { LengthWeight = 0, TimeWeight = 0 };
        var plain = signals with { ContextWeight = 0, FollowUpWeight = 0 };
        var lent = Final(await h.RecallAsync(options: signals), answer.Id) - Final(await h.RecallAsync(options: plain), answer.Id);
        Assert.True(lent > 0.1, $"the question lends its answer {lent}");

        await h.Engine.ArchiveAsync(question.Id, new Memory.History.ChangeOrigin("test"));
        var hidden = await h.RecallAsync(options: signals);
        var archivedToo = RecallFilter.None with { IncludeArchived = true };
        var withArchived = await h.RecallAsync(filter: archivedToo, options: signals);

        Assert.DoesNotContain(hidden.Memories, m => m.Memory.Id == question.Id);
        Assert.Equal(Final(await h.RecallAsync(options: plain), answer.Id), Final(hidden, answer.Id), 6);
        Assert.Equal(Final(await h.RecallAsync(filter: archivedToo, options: plain), answer.Id) + lent, Final(withArchived, answer.Id), 6);
    }

    [Fact]
    public async Task The_length_signal_grows_with_the_content_up_to_its_saturation()
    {
        var shortText = "Ben: ok";
        var halfText = "Ben: " + new string('a', 145);
        var longText = "Ben: " + new string('b', 895);
        var e = new ScriptedEmbeddingGenerator();
        e.Set(shortText, 0.8);
        e.Set(halfText, 0.8);
        e.Set(longText, 0.8);
        await using var h = await EngineHarness.StartAsync(e, Options);
        var s = await h.AddAsync(shortText, 3 * EngineHarness.Day);
        var half = await h.AddAsync(halfText, 2 * EngineHarness.Day);
        var full = await h.AddAsync(longText, EngineHarness.Day);
        var plain = RecallOptions.Default with { ContextWeight = 0, FollowUpWeight = 0, LengthWeight = 0 };

        var without = await h.RecallAsync(options: plain);
        var with = await h.RecallAsync(options: plain with { LengthWeight = 0.2, LengthSaturation = 300 });

        Assert.Equal(Final(without, s.Id) + (0.2 * 7 / 300), Final(with, s.Id), 6);
        Assert.Equal(Final(without, half.Id) + 0.1, Final(with, half.Id), 6);
        Assert.Equal(Final(without, full.Id) + 0.2, Final(with, full.Id), 6); // 900 characters count as 300
        Assert.Equal(full.Id, with.Memories[0].Memory.Id);
    }

    [Fact]
    public async Task Only_the_second_stage_pool_is_re_scored()
    {
        var e = new ScriptedEmbeddingGenerator();
        for (var i = 0; i < 6; i++)
        {
            e.Set($"memory {i}", 0.9 - (0.02 * i));
        }

        await using var h = await EngineHarness.StartAsync(e, Options);
        for (var i = 0; i < 6; i++)
        {
            await h.AddAsync($"memory {i}", (10 - i) * EngineHarness.Day);
        }

        var plain = RecallOptions.Default with { ContextWeight = 0, FollowUpWeight = 0, LengthWeight = 0 };
        var without = await h.RecallAsync(options: plain);
        var with = await h.RecallAsync(options: plain with { LengthWeight = 0.3, SecondStagePool = 2 });

        var raised = with.Memories.Count(m => Math.Abs(m.Score.Final - Final(without, m.Memory.Id)) > 1e-9);
        Assert.Equal(2, raised);
        Assert.Equal(without.Memories.Take(2).Select(m => m.Memory.Id).Order(), with.Memories.Take(2).Select(m => m.Memory.Id).Order());
    }

    [Fact]
    public void Negative_or_unknown_signal_settings_are_refused()
    {
        Assert.Throws<ArgumentException>(() => (RecallOptions.Default with { TimeWeight = -1 }).Validate());
        Assert.Throws<ArgumentException>(() => (RecallOptions.Default with { ContextWeight = double.NaN }).Validate());
        var followUp = Assert.Throws<ArgumentException>(() => (RecallOptions.Default with { FollowUpWeight = -0.1 }).Validate());
        Assert.Contains(nameof(RecallOptions.FollowUpWeight), followUp.Message, StringComparison.Ordinal);
        var length = Assert.Throws<ArgumentException>(() => (RecallOptions.Default with { LengthWeight = double.PositiveInfinity }).Validate());
        Assert.Contains(nameof(RecallOptions.LengthWeight), length.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => (RecallOptions.Default with { LengthSaturation = 0 }).Validate());
        Assert.Throws<ArgumentException>(() => (RecallOptions.Default with { SecondStagePool = 0 }).Validate());
    }

    private static double Final(RecallResult result, long id) => result.Memories.Single(m => m.Memory.Id == id).Score.Final;

    private static int Rank(RecallResult result, long id) => result.Memories.ToList().FindIndex(m => m.Memory.Id == id) is var i and >= 0 ? i : int.MaxValue;
}
