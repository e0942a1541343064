using PeroCore.Memory.Storage;

namespace PeroCore.Memory.Tests.Storage;

public sealed class FtsTermLookupTests : StoreTestBase
{
    [Fact]
    public void The_lookup_uses_the_tokenizer_of_the_full_text_index()
    {
        Assert.Contains($"tokenize = '{FtsTermLookup.Tokenizer}'", SchemaMigrations.All.Single(m => m.Version == 2).Sql, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Terms_map_to_the_tokens_the_index_stores()
    {
        await Store.Database.WriteAsync((tx, ct) => MemoryRepository.InsertAsync(tx, new NewMemory { Content = "Caroline went hiking; coffee, Café and happiness" }, 0, ct));
        var stored = await Store.Database.ReadAsync((c, ct) => c.QueryAsync(null, "SELECT term FROM memory_fts_vocab", r => r.GetString(0), ct));
        using var lookup = new FtsTermLookup();
        var tokens = lookup.Tokens(["Caroline", "hiking", "coffee", "café", "happiness", "nebula 2287", "???"]);
        Assert.Equal(["carolin"], tokens[0]);
        Assert.Equal(["hike"], tokens[1]);
        Assert.Equal(["coffe"], tokens[2]);
        Assert.Equal(["cafe"], tokens[3]);
        Assert.Equal(["nebula", "2287"], tokens[5]);
        Assert.Empty(tokens[6]);
        Assert.All(tokens.Take(5).SelectMany(t => t), t => Assert.Contains(t, stored));
        Assert.Equal(tokens[1], lookup.Tokens(["hiking"])[0]); // nothing is left behind between calls
    }
}
