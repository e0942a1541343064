using PeroCore.Memory.Text;

namespace PeroCore.Memory.Tests.Text;

public class FtsQueryBuilderTests
{
    [Theory]
    [InlineData("猫", new[] { "猫" })]
    [InlineData("喜欢", new[] { "喜欢" })]
    [InlineData("主人喜欢猫", new[] { "主人", "人喜", "喜欢", "欢猫" })]
    [InlineData("NEBULA-2287", new[] { "nebula", "2287" })]
    [InlineData("我爱Python编程", new[] { "我爱", "python", "编程" })]
    [InlineData("Hello, hello WORLD!", new[] { "hello", "world" })]
    [InlineData("猫 猫猫", new[] { "猫", "猫猫" })]
    [InlineData("Ｐｙｔｈｏｎ", new[] { "python" })]
    [InlineData("don't", new[] { "don", "t" })]
    [InlineData("café", new[] { "café" })]
    [InlineData("\"", new string[0])]
    [InlineData("*", new string[0])]
    [InlineData("  \t ", new string[0])]
    [InlineData("，。！？", new string[0])]
    [InlineData("OR", new[] { "or" })]
    [InlineData("NEAR(", new[] { "near" })]
    [InlineData("col:x", new[] { "col", "x" })]
    public void Extracts_terms(string text, string[] expected)
    {
        Assert.Equal(expected, FtsQueryBuilder.Default.ExtractTerms(text));
    }

    [Fact]
    public void Builds_a_quoted_or_expression()
    {
        var query = FtsQueryBuilder.Default.Build("主人 NEBULA-2287");

        Assert.Equal("\"主人\" OR \"nebula\" OR \"2287\"", query.MatchExpression);
        Assert.False(query.IsEmpty);
    }

    [Fact]
    public void Empty_or_punctuation_only_text_gives_no_expression()
    {
        Assert.True(FtsQueryBuilder.Default.Build("").IsEmpty);
        Assert.True(FtsQueryBuilder.Default.Build(null).IsEmpty);
        Assert.True(FtsQueryBuilder.Default.Build("\"*^:()-+").IsEmpty);
        Assert.Null(FtsQueryBuilder.Default.Build("  ").MatchExpression);
    }

    [Fact]
    public void Caller_terms_are_quoted_safely()
    {
        Assert.Equal("\"a\"\"b\" OR \"c d\"", FtsQueryBuilder.ToMatchExpression(["a\"b", "c d", "a\"b", "", "\"", "*"]));
        Assert.Null(FtsQueryBuilder.ToMatchExpression([]));
    }

    [Fact]
    public void A_pruned_subset_builds_its_own_expression()
    {
        var query = FtsQueryBuilder.Default.Build("主人喜欢猫");
        var pruned = query.Terms.Where(t => t != "主人").ToList();

        Assert.Equal("\"人喜\" OR \"喜欢\" OR \"欢猫\"", FtsQueryBuilder.ToMatchExpression(pruned));
    }

    [Fact]
    public void Stop_words_and_term_limit_apply()
    {
        var builder = new FtsQueryBuilder(new FtsQueryOptions
        {
            StopWords = new HashSet<string> { "the", "a", "的" },
            MaxTerms = 3,
        });

        Assert.Equal(["cat", "sat", "on"], builder.ExtractTerms("The cat sat on a mat"));
        Assert.Equal(["我", "猫"], builder.ExtractTerms("我 的 猫"));
        Assert.Throws<ArgumentOutOfRangeException>(() => new FtsQueryBuilder(new FtsQueryOptions { MaxTerms = -1 }));
    }

    [Fact]
    public void Cjk_single_characters_can_be_added()
    {
        var builder = new FtsQueryBuilder(new FtsQueryOptions { IncludeCjkSingleCharacters = true });

        Assert.Equal(["我的", "的猫", "我", "的", "猫", "cat"], builder.ExtractTerms("我的猫 cat"));
        Assert.Equal(["猫"], builder.ExtractTerms("猫"));
    }

    [Fact]
    public void Long_text_is_limited_to_max_terms_by_default()
    {
        var text = string.Join(' ', Enumerable.Range(0, 500).Select(i => "w" + i));

        Assert.Equal(64, FtsQueryBuilder.Default.ExtractTerms(text).Count);
        Assert.Equal(500, new FtsQueryBuilder(new FtsQueryOptions { MaxTerms = 0 }).ExtractTerms(text).Count);
    }
}
