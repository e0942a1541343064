using PeroCore.Memory.Embeddings;
using PeroCore.Memory.Ingestion;
using PeroCore.Memory.Recall;
using PeroCore.Memory.Storage;

namespace PeroCore.Memory.Tests.Engine;

public sealed class InputAndTextTests
{
    [Theory]
    [InlineData("猫")]
    [InlineData("喜欢")]
    [InlineData("主人喜欢猫")]
    public async Task Chinese_full_text_finds_short_words(string query)
    {
        await using var h = await EngineHarness.StartAsync(new HashingEmbeddingGenerator(), new MemoryEngineOptions());
        var target = await h.AddAsync("主人喜欢猫", EngineHarness.Day);
        await h.AddAsync("今天天气很好", EngineHarness.Day);
        var hits = await h.Engine.SearchFullTextAsync(query, 10);
        Assert.Equal(target.Id, hits[0].Id);
    }

    [Fact]
    public async Task Full_text_ranking_work_is_bounded_by_the_postings_budget()
    {
        await using var h = await EngineHarness.StartAsync(new HashingEmbeddingGenerator(), new MemoryEngineOptions());
        var inputs = Enumerable.Range(0, 300).Select(i => new NewMemory
        {
            Content = i % 60 == 0 ? $"coffee and espresso {i}" : $"coffee number {i}",
            Timestamp = EngineHarness.Now.AddMinutes(-i),
        }).ToList();
        await h.Engine.ImportAsync(inputs, options: new ImportOptions { Relations = RelationLinking.None });
        var budget = RecallOptions.Default with { Mode = RecallMode.Lexical, MaxLexicalPostings = 100, Limit = 10 };

        // "coffee" is in all 300 memories: over the budget, so only the rare term ranks.
        var both = await h.RecallAsync("coffee espresso", options: budget);
        Assert.Equal(5, both.Memories.Count);
        Assert.All(both.Memories, m => Assert.Contains("espresso", m.Memory.Content, StringComparison.Ordinal));

        // Only a term over the budget: no full-text candidates at all, rather than ranking 300 memories.
        Assert.Empty((await h.RecallAsync("coffee", options: budget)).Memories);
        Assert.Equal(10, (await h.RecallAsync("coffee", options: budget with { MaxLexicalPostings = 15_000 })).Memories.Count);
    }

    [Theory]
    [InlineData("NEBULA-2287")]
    [InlineData("\"")]
    [InlineData("*")]
    [InlineData("OR")]
    [InlineData("NEAR(")]
    [InlineData("AND NOT")]
    [InlineData("content:x")]
    [InlineData("^a")]
    [InlineData("")]
    [InlineData("!!!")]
    public async Task Hostile_queries_are_searched_as_text(string query)
    {
        await using var h = await EngineHarness.StartAsync(new HashingEmbeddingGenerator(), new MemoryEngineOptions());
        var target = await h.AddAsync("The code is NEBULA-2287, said OR and NEAR( the star *", EngineHarness.Day);
        var hits = await h.Engine.SearchFullTextAsync(query, 10);
        if (query == "NEBULA-2287")
        {
            Assert.Equal(target.Id, Assert.Single(hits).Id);
        }

        if (!string.IsNullOrWhiteSpace(query))
        {
            var recalled = await h.Engine.RecallAsync(new RecallRequest { Query = query });
            Assert.NotNull(recalled);
        }
    }

    [Fact]
    public async Task Bad_inputs_get_clear_exceptions_and_change_nothing()
    {
        await using var h = await EngineHarness.StartAsync(new HashingEmbeddingGenerator(8), new MemoryEngineOptions());
        var a = await h.AddAsync("a real memory", EngineHarness.Day);

        await Assert.ThrowsAsync<ArgumentException>(() => h.Engine.AddAsync(new NewMemory { Content = "   " }));
        var nan = await Assert.ThrowsAsync<ArgumentException>(() => h.Engine.AddAsync(new NewMemory { Content = "x", Embedding = [float.NaN, 0, 0, 0, 0, 0, 0, 1] }));
        Assert.Contains("finite", nan.Message, StringComparison.Ordinal);
        var dims = await Assert.ThrowsAsync<ArgumentException>(() => h.Engine.AddAsync(new NewMemory { Content = "x", Embedding = [1, 0, 0] }));
        Assert.Contains("expected 8", dims.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => h.Engine.AddAsync(new NewMemory { Content = "x", Importance = 42 }));
        await Assert.ThrowsAsync<ArgumentException>(() => h.Engine.ImportAsync([new NewMemory { Content = "fine" }, new NewMemory { Content = "" }]));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => h.Engine.RelateAsync(a.Id, a.Id + 1000, "causal", 1.5));
        await Assert.ThrowsAsync<KeyNotFoundException>(() => h.Engine.RelateAsync(a.Id, a.Id + 1000, "causal", 0.5));
        await Assert.ThrowsAsync<ArgumentException>(() => h.Engine.RelateAsync(a.Id, a.Id, "causal", 0.5));
        await Assert.ThrowsAsync<ArgumentException>(() => h.Engine.RecallAsync(new RecallRequest { Query = " " }));
        await Assert.ThrowsAsync<ArgumentException>(() => h.Engine.RecallAsync(new RecallRequest { Query = "q", QueryVector = [1, 2] }));
        Assert.Null(await h.Engine.UpdateAsync(a.Id + 1000, new MemoryEdit { Content = "x" }));
        Assert.False(await h.Engine.DeleteAsync(a.Id + 1000));
        Assert.False(await h.Engine.UnrelateAsync(12345));

        Assert.Equal(1, await h.Store.Memories.CountAsync());
        Assert.Empty(await h.Store.Relations.ListAllAsync());
        Assert.Equal(1, h.Engine.Index.Count);
        Assert.Equal(1, h.Engine.Graph.Current.NodeCount);
    }

    [Fact]
    public async Task Content_is_cleaned_and_sensitive_words_are_masked_or_rejected()
    {
        var options = new MemoryEngineOptions { Ingestion = new IngestionOptions { SensitiveWords = ["secretword"] } };
        await using var h = await EngineHarness.StartAsync(new HashingEmbeddingGenerator(), options);
        var m = await h.AddAsync("look data:image/png;base64,AAAABBBB and SecretWord <FILE_RESULTS>huge</FILE_RESULTS>", EngineHarness.Day);
        Assert.Equal("look [IMAGE_DATA] and ********** <FILE_RESULTS>[OMITTED]</FILE_RESULTS>", m.Content);

        await using var strict = await EngineHarness.StartAsync(new HashingEmbeddingGenerator(),
            new MemoryEngineOptions { Ingestion = new IngestionOptions { SensitiveWords = ["secretword"], SensitiveWordMode = PeroCore.Memory.Text.SensitiveWordMode.Reject } });
        var ex = await Assert.ThrowsAsync<ArgumentException>(() => strict.AddAsync("my secretword", EngineHarness.Day));
        Assert.Contains("blocked words", ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, await strict.Store.Memories.CountAsync());
    }

    [Fact]
    public async Task Updates_re_embed_and_keep_full_text_in_step()
    {
        await using var h = await EngineHarness.StartAsync(new HashingEmbeddingGenerator(), new MemoryEngineOptions());
        var m = await h.AddAsync("the owner drinks oolong tea", EngineHarness.Day);
        var updated = await h.Engine.UpdateAsync(m.Id, new MemoryEdit { Content = "the owner switched to espresso", Tags = ["coffee"] });
        Assert.NotNull(updated);
        Assert.Empty(await h.Engine.SearchFullTextAsync("oolong", 5));
        Assert.Equal(m.Id, (await h.Engine.SearchFullTextAsync("espresso", 5))[0].Id);
        Assert.Equal(m.Id, (await h.Engine.SearchFullTextAsync("coffee", 5))[0].Id);
        Assert.Equal(m.Id, h.Engine.Index.Search(updated.Embedding!, 1)[0].Key);
        Assert.Equal("coffee", (await h.Engine.SearchTagsAsync("coffee", 3))[0].Tag);
    }

    [Fact]
    public async Task Cheap_relations_link_similar_memories_and_shared_tags()
    {
        await using var h = await EngineHarness.StartAsync(new HashingEmbeddingGenerator(), new MemoryEngineOptions
        {
            Ingestion = new IngestionOptions { NeighbourSimilarityThreshold = 0.8 },
        });
        var a = await h.AddAsync("the owner adopted a grey cat named Pixel", EngineHarness.Day, tags: ["pets"]);
        var b = await h.AddAsync("the owner adopted a grey cat named Pixel yesterday", EngineHarness.Day / 2);
        var c = await h.AddAsync("bought a new bicycle", EngineHarness.Day / 4, tags: ["pets"]);
        var rels = await h.Engine.RelationsOfAsync(a.Id);
        Assert.Contains(rels, r => r.RelationType == RelationTypes.Associative && r.SourceId == b.Id);
        Assert.Contains(rels, r => r.RelationType == RelationTypes.Thematic && r.SourceId == c.Id);
        Assert.True(h.Engine.Graph.Current.GetNeighbors(a.Id).Count >= 2);
    }
}
