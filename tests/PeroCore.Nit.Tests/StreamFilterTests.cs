using System.Text;
using PeroCore.Nit.Blocks;
using PeroCore.Nit.Streaming;

namespace PeroCore.Nit.Tests;

/// <summary>Stream filter rules of spec §4.4 beyond the §7.5 table, and the extractor it must agree with.</summary>
public sealed class StreamFilterTests
{
    [Theory]
    [InlineData("<nice>")]
    [InlineData("1 < 2")]
    [InlineData("[link]")]
    [InlineData("<nit >")]
    [InlineData("<nit-XYZW>")]
    [InlineData("<nit-A1B2C>")]
    [InlineData("[[[nit_call]]]x[[[nit_end]]]")]
    [InlineData("<nit id=\"x\">")]
    [InlineData("</nit>")]
    public void Lookalikes_are_emitted_at_once(string text)
    {
        var filter = new NitStreamFilter();
        Assert.Equal(text, filter.Push(text));
        Assert.Equal(0, filter.HeldBackLength);
    }

    [Fact]
    public void Only_a_possible_opener_prefix_is_held()
    {
        var filter = new NitStreamFilter();
        Assert.Equal("abc", filter.Push("abc<ni"));
        Assert.Equal(3, filter.HeldBackLength);
        Assert.Equal("<nice", filter.Push("ce"));
        Assert.Equal("x", filter.Push("x<nit-a1"));
        Assert.Equal(7, filter.HeldBackLength);
        Assert.Equal(string.Empty, filter.Push("b2>hidden"));
        Assert.True(filter.IsInsideBlock);
        Assert.Equal(0, filter.HeldBackLength);
        Assert.Equal(" shown", filter.Push("</NIT-0000> shown"));
        Assert.Equal(string.Empty, filter.Flush());
    }

    [Fact]
    public void Closers_only_close_their_own_kind()
    {
        Assert.Equal("c", Run("[[[NIT_CALL]]]a</nit>b[[[NIT_END]]]c"));
        Assert.Equal("c", Run("<nit>a[[[NIT_END]]]b</nit>c"));
        NitExtractionResult extraction = NitBlockExtractor.Default.Extract("<nit>[[[NIT_CALL]]]x[[[NIT_END]]]</nit>");
        NitBlock block = Assert.Single(extraction.Blocks);
        Assert.Equal(NitBlockKind.Script, block.Kind);
        Assert.Equal("[[[NIT_CALL]]]x[[[NIT_END]]]", block.Content);
    }

    [Fact]
    public void Whitespace_around_blocks_is_kept()
        => Assert.Equal("Hello  world", Run("Hello <nit>echo()</nit> world"));

    [Fact]
    public void Character_by_character_feeding()
    {
        const string reply = "好的，<nit-A1B2>\n$x = echo(a=\"</nit\")\n</nit-a1b2>完成[[[NIT_CALL]]]\nfoo\n[[[NIT_END]]]😀";
        var filter = new NitStreamFilter();
        var sb = new StringBuilder();
        foreach (char c in reply)
        {
            filter.Push([c], sb);
        }

        filter.Flush(sb);
        Assert.Equal("好的，完成😀", sb.ToString()); // "</nit\"" is no closer: the block ends at </nit-a1b2>
        Assert.Equal(sb.ToString(), NitBlockExtractor.Default.RemoveBlocks(reply));
    }

    [Fact]
    public void Filter_is_reusable_after_flush_and_reset()
    {
        var filter = new NitStreamFilter();
        filter.Push("a <nit>never closed");
        Assert.Equal(string.Empty, filter.Flush());
        Assert.False(filter.IsInsideBlock);
        Assert.Equal("b", filter.Push("b"));
        filter.Push("<nit");
        filter.Reset();
        Assert.Equal("c", filter.Push("c"));
    }

    [Fact]
    public void Long_id_syntax()
    {
        var syntax = new NitBlockSyntax(8);
        Assert.Equal(13, syntax.MaxHoldBack);
        Assert.Equal(17, new NitBlockSyntax(12).MaxHoldBack);
        Assert.Equal(13, NitBlockSyntax.Default.MaxHoldBack);
        var filter = new NitStreamFilter(syntax);
        Assert.Equal("<nit-a1b2>ok", filter.Push("<nit-a1b2>ok"));
        Assert.Equal("x", filter.Push("x<nit-a1b2c3d4>y</nit-00000000>") + filter.Flush());
        NitBlock block = Assert.Single(new NitBlockExtractor(syntax).Extract("<nit-a1b2c3d4>y</nit-00000000>").Blocks);
        Assert.Equal("a1b2c3d4", block.Id);
    }

    [Fact]
    public void Extractor_reports_blocks_with_positions()
    {
        const string reply = "line1\n  <NIT-a1b2>\nfoo()</nit> mid [[[NIT_CALL]]]bar[[[NIT_END]]]\n<nit>tail";
        NitExtractionResult result = NitBlockExtractor.Default.Extract(reply);
        Assert.Equal(2, result.Blocks.Count);
        NitBlock script = result.Blocks[0];
        Assert.Equal((NitBlockKind.Script, "a1b2", 2, 3), (script.Kind, script.Id, script.Line, script.Column));
        Assert.Equal("\nfoo()", script.Content);
        Assert.Equal("<NIT-a1b2>\nfoo()</nit>", script.RawText);
        NitBlock legacy = result.Blocks[1];
        Assert.Equal((NitBlockKind.Legacy, (string?)null, 3, 17, 1), (legacy.Kind, legacy.Id, legacy.Line, legacy.Column, legacy.Index));
        Assert.True(result.HasUnclosedBlock);
        Assert.Equal(3, result.HiddenSpans.Count);
        Assert.Equal("line1\n   mid \n", result.VisibleText);
    }

    [Fact]
    public void Span_push_matches_string_push()
    {
        string[] chunks = ["x[[[NIT", "_CALL]]]y[[[NIT_END]", "]]z<", "b>"];
        var byString = new NitStreamFilter();
        var bySpan = new NitStreamFilter();
        var fromStrings = new StringBuilder();
        var fromSpans = new StringBuilder();
        foreach (string chunk in chunks)
        {
            fromStrings.Append(byString.Push(chunk));
            bySpan.Push(chunk.AsSpan(), fromSpans);
        }

        fromStrings.Append(byString.Flush());
        bySpan.Flush(fromSpans);
        Assert.Equal("xz<b>", fromStrings.ToString());
        Assert.Equal("xz<b>", fromSpans.ToString());
    }

    private static string Run(string reply)
    {
        var filter = new NitStreamFilter();
        return filter.Push(reply) + filter.Flush();
    }
}
