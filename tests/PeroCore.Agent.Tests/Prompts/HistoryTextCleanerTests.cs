using System.Text;
using PeroCore.Agent.Prompts;

namespace PeroCore.Agent.Tests.Prompts;

public sealed class HistoryTextCleanerTests
{
    [Theory]
    [InlineData("plain text", "plain text")]
    [InlineData("  padded  ", "padded")]
    [InlineData("<!-- PERO_RAG_BLOCK_START {\"type\": \"rag_block\"} -->\n- m\n<!-- PERO_RAG_BLOCK_END -->", "- m")]
    [InlineData("a <!-- PERO_RAG_BLOCK_START never closed", "a")]
    [InlineData("好的<FILE_RESULTS>[{\"path\":\"x\"}]</FILE_RESULTS>看看吧", "好的看看吧")]
    [InlineData("<A><A>x</A></A>y", "y")]
    [InlineData("keep <UNCLOSED> text", "keep  text")]
    [InlineData("<b>bold</b> and <i>it</i>", "bold and it")]
    [InlineData("3 < 5 and 6 > 4", "3  4")]
    [InlineData("a <> b", "a <> b")]
    [InlineData("x < y", "x < y")]
    [InlineData("好的<nit-A1B2>\nupdate_character_status(mood=\"开心\")\n</nit-a1b2>之后", "好的之后")]
    [InlineData("ok <nit>x()</nit> done", "ok  done")]
    [InlineData("ok [[[NIT_CALL]]]\ntool\n[[[NIT_END]]] done", "ok  done")]
    [InlineData("<FILE_RESULTS>only markup</FILE_RESULTS>", "")]
    [InlineData("Lower <file_results>kept</file_results>", "Lower kept")]
    public void Markup_is_removed_as_the_history_rules_say(string input, string expected) =>
        Assert.Equal(expected, HistoryTextCleaner.Clean(input));

    [Fact]
    public void Adversarial_input_is_handled_in_one_pass()
    {
        // Many distinct unclosed tags, many unclosed '<', many openers of one name with a single close at the end:
        // shapes that make a naive scan quadratic. Completing at all (with the right result) is the assertion.
        var sb = new StringBuilder();
        for (var i = 0; i < 50_000; i++)
        {
            sb.Append("<T").Append((char)('A' + (i % 26))).Append((char)('A' + (i / 26 % 26))).Append('>');
        }

        for (var i = 0; i < 50_000; i++)
        {
            sb.Append("<X>");
        }

        sb.Append("</X>");
        sb.Append(new string('<', 100_000));
        var cleaned = HistoryTextCleaner.Clean(sb.ToString());

        Assert.Equal(new string('<', 100_000), cleaned);
    }
}
