using PeroCore.Memory.Embeddings;
using PeroCore.Memory.Recall;
using PeroCore.Memory.Storage;
using PeroCore.Memory.Tests.Engine;

namespace PeroCore.Memory.Tests.History;

/// <summary>A small store of memories with tags, relations and time-axis links, and twenty queries to compare recall with.</summary>
internal static class HistoryFixture
{
    public static readonly string[] Contents =
    [
        "The owner drinks oolong tea every morning before work",
        "The owner's cat Mochi likes to sleep on the keyboard",
        "We talked about a trip to Kyoto in the spring",
        "The owner is learning to play the cello on weekends",
        "The owner dislikes loud music late at night",
        "Mochi the cat was taken to the vet for a vaccine",
        "The owner prefers green tea over coffee",
        "A long conversation about the history of Kyoto temples",
        "The owner's sister is visiting next month",
        "The owner repaired an old bicycle in the garage",
        "We planned a picnic in the park with sandwiches",
        "The owner finished reading a novel about space travel",
        "The owner wants to learn Japanese before the trip",
        "The cello teacher praised the owner's progress",
        "The owner was stressed about a deadline at work",
        "The owner cooked curry for dinner with the sister",
        "The bicycle got a new chain and brakes",
        "The owner likes rainy days with a cup of tea",
        "Mochi knocked a glass of water off the table",
        "The owner is saving money for a new laptop",
    ];

    public static readonly string[] Queries =
    [
        "tea", "cat", "Kyoto trip", "cello lessons", "music at night", "vet visit", "coffee", "temples", "sister", "bicycle",
        "picnic", "novel", "Japanese language", "teacher", "work deadline", "dinner", "brakes", "rain", "glass of water", "laptop",
    ];

    public static async Task<List<MemoryRecord>> FillAsync(EngineHarness h)
    {
        var written = new List<MemoryRecord>();
        for (var i = 0; i < Contents.Length; i++)
        {
            var tags = (i % 3) switch { 0 => new[] { "daily" }, 1 => ["pets"], _ => ["plans", "travel"] };
            written.Add(await h.Engine.AddAsync(new NewMemory
            {
                Content = Contents[i],
                Tags = tags,
                Importance = 1 + (i % 7),
                Timestamp = EngineHarness.Now - TimeSpan.FromHours(100 - (i * 3)),
            }));
        }

        await h.Engine.RelateAsync(written[1].Id, written[5].Id, RelationTypes.Causal, 0.8, "same cat");
        await h.Engine.RelateAsync(written[2].Id, written[7].Id, RelationTypes.Thematic, 0.6);
        await h.Engine.WaitForLinkingAsync();
        return written;
    }

    /// <summary>The top ten ids and scores of every query, as one comparable text.</summary>
    public static async Task<string> TopTenAsync(EngineHarness h)
    {
        await h.Engine.WaitForLinkingAsync();
        await h.Engine.WaitForIndexingAsync();
        var lines = new List<string>();
        foreach (var q in Queries)
        {
            var result = await h.Engine.RecallAsync(new RecallRequest { Query = q, Options = h.Options.Recall with { Limit = 10 } });
            lines.Add(q + ": " + string.Join(", ", result.Memories.Select(m => $"{m.Memory.Id}:{m.Score.Final:R}")));
        }

        return string.Join("\n", lines);
    }

    public static Task<EngineHarness> StartAsync() => EngineHarness.StartAsync(new HashingEmbeddingGenerator(), new MemoryEngineOptions());
}
