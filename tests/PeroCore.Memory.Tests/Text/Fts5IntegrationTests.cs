using Microsoft.Data.Sqlite;
using PeroCore.Memory.Text;

namespace PeroCore.Memory.Tests.Text;

/// <summary>The FTS helpers against a real SQLite FTS5 table with the unicode61 tokenizer.</summary>
public sealed class Fts5IntegrationTests : IDisposable
{
    private static readonly string[] Rows =
    [
        "主人喜欢猫",
        "NEBULA-2287 launch window",
        "我爱Python编程",
        "今天天气好",
        "The Café opens at 9",
        "𠀀𠀁 rare characters",
        "「ゲーム」が好き",
    ];

    private readonly SqliteConnection _connection = new("Data Source=:memory:");

    public Fts5IntegrationTests()
    {
        _connection.Open();
        Execute("CREATE VIRTUAL TABLE t USING fts5(body, tags, tokenize='unicode61 remove_diacritics 2')");
        Execute("CREATE VIRTUAL TABLE v USING fts5vocab(t, 'row')");
        for (var i = 0; i < Rows.Length; i++)
        {
            using var insert = _connection.CreateCommand();
            insert.CommandText = "INSERT INTO t(rowid, body, tags) VALUES ($id, $body, $tags)";
            insert.Parameters.AddWithValue("$id", i + 1);
            insert.Parameters.AddWithValue("$body", FtsSegmenter.ForIndex(Rows[i]));
            insert.Parameters.AddWithValue("$tags", i == 0 ? FtsSegmenter.ForIndexTags("宠物,日常生活") : "");
            insert.ExecuteNonQuery();
        }
    }

    public void Dispose() => _connection.Dispose();

    [Fact]
    public void Unicode61_keeps_every_segment_as_one_token()
    {
        var expected = new List<string>();
        foreach (var row in Rows)
        {
            expected.AddRange(FtsSegmenter.ForIndex(row).Split(' ', StringSplitOptions.RemoveEmptyEntries));
        }

        // Every CJK single character and bigram we wrote is a token of its own in the index.
        var cjkTokens = expected
            .Where(t => t.EnumerateRunes().All(System.Text.Rune.IsLetterOrDigit) && t.EnumerateRunes().Any(r => r.Value > 0x2E80))
            .ToHashSet();
        var vocabulary = Query("SELECT term FROM v").ToHashSet();

        Assert.Subset(vocabulary, cjkTokens);
        Assert.Contains("ゲ", cjkTokens);
        Assert.Contains("主人", vocabulary);
        Assert.Contains("欢猫", vocabulary);
        Assert.Contains("python", vocabulary);
        Assert.Contains("𠀀𠀁", vocabulary);
        Assert.Contains("ゲー", vocabulary);
        Assert.DoesNotContain("主人喜欢猫", vocabulary);
    }

    [Theory]
    [InlineData("猫", 1)]
    [InlineData("喜欢", 1)]
    [InlineData("主人喜欢什么", 1)]
    [InlineData("NEBULA-2287", 2)]
    [InlineData("nebula", 2)]
    [InlineData("python", 3)]
    [InlineData("编程", 3)]
    [InlineData("天气", 4)]
    [InlineData("cafe", 5)]
    [InlineData("CAFÉ", 5)]
    [InlineData("𠀁", 6)]
    [InlineData("ゲーム", 7)]
    [InlineData("宠物", 1)]
    [InlineData("生活", 1)]
    public void Queries_find_their_row(string text, long row)
    {
        var query = FtsQueryBuilder.Default.Build(text);

        Assert.Contains(row, Match(query.MatchExpression!));
    }

    [Fact]
    public void Unrelated_queries_find_nothing()
    {
        Assert.Empty(Match(FtsQueryBuilder.Default.Build("狗").MatchExpression!));
        Assert.Empty(Match(FtsQueryBuilder.Default.Build("NEBULA-9999 rust").MatchExpression!.Replace("\"nebula\" OR ", "", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("\"")]
    [InlineData("*")]
    [InlineData("OR")]
    [InlineData("NEAR(")]
    [InlineData("AND NOT")]
    [InlineData("col:x")]
    [InlineData("body:猫")]
    [InlineData("^a")]
    [InlineData("a OR")]
    [InlineData("(")]
    [InlineData(")")]
    [InlineData("- + :")]
    [InlineData("NOT")]
    [InlineData("\"unterminated")]
    [InlineData("a*")]
    [InlineData("{body tags}: x")]
    [InlineData("NEAR(a b, 5)")]
    [InlineData("e\u0301")]
    [InlineData("\u0301")]
    [InlineData("\0x")]
    [InlineData("\ud800abc")]
    public void Hostile_queries_never_raise_an_sqlite_error(string text)
    {
        var query = FtsQueryBuilder.Default.Build(text);
        if (query.MatchExpression is not null)
        {
            _ = Match(query.MatchExpression); // must not throw
        }
    }

    [Fact]
    public void Raw_user_text_would_have_been_an_error()
    {
        // The trap from DESIGN.md: unquoted text in MATCH is FTS syntax.
        Assert.Throws<SqliteException>(() => Match("NEBULA-2287"));
        Assert.Equal([2L], Match(FtsQueryBuilder.Default.Build("NEBULA-2287").MatchExpression!));
    }

    [Fact]
    public void Many_terms_do_not_exceed_fts5_limits()
    {
        var text = string.Join(' ', Enumerable.Range(0, 1000).Select(i => "w" + i)) + " 猫";
        var query = new FtsQueryBuilder(new FtsQueryOptions { MaxTerms = 0 }).Build(text);

        Assert.Equal(1001, query.Terms.Count);
        Assert.Equal([1L], Match(query.MatchExpression!));
    }

    [Fact]
    public void Caller_supplied_terms_with_quotes_are_safe()
    {
        var expression = FtsQueryBuilder.ToMatchExpression(["\" OR body:", "猫\"", "NEAR(x"]);

        _ = Match(expression!);
    }

    private List<long> Match(string expression)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT rowid FROM t WHERE t MATCH $q ORDER BY rank";
        command.Parameters.AddWithValue("$q", expression);
        using var reader = command.ExecuteReader();
        var rows = new List<long>();
        while (reader.Read())
        {
            rows.Add(reader.GetInt64(0));
        }

        return rows;
    }

    private List<string> Query(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var values = new List<string>();
        while (reader.Read())
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }

    private void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
