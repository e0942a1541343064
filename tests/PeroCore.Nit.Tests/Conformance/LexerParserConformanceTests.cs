using System.Numerics;
using PeroCore.Nit.Parsing;
using PeroCore.Nit.Runtime;
using PeroCore.Nit.Tests.Support;
using PeroCore.Nit.Tools;

namespace PeroCore.Nit.Tests.Conformance;

/// <summary>Spec §7.1: lexer, parser and AST, profile R column.</summary>
public sealed class LexerParserConformanceTests
{
    private static string Ast(string script) => AstNotation.Format(NitParser.Parse(script));

    private static NitException Fails(string script)
    {
        NitException ex = Assert.Throws<NitException>(() => NitParser.Parse(script));
        Assert.StartsWith(ex.Headline, ex.Message, StringComparison.Ordinal);
        return ex;
    }

    private static IReadOnlyList<NitArgument> Args(string script)
        => Assert.IsType<NitCall>(Assert.Single(NitParser.Parse(script).Statements).Value).Arguments;

    [Fact]
    public void L01_empty_call() => Assert.Equal("[Call(foo,{},false,null)]", Ast("foo()"));

    [Fact]
    public void L02_literals_keep_types_and_order()
    {
        Assert.Equal("[Call(foo,{a:Lit(\"x\"),b:Lit(1),c:Lit(2.5)},false,null)]", Ast("foo(a=\"x\", b=1, c=2.5)"));
        IReadOnlyList<NitArgument> args = Args("foo(a=\"x\", b=1, c=2.5)");
        Assert.Equal(["a", "b", "c"], args.Select(a => a.Name));
        Assert.Equal(1L, Assert.IsType<NitLiteral>(args[1].Value).Value);
        Assert.Equal(NitLiteralKind.Integer, ((NitLiteral)args[1].Value).Kind);
        Assert.Equal(2.5, Assert.IsType<NitLiteral>(args[2].Value).Value);
        Assert.Equal(NitLiteralKind.Float, ((NitLiteral)args[2].Value).Kind);
    }

    [Fact]
    public void L04_assignment_then_variable()
        => Assert.Equal("[Assign(r,Call(foo,{a:Lit(1)},false,null)),Call(bar,{x:Var(r)},false,null)]", Ast("$r = foo(a=1)\nbar(x=$r)"));

    [Fact]
    public void L05_async_with_callback_keeps_argument()
        => Assert.Equal("[Call(foo,{a:Lit(1),callback:Lit(\"cb\")},true,cb)]", Ast("async foo(a=1, callback=\"cb\")"));

    [Fact]
    public void L07_comments() => Assert.Equal("[Call(foo,{a:Lit(1)},false,null),Call(bar,{},false,null)]", Ast("# c\nfoo(a=1) # trailing\n\nbar()"));

    [Fact]
    public void L08_hash_inside_string() => Assert.Equal("[Call(foo,{a:Lit(\"#not comment\")},false,null)]", Ast("foo(a=\"#not comment\")"));

    [Fact]
    public void L10_multiline_call() => Assert.Equal("[Call(foo,{a:Lit(\"x\"),b:Lit(2)},false,null)]", Ast("foo(\n  a=\"x\",\n  b=2\n)"));

    [Fact]
    public void L11_escapes()
        => Assert.Equal("l1\nl2\t\"q\" \\ '", ((NitLiteral)Args("""foo(a="l1\nl2\t\"q\" \\ \'")""")[0].Value).Value);

    [Fact]
    public void L13_raw_newline_in_string() => Assert.Equal("multi\nline", ((NitLiteral)Args("foo(a=\"multi\nline\")")[0].Value).Value);

    [Fact]
    public void L14_numbers()
    {
        IReadOnlyList<NitArgument> args = Args("foo(a=007, b=1., c=3.14)");
        Assert.Equal(7L, ((NitLiteral)args[0].Value).Value);
        Assert.Equal(1.0, ((NitLiteral)args[1].Value).Value);
        Assert.Equal(NitLiteralKind.Float, ((NitLiteral)args[1].Value).Kind);
        Assert.Equal(3.14, ((NitLiteral)args[2].Value).Value);
    }

    [Fact]
    public void L16_number_followed_by_identifier()
        => Assert.Equal("Parser error at line 1, col 9: Expected TokenType.RPAREN, got TokenType.IDENTIFIER", Fails("foo(a=12abc)").Headline);

    [Fact]
    public void L17_unicode_identifiers() => Assert.Equal("[Call(截图,{次数:Lit(1)},false,null)]", Ast("截图(次数=1)"));

    [Fact]
    public void L19_duplicate_keyword_last_wins() => Assert.Equal("[Call(foo,{a:Lit(2)},false,null)]", Ast("foo(a=1, a=2)"));

    [Theory]
    [InlineData("")]
    [InlineData("# only comment")]
    [InlineData("\n\n")]
    public async Task L20_empty_scripts(string script)
    {
        Assert.Empty(NitParser.Parse(script).Statements);
        var tools = new RecordingTools("foo");
        NitExecutionResult result = await new NitRuntime(tools.Registry).ExecuteAsync(script);
        Assert.Equal(string.Empty, result.Output);
        Assert.True(result.IsSuccess);
        Assert.Empty(tools.Calls);
    }

    [Fact]
    public void L22_missing_rparen_at_eof()
        => Assert.Equal("Parser error at line 1, col 28: Expected TokenType.RPAREN, got TokenType.EOF", Fails("$var = tool_call(arg1='val'").Headline);

    [Fact]
    public void L23_unterminated_string_positioned_at_eof()
        => Assert.Equal("Lexer error at line 1, col 11: Unterminated string", Fails("foo(a=\"abc").Headline);

    [Fact]
    public void L25_columns_count_code_points()
        => Assert.Equal("Lexer error at line 1, col 12: Unexpected character: @", Fails("foo(a=\"😀\") @").Headline);

    [Fact]
    public void L26_tab_is_one_column()
        => Assert.Equal("Lexer error at line 1, col 8: Unexpected character: ?", Fails("\tfoo(a=?)").Headline);

    [Fact]
    public void L28_missing_comma()
        => Assert.Equal("Parser error at line 1, col 9: Expected TokenType.RPAREN, got TokenType.IDENTIFIER", Fails("foo(a=1 b=2)").Headline);

    [Fact]
    public void L29_positional_argument()
        => Assert.Equal("Parser error at line 1, col 5: Expected TokenType.IDENTIFIER, got TokenType.STRING", Fails("foo(\"pos\")").Headline);

    [Fact]
    public void L31_bare_name() => Assert.Equal("Parser error at line 1, col 4: Expected TokenType.LPAREN, got TokenType.EOF", Fails("foo").Headline);

    [Fact]
    public void L32_async_keyword_is_case_sensitive()
        => Assert.Equal("Parser error at line 1, col 7: Expected TokenType.LPAREN, got TokenType.IDENTIFIER", Fails("ASYNC foo()").Headline);

    [Fact]
    public void L34_async_assignment()
        => Assert.Equal("Parser error at line 1, col 7: Expected TokenType.IDENTIFIER, got TokenType.VARIABLE", Fails("async $x = foo()").Headline);

    [Fact]
    public void L35_no_field_access() => Assert.Equal("Lexer error at line 1, col 9: Unexpected character: .", Fails("foo(a=$r.field)").Headline);

    [Fact]
    public void L37_booleans_any_case() => Assert.Equal("[Call(foo,{a:Lit(true),b:Lit(false),c:Lit(true)},false,null)]", Ast("foo(a=true, b=False, c=TRUE)"));

    [Fact]
    public void L38_null_and_none() => Assert.Equal("[Call(foo,{a:Lit(null),b:Lit(null)},false,null)]", Ast("foo(a=null, b=None)"));

    [Fact]
    public void L40_negative_numbers()
    {
        IReadOnlyList<NitArgument> args = Args("foo(a=-5, b=-0.5)");
        Assert.Equal(-5L, ((NitLiteral)args[0].Value).Value);
        Assert.Equal(-0.5, ((NitLiteral)args[1].Value).Value);
    }

    [Fact]
    public void L41_list_literal() => Assert.Equal("[Call(foo,{a:List[Lit(1),Lit(\"x\"),Var(v)]},false,null)]", Ast("foo(a=[1, \"x\", $v])"));

    [Fact]
    public void L43_literal_assignment_from_the_seed_prompt()
        => Assert.Equal(
            "[Assign(url,Lit(\"https://bilibili.com\")),Call(browser_open_url,{url:Var(url)},false,null)]",
            Ast("$url = \"https://bilibili.com\"\nbrowser_open_url(url=$url)"));

    [Fact]
    public void L44_dotted_tool_name()
        => Assert.Equal("[Call(FileSearch.read_file_content,{file_path:Lit(\"x\")},false,null)]", Ast("FileSearch.read_file_content(file_path=\"x\")"));

    [Fact]
    public void L46_empty_variable_name() => Assert.Equal("Lexer error at line 1, col 1: Empty variable name", Fails("$ = foo()").Headline);

    [Fact]
    public void L47_variable_may_start_with_digit() => Assert.Equal("[Assign(1x,Call(foo,{},false,null))]", Ast("$1x = foo()"));

    [Fact]
    public void Big_integers_keep_their_digits()
        => Assert.Equal(BigInteger.Parse("12345678901234567890", System.Globalization.CultureInfo.InvariantCulture), ((NitLiteral)Args("foo(a=12345678901234567890)")[0].Value).Value);
}
