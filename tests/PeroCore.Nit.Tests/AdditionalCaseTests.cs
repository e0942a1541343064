using PeroCore.Nit.Blocks;
using PeroCore.Nit.Legacy;
using PeroCore.Nit.Parsing;
using PeroCore.Nit.Runtime;
using PeroCore.Nit.Streaming;
using PeroCore.Nit.Tests.Support;
using PeroCore.Nit.Tools;

namespace PeroCore.Nit.Tests;

/// <summary>Behaviour the spec states outside the §7 tables (§1.1, §1.6, §2.2, §2.6, §3, §4.1), as executable cases.</summary>
public sealed class AdditionalCaseTests
{
    private static NitDispatcher Dispatcher(RecordingTools tools) => new(new NitRuntime(tools.Registry));

    [Fact]
    public async Task Nested_opener_is_part_of_the_script()
    {
        NitBlockResult record = Assert.Single((await Dispatcher(new RecordingTools("echo")).DispatchAsync("<nit>\n<nit>echo(a=1)</nit>")).Records);
        Assert.StartsWith("Script Error: Lexer error at line 2, col 1: Unexpected character: <", record.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Empty_block_is_a_success_with_empty_output()
    {
        NitBlockResult record = Assert.Single((await Dispatcher(new RecordingTools()).DispatchAsync("<nit></nit>")).Records);
        Assert.Equal((NitStatus.Success, string.Empty, "<nit></nit>"), (record.Status, record.Output, record.RawBlock));
    }

    [Theory]
    [InlineData("<nit >echo()</nit>")]
    [InlineData("<nit id=\"x\">echo()</nit>")]
    [InlineData("<nit-A1B>echo()</nit>")]
    public async Task Malformed_openers_are_not_blocks(string reply)
        => Assert.True((await Dispatcher(new RecordingTools("echo")).DispatchAsync(reply)).IsEmpty);

    [Fact]
    public async Task Scripts_run_before_legacy_blocks()
    {
        var tools = new RecordingTools("first", "second");
        NitDispatchResult result = await Dispatcher(tools).DispatchAsync("[[[NIT_CALL]]]\nsecond\n[[[NIT_END]]] then <nit>first()</nit>");
        Assert.Equal(["first", "second"], tools.CalledTools);
        Assert.Equal(["NIT_Script", "second"], result.Records.Select(r => r.Plugin));

        var skipping = new RecordingTools("first", "second");
        NitDispatchResult skipped = await Dispatcher(skipping).DispatchAsync(
            "[[[NIT_CALL]]]\nsecond\n[[[NIT_END]]] then <nit>first()</nit>",
            new NitDispatchOptions { LegacyPolicy = NitLegacyPolicy.SkipWhenScriptPresent });
        Assert.Equal(["first"], skipping.CalledTools);
        Assert.Equal(NitStatus.Skipped, skipped.Records[1].Status);
        Assert.False(skipped.HasErrors);
    }

    [Fact]
    public async Task Legacy_names_lose_their_path_and_accept_plugin_prefix()
    {
        var tools = new RecordingTools();
        tools.Registry.Add(NitTool.Create("foo").InPlugin("P").AcceptAdditionalArguments().Handle(_ => "ok").Build());
        NitDispatchResult result = await Dispatcher(tools).DispatchAsync(
            "[[[NIT_CALL]]]\nC:\\plugins\\foo\n[[[NIT_END]]][[[NIT_CALL]]]\nP.foo\n[[[NIT_END]]]");
        Assert.All(result.Records, r => Assert.Equal(NitStatus.Success, r.Status));
        Assert.Equal("C:\\plugins\\foo", result.Records[0].Plugin);
    }

    [Fact]
    public void Legacy_parameter_edge_cases()
    {
        Assert.Equal(["a"], NitLegacyParser.Parse("foo\nnote a: [START] 1 [END]").Parameters.Keys);
        Assert.Empty(NitLegacyParser.Parse("foo\na: [START] never ends").Parameters);
        Assert.Equal("multi\nline", NitLegacyParser.Parse("foo\nText_Body : [START]\n multi\nline \n[END]").Parameters["textbody"]);
        Assert.Equal(["x", "y"], NitLegacyParser.Parse("foo\n: [START] no key [END] x: [START] 1 [END]y:[START]2[END]").Parameters.Keys);
        Assert.Equal(string.Empty, NitLegacyParser.Parse("   ").PluginName);
    }

    [Fact]
    public async Task Plugin_name_gets_the_category_hint_as_an_error()
    {
        var tools = new RecordingTools();
        foreach (string name in new[] { "search_files", "read_file_content", "list_directory" })
        {
            tools.Registry.Add(NitTool.Create(name).InPlugin("FileSearch").AcceptAdditionalArguments().Handle(_ => "ok").Build());
        }

        NitBlockResult record = Assert.Single((await Dispatcher(tools).DispatchAsync("<nit>FileSearch(a=1)</nit>")).Records);
        Assert.Equal(NitStatus.Error, record.Status);
        Assert.Equal(
            "Call: FileSearch -> Error: 'FileSearch' is a Plugin Category, not a Tool. Did you mean to use one of these tools? search_files, read_file_content, list_directory",
            record.Output);
    }

    [Fact]
    public async Task Arguments_are_evaluated_when_their_statement_runs()
    {
        int n = 0;
        var tools = new RecordingTools("use").AddTool("next", _ => ++n);
        await new NitRuntime(tools.Registry).ExecuteAsync("$x = next()\nuse(v=$x)\n$x = next()\nuse(v=$x)");
        Assert.Equal([1, 2], tools.Calls.Where(c => c.Tool == "use").Select(c => c.Args["v"]));
    }

    [Theory]
    [InlineData("foo(a='x')", "[Call(foo,{a:Lit(\"x\")},false,null)]")]
    [InlineData("foo(a=1,)", "[Call(foo,{a:Lit(1)},false,null)]")]
    [InlineData("$r = async foo()", "[Assign(r,Call(foo,{},true,null))]")]
    [InlineData("foo()bar()", "[Call(foo,{},false,null),Call(bar,{},false,null)]")]
    [InlineData("foo(a={\"k\": 1, b: [2]})", "[Call(foo,{a:Dict{k:Lit(1),b:List[Lit(2)]}},false,null)]")]
    [InlineData("foo(a=true_tool)", null)]
    public void More_grammar_cases(string script, string? ast)
    {
        if (ast is null)
        {
            Assert.Equal("Parser error at line 1, col 7: Expected value, got TokenType.IDENTIFIER", Assert.Throws<NitException>(() => NitParser.Parse(script)).Headline);
        }
        else
        {
            Assert.Equal(ast, AstNotation.Format(NitParser.Parse(script)));
        }
    }

    [Fact]
    public void Split_legacy_opener_outputs_per_call()
    {
        var filter = new NitStreamFilter();
        Assert.Equal(["", "", "y"], new[] { "[[", "[", "NIT_CALL]]]z[[[NIT_END]]]y" }.Select(c => filter.Push(c)));
        var other = new NitStreamFilter();
        Assert.Equal(["a", "[b]c"], new[] { "a[", "b]c" }.Select(c => other.Push(c)));
    }

    [Fact]
    public void Blocks_copied_from_elsewhere_are_hidden_but_refused()
    {
        // §9.1: blocked blocks are hidden from the user too (same rule as the filter).
        Assert.Equal("see  here", NitBlockExtractor.Default.RemoveBlocks("see <nit-FFFF>rm()</nit-FFFF> here"));
    }
}
