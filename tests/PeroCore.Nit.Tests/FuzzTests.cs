using System.Text;
using PeroCore.Nit.Blocks;
using PeroCore.Nit.Parsing;
using PeroCore.Nit.Runtime;
using PeroCore.Nit.Streaming;
using PeroCore.Nit.Tests.Support;
using PeroCore.Nit.Tools;

namespace PeroCore.Nit.Tests;

/// <summary>
/// Seeded randomized tests: scripts generated from the grammar and mutated from the §7 cases go through the lexer,
/// parser and stream filter (no exception but <see cref="NitException"/>, no hang), and random chunkings of random
/// replies check that the filter shows exactly what the extractor leaves visible and holds back at most one tag prefix.
/// </summary>
public sealed class FuzzTests
{
    private const int Seed = 20261125;

    private static readonly string[] ConformanceScripts =
    [
        "foo()", "foo(a=\"x\", b=1, c=2.5)", "$r = foo(a=1)\nbar(x=$r)", "async foo(a=1, callback=\"cb\")", "# c\nfoo(a=1) # trailing\n\nbar()",
        "foo(a=\"#not comment\")", "foo(\n  a=\"x\",\n  b=2\n)", """foo(a="l1\nl2\t\"q\" \\ \'")""", "foo(a=\"multi\nline\")", "foo(a=007, b=1., c=3.14)",
        "foo(a=12abc)", "截图(次数=1)", "foo(a=1, a=2)", "", "# only comment", "$var = tool_call(arg1='val'", "foo(a=\"abc", "foo(a=\"😀\") @",
        "\tfoo(a=?)", "foo(a=1 b=2)", "foo(\"pos\")", "foo", "ASYNC foo()", "async $x = foo()", "foo(a=$r.field)", "foo(a=true, b=False, c=TRUE)",
        "foo(a=null, b=None)", "foo(a=-5, b=-0.5)", "foo(a=[1, \"x\", $v])", "$url = \"https://bilibili.com\"\nbrowser_open_url(url=$url)",
        "FileSearch.read_file_content(file_path=\"x\")", "$ = foo()", "$1x = foo()", "foo(a=$nope)", "$r = boom()\necho(x=$r)",
        "async slow(a=1)\nfast(b=2)", "$r = async foo()", "foo(callback=1)", "mcp_bridge(server=\"s\", tool=\"t\", arguments={\"q\": [1, {k: null}],})",
        "```nit\nfoo()\n```", "foo(a=1.2.3)", "foo(a=１２)", "foo(a=²)", "foo(a=\"C:\\Users\\x\")",
    ];

    [Fact]
    public async Task Hundred_thousand_scripts_only_raise_nit_errors_and_never_hang()
    {
        // Run on the pool with a generous cap, so a hang fails the test instead of stalling the run.
        await Task.Run(RunScripts).WaitAsync(TimeSpan.FromMinutes(3));
    }

    [Fact]
    public async Task Random_chunkings_show_exactly_the_visible_text()
    {
        await Task.Run(RunReplies).WaitAsync(TimeSpan.FromMinutes(3));
    }

    [Fact]
    public async Task Generated_valid_scripts_run_without_unexpected_exceptions()
    {
        var registry = new NitToolRegistry(NitPlatforms.Linux) { AutoRouting = true };
        foreach (string name in new[] { "foo", "bar", "echo", "read_file_content", "截图", "true_tool" })
        {
            registry.Add(NitTool.Create(name).AcceptAdditionalArguments().Handle(call => call.Arguments).Build());
        }

        await using var tasks = new NitTaskManager(maxConcurrency: 2, maxOutstanding: 8);
        var runtime = new NitRuntime(registry, new NitRuntimeOptions { PreviewLength = 80 });
        var context = new NitExecutionContext { Tasks = tasks };
        var generator = new ScriptGenerator(Seed + 2);
        for (int i = 0; i < 2000; i++)
        {
            (string script, int count) = generator.ValidScript();
            NitExecutionResult result = await runtime.ExecuteAsync(script, context);
            Assert.Null(result.SyntaxError);
            Assert.Equal(count, result.Statements.Count);
            Assert.Equal(count == 0 ? 0 : count - 1, result.Output.Count(c => c == '\n') - CountNewlinesInValues(result));
            if (i % 100 == 0)
            {
                await tasks.WhenIdleAsync();
                tasks.DrainEvents();
            }
        }

        await tasks.WhenIdleAsync();
    }

    private static int CountNewlinesInValues(NitExecutionResult result)
        => result.Statements.Sum(s => s.SummaryLine.Count(c => c == '\n'));

    private static void RunScripts()
    {
        var generator = new ScriptGenerator(Seed);
        var corpus = new List<string>(ConformanceScripts);
        int parsed = 0, failed = 0;
        for (int i = 0; i < 100_000; i++)
        {
            string script;
            if (i % 2 == 0)
            {
                (script, int count) = generator.ValidScript();
                NitScript ast = ParseOrFail(script);
                Check(ast.Statements.Count == count, () => $"Generated script lost statements: {Escape(script)}");
                if (corpus.Count < 400)
                {
                    corpus.Add(script);
                }

                parsed++;
            }
            else
            {
                script = generator.Mutate(corpus[generator.Random.Next(corpus.Count)]);
                if (TryParse(script))
                {
                    parsed++;
                }
                else
                {
                    failed++;
                }
            }

            // Every script also travels inside a reply through the filter and the extractor.
            string reply = (i % 3) switch
            {
                0 => "pre <nit>" + script + "</nit> post",
                1 => script,
                _ => "<NIT-a1b2>" + script,
            };
            CheckFilter(reply, generator.Chunk(reply), checkPrefixes: i % 50 == 0);
        }

        Assert.True(failed > 10_000, "the mutations should produce many errors");
        Assert.True(parsed > 50_000);
    }

    private static void RunReplies()
    {
        var generator = new ScriptGenerator(Seed + 1);
        for (int i = 0; i < 20_000; i++)
        {
            string reply = generator.Reply();
            CheckFilter(reply, generator.Chunk(reply), checkPrefixes: i % 4 == 0);
        }

        // A second syntax (8-digit IDs) obeys the same rules.
        var syntax = new NitBlockSyntax(8);
        for (int i = 0; i < 2_000; i++)
        {
            string reply = generator.Reply();
            CheckFilter(reply, generator.Chunk(reply), checkPrefixes: true, syntax);
        }
    }

    private static void CheckFilter(string reply, List<string> chunks, bool checkPrefixes, NitBlockSyntax? syntax = null)
    {
        var extractor = new NitBlockExtractor(syntax);
        NitExtractionResult extraction = extractor.Extract(reply);
        AssertExtractionConsistent(reply, extraction);

        var filter = new NitStreamFilter(syntax);
        var output = new StringBuilder();
        int consumed = 0;
        foreach (string chunk in chunks)
        {
            output.Append(filter.Push(chunk));
            consumed += chunk.Length;
            Check(filter.HeldBackLength <= filter.Syntax.MaxHoldBack, () => $"held back {filter.HeldBackLength} chars of {Escape(reply)}");
            if (checkPrefixes)
            {
                // Visible text is released as early as possible: output + held-back text is the visible text of the prefix.
                string expected = extractor.RemoveBlocks(reply[..consumed]);
                string held = filter.IsInsideBlock ? string.Empty : reply.Substring(consumed - filter.HeldBackLength, filter.HeldBackLength);
                Check(expected == output + held, () => $"prefix mismatch for {Escape(reply)} at {consumed}");
            }
        }

        output.Append(filter.Flush());
        Check(extraction.VisibleText == output.ToString(), () => $"filter/extractor mismatch for {Escape(reply)} chunks [{string.Join("|", chunks.Select(Escape))}]");
    }

    private static void AssertExtractionConsistent(string reply, NitExtractionResult extraction)
    {
        var visible = new StringBuilder();
        int at = 0;
        foreach (NitTextSpan span in extraction.HiddenSpans)
        {
            Assert.True(span.Start >= at && span.End <= reply.Length);
            visible.Append(reply, at, span.Start - at);
            at = span.End;
        }

        visible.Append(reply, at, reply.Length - at);
        Assert.Equal(visible.ToString(), extraction.VisibleText);
        Assert.Equal(extraction.Blocks.Count + (extraction.HasUnclosedBlock ? 1 : 0), extraction.HiddenSpans.Count);
        foreach (NitBlock block in extraction.Blocks)
        {
            Assert.Equal(reply.Substring(block.Span.Start, block.Span.Length), block.RawText);
            Assert.Equal(reply.Substring(block.ContentSpan.Start, block.ContentSpan.Length), block.Content);
        }
    }

    private static NitScript ParseOrFail(string script)
    {
        try
        {
            return NitParser.Parse(script);
        }
        catch (NitException ex)
        {
            Assert.Fail($"Generated valid script failed: {Escape(script)}\n{ex.Message}");
            throw;
        }
    }

    private static bool TryParse(string script)
    {
        try
        {
            NitParser.Parse(script);
            return true;
        }
        catch (NitException ex)
        {
            Check(ex.Line >= 1 && ex.Column >= 1, () => $"bad position for {Escape(script)}");
            Assert.StartsWith(ex.Kind == NitErrorKind.Lexer ? "Lexer error at line " : "Parser error at line ", ex.Message, StringComparison.Ordinal);
            return false;
        }
        catch (Exception ex)
        {
            Assert.Fail($"Unexpected {ex.GetType().Name} for {Escape(script)}: {ex}");
            throw;
        }
    }

    /// <summary>Fails with a message built only on failure (building it for every case would dominate the run time).</summary>
    private static void Check(bool condition, Func<string> message)
    {
        if (!condition)
        {
            Assert.Fail(message());
        }
    }

    private static string Escape(string s)
    {
        var sb = new StringBuilder();
        foreach (char c in s)
        {
            sb.Append(c < 0x20 || char.IsSurrogate(c) ? $"\\u{(int)c:X4}" : c.ToString());
        }

        return sb.ToString();
    }
}
