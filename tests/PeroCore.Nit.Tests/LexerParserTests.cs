using PeroCore.Nit.Parsing;
using PeroCore.Nit.Tests.Support;

namespace PeroCore.Nit.Tests;

/// <summary>Profile R lexer and parser details beyond the §7 table: fixes, extensions, error positions.</summary>
public sealed class LexerParserTests
{
    private static string Ast(string script) => AstNotation.Format(NitParser.Parse(script));

    private static string Headline(string script) => Assert.Throws<NitException>(() => NitParser.Parse(script)).Headline;

    private static object? FirstValue(string script)
        => ((NitLiteral)((NitCall)NitParser.Parse(script).Statements[0].Value).Arguments[0].Value).Value;

    [Theory]
    [InlineData("""foo(a="C:\Users\x")""", """C:\Users\x""")]
    [InlineData("""foo(a="\u0041")""", """\u0041""")]
    [InlineData("""foo(a="a\rb\0c")""", "a\rb\0c")]
    [InlineData("""foo(a='say "hi"')""", "say \"hi\"")]
    [InlineData("""foo(a="it's")""", "it's")]
    [InlineData("foo(a=\"end\\\nx\")", "end\\\nx")]
    public void Escapes_keep_unknown_backslashes(string script, string expected) => Assert.Equal(expected, FirstValue(script));

    [Fact]
    public void Triple_quotes_are_three_strings()
        => Assert.Equal("Parser error at line 1, col 9: Expected TokenType.RPAREN, got TokenType.STRING", Headline("foo(a=\"\"\"x\"\"\")"));

    [Fact]
    public void Second_dot_is_a_positioned_number_error()
        => Assert.Equal("Lexer error at line 2, col 7: Invalid number literal '1.2.3'", Headline("x()\nfoo(a=1.2.3)"));

    [Theory]
    [InlineData("foo(a=１２)", "Lexer error at line 1, col 7: Unexpected character: １")]
    [InlineData("foo(a=²)", "Lexer error at line 1, col 7: Unexpected character: ²")]
    [InlineData("foo(a=.5)", "Lexer error at line 1, col 7: Unexpected character: .")]
    [InlineData("foo(a=- 5)", "Lexer error at line 1, col 7: Unexpected character: -")]
    [InlineData("foo(a=1);", "Lexer error at line 1, col 9: Unexpected character: ;")]
    [InlineData("foo(a=1+2)", "Lexer error at line 1, col 8: Unexpected character: +")]
    [InlineData("foo（a=1）", "Lexer error at line 1, col 4: Unexpected character: （")]
    [InlineData("foo(a=`x`)", "Lexer error at line 1, col 7: Unexpected character: `")]
    [InlineData("$x = 😀", "Lexer error at line 1, col 6: Unexpected character: 😀")]
    [InlineData("foo(a=\"x\\", "Lexer error at line 1, col 10: Unterminated string")]
    [InlineData("foo(a=\"x\ny", "Lexer error at line 2, col 2: Unterminated string")]
    public void Lexer_errors(string script, string expected) => Assert.Equal(expected, Headline(script));

    [Theory]
    [InlineData("foo(a=1e5)", "Parser error at line 1, col 8: Expected TokenType.RPAREN, got TokenType.IDENTIFIER")]
    [InlineData("foo(a=bar)", "Parser error at line 1, col 7: Expected value, got TokenType.IDENTIFIER")]
    [InlineData("foo(async=1)", "Parser error at line 1, col 5: Expected TokenType.IDENTIFIER, got TokenType.KEYWORD_ASYNC")]
    [InlineData("foo(a=1,,)", "Parser error at line 1, col 9: Expected TokenType.IDENTIFIER, got TokenType.COMMA")]
    [InlineData("foo(a=[1 2])", "Parser error at line 1, col 10: Expected TokenType.RBRACKET, got TokenType.NUMBER")]
    [InlineData("foo(a={1: 2})", "Parser error at line 1, col 8: Expected dictionary key, got TokenType.NUMBER")]
    [InlineData("foo(a={k 2})", "Parser error at line 1, col 10: Expected TokenType.COLON, got TokenType.NUMBER")]
    [InlineData("foo(a.b=1)", "Parser error at line 1, col 6: Expected TokenType.EQUALS, got TokenType.DOT")]
    [InlineData("$x = )", "Parser error at line 1, col 6: Expected value, got TokenType.RPAREN")]
    [InlineData("$x = foo", "Parser error at line 1, col 9: Expected TokenType.LPAREN, got TokenType.EOF")]
    [InlineData("foo.(a=1)", "Lexer error at line 1, col 4: Unexpected character: .")]
    [InlineData("\"x\"", "Parser error at line 1, col 1: Expected TokenType.IDENTIFIER, got TokenType.STRING")]
    public void Parser_errors(string script, string expected) => Assert.Equal(expected, Headline(script));

    [Fact]
    public void Errors_carry_head_style_excerpt_and_caret()
    {
        NitException ex = Assert.Throws<NitException>(() => NitParser.Parse("x()\n\tfoo(a=?)"));
        Assert.Equal(2, ex.Line);
        Assert.Equal(8, ex.Column);
        Assert.Equal(NitErrorKind.Lexer, ex.Kind);
        Assert.Equal("Unexpected character: ?", ex.Reason);
        Assert.Equal(
            "Lexer error at line 2, col 8: Unexpected character: ?\n  2 | \tfoo(a=?)\n    | \t      ^--- 这里可能有错",
            ex.Message);
    }

    [Fact]
    public void Profile_r_values()
    {
        Assert.Equal(
            "[Call(mcp_bridge,{server:Lit(\"s\"),arguments:Dict{q:List[Lit(1),Dict{k:Lit(null)}],n:Lit(-2)}},false,null)]",
            Ast("mcp_bridge(server=\"s\", arguments={\"q\": [1, {k: null},], n: -2,},)"));
        Assert.Equal("[Assign(x,Lit(true)),Assign(y,Var(x)),Assign(z,List[]),Assign(w,Dict{})]", Ast("$x = TRUE $y = $x $z = [] $w = {}"));
        Assert.Equal("[Assign(t,Call(true_tool,{},false,null)),Call(True,{},false,null)]", Ast("$t = true_tool()\nTrue()"));
    }

    [Fact]
    public void Code_fences_and_unicode_spaces_are_skipped()
    {
        Assert.Equal("[Call(foo,{},false,null)]", Ast("```nit\nfoo()\n```"));
        Assert.Equal("[Call(foo,{a:Lit(1)},false,null)]", Ast("\u3000foo(\u00A0a\u2003=\u20281\u0085)"));
        Assert.Equal("[Call(foo,{},false,null),Call(bar,{},false,null)]", Ast("foo()bar()"));
    }

    [Fact]
    public void Dotted_names_need_identifiers_on_both_sides()
    {
        Assert.Equal("[Call(A.b.c,{},false,null)]", Ast("A.b.c()"));
        Assert.Equal("Lexer error at line 1, col 3: Unexpected character: .", Headline("A .b()"));
        Assert.Equal("Lexer error at line 1, col 2: Unexpected character: .", Headline("A.1()"));
    }

    [Fact]
    public void Positions_of_nodes()
    {
        NitStatement statement = NitParser.Parse("\n  $r = foo(a=[1])").Statements[0];
        Assert.Equal((2, 3), (statement.Line, statement.Column));
        var call = (NitCall)statement.Value;
        Assert.Equal((2, 8), (call.Line, call.Column));
        Assert.Equal((2, 12), (call.Arguments[0].Line, call.Arguments[0].Column));
        Assert.Equal((2, 14), (call.Arguments[0].Value.Line, call.Arguments[0].Value.Column));
    }

    [Fact]
    public void Huge_and_special_numbers()
    {
        Assert.Equal(long.MinValue, FirstValue("foo(a=-9223372036854775808)"));
        Assert.IsType<System.Numerics.BigInteger>(FirstValue("foo(a=9223372036854775808)"));
        Assert.Equal(double.PositiveInfinity, FirstValue("foo(a=1" + new string('0', 400) + ".0)"));
        Assert.StartsWith("Lexer error at line 1, col 7: Invalid number literal", Headline("foo(a=" + new string('9', 5000) + ")"), StringComparison.Ordinal);
    }

    [Fact]
    public void Deep_nesting_is_refused_not_overflowed()
    {
        string deep = "foo(a=" + new string('[', 100_000) + ")";
        Assert.Equal("Parser error at line 1, col 71: Nesting too deep (more than 64 levels)", Headline(deep));
        Assert.Equal("[Call(foo,{a:" + string.Concat(Enumerable.Repeat("List[", 64)) + new string(']', 64) + "},false,null)]", Ast("foo(a=" + new string('[', 64) + new string(']', 64) + ")"));
    }

    [Fact]
    public async Task Huge_argument_lists_and_dictionaries_parse_in_linear_time()
    {
        string args = string.Join(", ", Enumerable.Range(0, 50_000).Select(i => $"a{i % 40_000}={i}"));
        string dict = string.Join(", ", Enumerable.Range(0, 50_000).Select(i => $"k{i % 40_000}: {i}"));
        NitScript script = await Task.Run(() => NitParser.Parse($"foo({args})\n$d = {{{dict}}}")).WaitAsync(TimeSpan.FromMinutes(1));
        var call = (NitCall)script.Statements[0].Value;
        Assert.Equal(40_000, call.Arguments.Count);
        Assert.Equal(40_000L + 5, ((NitLiteral)call.FindArgument("a5")!.Value).Value);
        var entries = ((NitDictionaryExpression)script.Statements[1].Value).Entries;
        Assert.Equal(40_000, entries.Count);
        Assert.Equal("k0", entries[0].Key);
        Assert.Equal(40_000L, ((NitLiteral)entries[0].Value).Value);
    }

    [Fact]
    public void Lone_surrogates_are_unexpected_characters()
        => Assert.Equal("Lexer error at line 1, col 5: Unexpected character: \uD800", Headline("foo(\uD800)"));

    [Fact]
    public void Json_ast_round_trips_through_a_json_parser()
    {
        string json = NitParser.Parse("$r = Plugin.tool(a=[1, 2.5, 123456789012345678901234567890], b={\"k\": 'v'}, c=$x, d=None)").ToJson();
        using var doc = System.Text.Json.JsonDocument.Parse(json);
        var statement = doc.RootElement.GetProperty("statements")[0];
        Assert.Equal("assignment", statement.GetProperty("type").GetString());
        Assert.Equal("Plugin.tool", statement.GetProperty("value").GetProperty("tool").GetString());
        Assert.Equal("123456789012345678901234567890", statement.GetProperty("value").GetProperty("args").GetProperty("a").GetProperty("items")[2].GetProperty("value").GetRawText());
        Assert.Equal("2.5", statement.GetProperty("value").GetProperty("args").GetProperty("a").GetProperty("items")[1].GetProperty("value").GetRawText());
    }
}
