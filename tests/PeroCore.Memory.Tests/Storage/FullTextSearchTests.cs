using System.Globalization;
using PeroCore.Memory.Storage;
using PeroCore.Memory.Text;

namespace PeroCore.Memory.Tests.Storage;

/// <summary>
/// The planned full-text search against the plain FTS5 query it replaces: the same ranking whether the rare terms
/// answer alone or the full query runs, and term statistics that never outlive a write.
/// </summary>
public sealed class FullTextSearchTests : StoreTestBase
{
    private const int Limit = 20;

    [Fact]
    public async Task Rare_terms_ranked_first_give_the_full_query_ranking()
    {
        // 6,000 rows: "garden" in about 1,050 (costly, below the 20 % cut), "tulip" and "orchid" in about 50 rows each, of
        // varied lengths so that scores differ.
        await FillAsync(6_000, i => i % 6 == 0 ? $"the garden row {i}" : i % 97 == 1 ? $"tulip {Pad(i)} {i}" : i % 89 == 2 ? $"orchid {Pad(i)} garden {i}" : $"plain words here {i}");
        var search = new FullTextSearch(Store.Database);

        var hits = await search.SearchAsync("tulip orchid garden", Limit, 6_000, 16, 0.2, 15_000, CancellationToken.None);

        Assert.Equal(1, search.RareRankingHits);
        AssertSameRanking(await FullQueryAsync(["tulip", "orchid", "garden"]), hits);
    }

    [Fact]
    public async Task When_a_row_of_the_common_term_could_still_rank_the_full_query_answers()
    {
        // The rare term sits in very long rows (low BM25), so a short "garden" row might outrank them.
        var padding = string.Join(' ', Enumerable.Repeat("filler", 60));
        await FillAsync(6_000, i => i % 5 == 0 ? $"garden {i}" : i % 97 == 1 ? $"tulip {padding} {i}" : $"plain words here {i}");
        var search = new FullTextSearch(Store.Database);

        var hits = await search.SearchAsync("tulip garden", Limit, 6_000, 16, 0.2, 15_000, CancellationToken.None);

        Assert.Equal(0, search.RareRankingHits);
        AssertSameRanking(await FullQueryAsync(["tulip", "garden"]), hits);
        Assert.Contains(hits, h => h.Id % 5 == 0); // garden-only rows are in the answer: the bound was right to refuse
    }

    [Fact]
    public async Task A_term_that_becomes_common_after_a_write_is_pruned_at_once()
    {
        // 300 rows: "zebra" in 49 (16 %, kept), "okapi" in 10.
        await FillAsync(300, i => i < 50 ? $"zebra {i}" : i < 60 ? $"okapi {i}" : $"other {i}");
        var search = new FullTextSearch(Store.Database);
        Assert.Contains(await search.SearchAsync("zebra okapi", 100, 300, 16, 0.2, 15_000, CancellationToken.None), h => h.Id < 50);

        // 20 more zebra rows: 69 of 320 is above the 20 % cut, so only okapi rows may come back.
        await Store.Database.WriteAsync((tx, ct) => InsertAsync(tx, Enumerable.Range(301, 20).Select(i => (i, $"zebra {i}")), ct));
        var after = await search.SearchAsync("zebra okapi", 100, 320, 16, 0.2, 15_000, CancellationToken.None);
        Assert.Equal(10, after.Count);
        Assert.All(after, h => Assert.InRange(h.Id, 50, 59));

        // Deleted again: zebra is back.
        await Store.Database.WriteAsync((tx, ct) => tx.Connection!.ExecuteAsync(tx, "DELETE FROM memory_fts WHERE rowid > 300", ct));
        Assert.Contains(await search.SearchAsync("zebra okapi", 100, 300, 16, 0.2, 15_000, CancellationToken.None), h => h.Id < 50);
    }

    [Fact]
    public void Varints_are_read_as_sqlite_writes_them()
    {
        Assert.Equal(0, FullTextSearch.ReadVarint([0x00]));
        Assert.Equal(127, FullTextSearch.ReadVarint([0x7F, 0xFF]));
        Assert.Equal(100_000, FullTextSearch.ReadVarint([0x86, 0x8D, 0x20]));
        Assert.Equal(-1, FullTextSearch.ReadVarint([0x81]));
        Assert.Equal(-1, FullTextSearch.ReadVarint([]));
    }

    private static void AssertSameRanking(List<(long Id, double Score)> expected, List<(long Id, double Score)> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        Assert.Equal(expected.Select(e => e.Score), actual.Select(a => a.Score));
        // Rows tied with the last score may differ (the order of equal scores is not defined); all others may not.
        var last = expected[^1].Score;
        Assert.Equal(expected.Where(e => e.Score > last).Select(e => e.Id).Order(), actual.Where(a => a.Score > last).Select(a => a.Id).Order());
    }

    private async Task<List<(long Id, double Score)>> FullQueryAsync(IReadOnlyList<string> terms)
    {
        var rows = await Store.Database.ReadAsync((c, ct) => c.QueryAsync(null,
            "SELECT rowid, bm25(memory_fts, 1.0, 0.5) FROM memory_fts WHERE memory_fts MATCH $q ORDER BY 2, 1 LIMIT $k",
            r => (Id: r.GetInt64(0), Score: r.GetDouble(1)), ct, ("$q", FtsQueryBuilder.ToMatchExpression(terms)), ("$k", Limit)));
        var best = rows.Min(r => r.Score);
        return rows.Select(r => (r.Id, r.Score / best)).ToList();
    }

    private static string Pad(int i) => string.Join(' ', Enumerable.Repeat("more", i % 5));

    private Task FillAsync(int count, Func<int, string> content) =>
        Store.Database.WriteAsync((tx, ct) => InsertAsync(tx, Enumerable.Range(1, count).Select(i => (i, content(i))), ct));

    private static async Task InsertAsync(Microsoft.Data.Sqlite.SqliteTransaction tx, IEnumerable<(int Id, string Content)> rows, CancellationToken ct)
    {
        foreach (var (id, content) in rows)
        {
            await tx.Connection!.ExecuteAsync(tx, "INSERT INTO memory_fts (rowid, content, tags) VALUES ($id, $c, '')", ct,
                ("$id", id), ("$c", content.ToString(CultureInfo.InvariantCulture)));
        }
    }
}
