using PeroCore.Agent.Scoring;

namespace PeroCore.Agent.Tests.Scoring;

public sealed class ScorerResultParserTests
{
    [Fact]
    public void A_plain_object_is_read_with_importance_clamped()
    {
        var r = ScorerResultParser.Parse("{\"content\":\"主人打了招呼\",\"tags\":[\"问候\",\"日常\"],\"clusters\":[\"[情感簇]\"],\"importance\":42,\"sentiment\":\"happy\"}")!;
        Assert.Equal("主人打了招呼", r.Content);
        Assert.Equal(["问候", "日常"], r.Tags);
        Assert.Equal(["[情感簇]"], r.Clusters);
        Assert.Equal(10, r.Importance);
        Assert.Equal("happy", r.Sentiment);
    }

    [Fact]
    public void Fenced_json_strings_for_lists_and_numbers_and_defaults_are_tolerated()
    {
        var r = ScorerResultParser.Parse("好的：\n```json\n{\"Content\":\"x\",\"tags\":\"a, b，c\",\"importance\":\"0\"}\n```")!;
        Assert.Equal("x", r.Content);
        Assert.Equal(["a", "b", "c"], r.Tags);
        Assert.Equal(1, r.Importance);
        Assert.Equal("neutral", r.Sentiment);
    }

    [Theory]
    [InlineData("null")]
    [InlineData("{}")]
    [InlineData("{\"content\":\"  \",\"sentiment\":\"sad\"}")]
    public void Nothing_worth_remembering_has_no_content(string text) => Assert.False(ScorerResultParser.Parse(text)!.HasContent);

    [Theory]
    [InlineData("")]
    [InlineData("not json at all")]
    public void Garbage_is_null(string text) => Assert.Null(ScorerResultParser.Parse(text));
}
