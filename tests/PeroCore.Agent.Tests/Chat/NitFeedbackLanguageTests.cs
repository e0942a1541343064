using System.Text.RegularExpressions;
using PeroCore.Agent.Chat;
using PeroCore.Nit;
using PeroCore.Nit.Runtime;
using PeroCore.Nit.Tools;

namespace PeroCore.Agent.Tests.Chat;

/// <summary>
/// The NIT feedback a Chinese prompt shows the model holds none of the NIT library's fixed English texts (error
/// headlines, parser, binder, registry and runtime errors, statement lines, skip notes), while the library's own
/// (seed) output stays as its spec pins it. Only names stay English: tools, plugins, variables, token and type names.
/// </summary>
public sealed partial class NitFeedbackLanguageTests
{
    private static readonly NitPlatforms OtherPlatform = OperatingSystem.IsWindows() ? NitPlatforms.Linux : NitPlatforms.Windows;

    public static TheoryData<string> Scripts => new()
    {
        "slow()\nelsewhere()\ndup()\necho(n=\"x\")\necho()\n$a = 1\n$b = 2\n$c = \"cccccccccccccccccccccccccccccccccccccccccccc\"\n$d = 3",
        "$big = [\"aaaaaaaaaa\", \"bbbbbbbbbb\", \"cccccccccc\", \"dddddddddd\"]\n$e = 1",
        "$x = $missing\nnope_tool()\nech()\nShared()\necho(n=null)",
        "x = (1",
        "$ = 1",
        "echo(n=#)",
        "echo(n=\"abc",
        "echo(n={1: 2})",
        "echo(n=[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]])",
        "echo(n=1.2.3)",
    };

    [Theory]
    [MemberData(nameof(Scripts))]
    public async Task Chinese_feedback_holds_no_fixed_english_text(string script)
    {
        var (dispatcher, _) = Create(new NitRuntimeOptions { MaxVariables = 1, MaxValueSize = 40, MaxStatements = 20 });
        var result = await dispatcher.DispatchAsync("<nit>\n" + script + "\n</nit>");
        AssertChineseOnly(result);
    }

    [Theory]
    [InlineData(NitLegacyPolicy.SkipWhenScriptPresent)]
    [InlineData(NitLegacyPolicy.Disabled)]
    [InlineData(NitLegacyPolicy.Execute)]
    public async Task Legacy_block_notes_and_errors_are_in_chinese(NitLegacyPolicy policy)
    {
        var (dispatcher, _) = Create(new NitRuntimeOptions());
        var result = await dispatcher.DispatchAsync("<nit>\necho(n=\"42\")\n</nit>[[[NIT_CALL]]]\necho\n[[[NIT_END]]]", new NitDispatchOptions { LegacyPolicy = policy });
        AssertChineseOnly(result);
    }

    [Theory]
    [InlineData(12)]
    [InlineData(25)]
    [InlineData(40)]
    public async Task A_cut_never_leaves_half_an_english_phrase_in_chinese_feedback(int max)
    {
        var (dispatcher, _) = Create(new NitRuntimeOptions());
        var result = await dispatcher.DispatchAsync("<nit>\necho()\necho()\n</nit>");

        var chinese = result.FormatObservation(max, texts: ChatTexts.Chinese.Nit);
        var english = result.FormatObservation(max, texts: ChatTexts.English.Nit);

        Assert.EndsWith("...（已截断）\n\n", chinese, StringComparison.Ordinal);
        Assert.EndsWith("...(truncated)\n\n", english, StringComparison.Ordinal);
        Assert.Empty(EnglishWord().Matches(Names().Replace(chinese, " ")));
    }

    private static void AssertChineseOnly(NitDispatchResult result)
    {
        var seed = result.FormatObservation();
        var chinese = result.FormatObservation(texts: ChatTexts.Chinese.Nit);
        var english = result.FormatObservation(texts: ChatTexts.English.Nit);

        Assert.Matches(EnglishWord(), seed); // the library's default output is unchanged (English error texts)
        var left = EnglishWord().Matches(Names().Replace(chinese, " ")).Select(m => m.Value).Distinct().ToList();
        Assert.True(left.Count == 0, "English left: " + string.Join(", ", left) + "\n" + chinese);
        Assert.DoesNotMatch(Cjk(), english);
    }

    [Fact]
    public async Task A_block_with_too_many_statements_is_refused_in_chinese()
    {
        var (dispatcher, _) = Create(new NitRuntimeOptions { MaxStatements = 1 });
        var result = await dispatcher.DispatchAsync("<nit>\n$a = 1\n$b = 2\n</nit>");

        Assert.Contains("Script Error: the block has 2 statements", result.FormatObservation(), StringComparison.Ordinal);
        Assert.Contains("脚本错误：这个块有 2 条语句（上限 1）。", result.FormatObservation(texts: ChatTexts.Chinese.Nit), StringComparison.Ordinal);
    }

    private static (NitDispatcher Dispatcher, NitToolRegistry Tools) Create(NitRuntimeOptions options)
    {
        var registry = new NitToolRegistry();
        registry.Add(NitTool.Create("echo").InPlugin("Shared").WithParameter("n", NitParameterType.String, required: true).Handle(c => c.GetString("n")).Build());
        registry.Add(NitTool.Create("slow").InPlugin("Shared").WithTimeout(TimeSpan.FromMilliseconds(20))
            .Handle(async (_, ct) =>
            {
                await Task.Delay(TimeSpan.FromSeconds(30), ct);
                return (object?)"late";
            }).Build());
        registry.Add(NitTool.Create("elsewhere").InPlugin("Shared").OnPlatforms(OtherPlatform).Handle(_ => "x").Build());
        registry.Add(NitTool.Create("dup").InPlugin("PluginA").Handle(_ => "a").Build());
        registry.Add(NitTool.Create("dup").InPlugin("PluginB").Handle(_ => "b").Build());
        return (new NitDispatcher(new NitRuntime(registry, options)), registry);
    }

    /// <summary>Names that stay as written: tools, plugins, variables, token and type names, NIT's own terms.</summary>
    [GeneratedRegex(@"TokenType\.\w+|\$\w+|\b(echo|slow|elsewhere|dup|nope_tool|nopetool|ech|Shared|PluginA|PluginB|NIT_Script|NIT_CALL|NIT|nit|MaxValueSize|string|integer|null|ms|s|linux|windows|JSON)\b|[a-e]{10,}|""[^""\n]*""")]
    private static partial Regex Names();

    [GeneratedRegex(@"\b[A-Za-z]{2,}\b")]
    private static partial Regex EnglishWord();

    [GeneratedRegex(@"[\u3000-\u303F\u4E00-\u9FFF\uFF00-\uFFEF]")]
    private static partial Regex Cjk();
}
