using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using PeroCore.Nit.Runtime;
using PeroCore.Nit.Tests.Support;
using PeroCore.Nit.Tools;
using PeroCore.Nit.Values;

namespace PeroCore.Nit.Tests;

/// <summary>
/// The value-size budget (<see cref="NitRuntimeOptions.MaxValueSize"/>): values are bounded by their formatted size,
/// not by their count, and formatting for previews and tool messages stops at its limit.
/// </summary>
public sealed class ValueSizeTests
{
    /// <summary>
    /// <c>$a0 = "xxxxxxxxxx"</c>, then <c>$aN = [$aN-1, $aN-1]</c> up to <paramref name="depth"/>: each line doubles the
    /// formatted size at a constant script size.
    /// </summary>
    internal static string DoublingScript(int depth)
    {
        var sb = new StringBuilder("$a0 = \"xxxxxxxxxx\"\n");
        for (int i = 1; i <= depth; i++)
        {
            sb.Append("$a").Append(i).Append(" = [$a").Append(i - 1).Append(", $a").Append(i - 1).Append("]\n");
        }

        return sb.ToString();
    }

    /// <summary>The formatted size of <c>$aN</c>: 12 for the quoted string, then 2 * size + 3 per level.</summary>
    private static long DoubledSize(int n) => n == 0 ? 12 : (2 * DoubledSize(n - 1)) + 3;

    private static object Doubled(int depth)
    {
        object value = "xxxxxxxxxx";
        for (int i = 0; i < depth; i++)
        {
            value = new List<object?> { value, value };
        }

        return value;
    }

    [Fact]
    public async Task Doubling_script_stops_with_a_size_error_at_the_line_that_passes_the_budget()
    {
        Assert.True(DoubledSize(16) <= 1_000_000 && DoubledSize(17) > 1_000_000);
        long before = GC.GetAllocatedBytesForCurrentThread();

        NitExecutionResult result = await new NitRuntime(new RecordingTools().Registry).ExecuteAsync(DoublingScript(30));

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(NitStatus.Error, result.Status);
        NitException error = Assert.IsType<NitException>(result.RuntimeError);
        Assert.Equal(NitErrorKind.Runtime, error.Kind);
        Assert.Equal((18, 8), (error.Line, error.Column)); // $a17 = [$a16, $a16]: the list at column 8
        Assert.StartsWith("Runtime error at line 18, col 8: Value too large: this list would take more than 1000000 characters", error.Headline, StringComparison.Ordinal);
        Assert.Contains("  18 | $a17 = [$a16, $a16]", error.Message, StringComparison.Ordinal);

        // Statements up to the failing one ran; the rest did not.
        Assert.Equal(18, result.Statements.Count);
        NitStatementResult failed = result.Statements[^1];
        Assert.False(failed.Succeeded);
        Assert.Equal(error.Headline, failed.Error);
        Assert.True(result.Statements.Take(17).All(s => s.Succeeded));
        Assert.False(result.Variables.ContainsKey("a18"));
        Assert.EndsWith("\nScript stopped at line 18: 13 statement(s) after it did not run.", result.Output, StringComparison.Ordinal);
        Assert.Contains("Assignment: $a17 = Error: Runtime error at line 18, col 8: Value too large", result.Output, StringComparison.Ordinal);
        Assert.Equal(error.Headline, result.FirstError);

        // Nothing near the formatted size (1 MB of $a16, let alone 15 GB of $a30) was materialised.
        Assert.True(allocated < 32L * 1024 * 1024, $"allocated {allocated} bytes");
        Assert.True(result.Output.Length < 20_000);
    }

    [Theory]
    [InlineData(100)]
    [InlineData(1000)]
    [InlineData(12345)]
    public async Task Doubling_stops_at_the_first_value_over_a_configured_budget(int budget)
    {
        int firstOver = Enumerable.Range(1, 30).First(n => DoubledSize(n) > budget);
        var runtime = new NitRuntime(new RecordingTools().Registry, new NitRuntimeOptions { MaxValueSize = budget });

        NitExecutionResult result = await runtime.ExecuteAsync(DoublingScript(30));

        Assert.Equal(firstOver + 1, result.RuntimeError!.Line);
        Assert.Equal(NitValueFormatter.Format(Doubled(firstOver - 1)), NitValueFormatter.Format(result.Variables["a" + (firstOver - 1)]));
    }

    [Fact]
    public async Task The_budget_counts_characters_exactly_as_formatted()
    {
        const string Script = "$s = \"0123456789012345678901234567890123456789012345678901234567890123456789\"\n$l = [$s, $s, {\"k\": [$s, 1, 2.5, true, null]}]";
        var ok = await new NitRuntime(new RecordingTools().Registry).ExecuteAsync(Script);
        int exact = NitValueFormatter.Format(ok.Variables["l"]).Length;

        NitExecutionResult fits = await new NitRuntime(new RecordingTools().Registry, new NitRuntimeOptions { MaxValueSize = exact }).ExecuteAsync(Script);
        NitExecutionResult over = await new NitRuntime(new RecordingTools().Registry, new NitRuntimeOptions { MaxValueSize = exact - 1 }).ExecuteAsync(Script);

        Assert.True(fits.IsSuccess);
        Assert.Null(fits.RuntimeError);
        Assert.Equal((2, 6), (over.RuntimeError!.Line, over.RuntimeError.Column));
    }

    [Fact]
    public async Task Shared_references_count_once_per_occurrence()
    {
        string fifty = new('x', 50);
        string script = $"$s = \"{fifty}\"\n$l = [$s, $s, $s]";
        Assert.Equal(2 + (3 * 52) + 2, NitValueFormatter.Format(new List<object?> { fifty, fifty, fifty }).Length);

        NitExecutionResult fits = await new NitRuntime(new RecordingTools().Registry, new NitRuntimeOptions { MaxValueSize = 160 }).ExecuteAsync(script);
        NitExecutionResult over = await new NitRuntime(new RecordingTools().Registry, new NitRuntimeOptions { MaxValueSize = 159 }).ExecuteAsync(script);

        Assert.True(fits.IsSuccess);
        Assert.Equal(2, over.RuntimeError!.Line);
        Assert.Contains("this list would take more than 159 characters", over.RuntimeError.Headline, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Escaped_strings_are_counted_with_their_escapes()
    {
        var tools = new RecordingTools().AddTool("text", _ => "a\"b\\c\nd\te\u0001f猫😀\u007F\u2028\u0378<>&'+\uD800x\uDC00");
        const string Script = "$t = text()\n$l = [$t, $t]";
        var ok = await new NitRuntime(tools.Registry).ExecuteAsync(Script);
        int exact = NitValueFormatter.Format(ok.Variables["l"]).Length;
        Assert.Equal(exact, new NitValueBudget(1000).Measure(ok.Variables["l"], 1000));

        Assert.True((await new NitRuntime(tools.Registry, new NitRuntimeOptions { MaxValueSize = exact }).ExecuteAsync(Script)).IsSuccess);
        Assert.NotNull((await new NitRuntime(tools.Registry, new NitRuntimeOptions { MaxValueSize = exact - 1 }).ExecuteAsync(Script)).RuntimeError);
    }

    [Fact]
    public async Task Dictionary_doubling_stops_at_the_dictionary()
    {
        var sb = new StringBuilder("$d0 = {\"k\": \"xxxxxxxxxx\"}\n");
        for (int i = 1; i <= 30; i++)
        {
            sb.Append("$d").Append(i).Append(" = {\"left\": $d").Append(i - 1).Append(", \"right\": $d").Append(i - 1).Append("}\n");
        }

        NitExecutionResult result = await new NitRuntime(new RecordingTools().Registry).ExecuteAsync(sb.ToString());

        NitException error = result.RuntimeError!;
        Assert.Equal(error.Line <= 10 ? 7 : 8, error.Column); // $dN = {...}
        Assert.Contains("Value too large: this dictionary would take more than 1000000 characters", error.Headline, StringComparison.Ordinal);
        string kept = NitValueFormatter.Format(result.Variables["d" + (error.Line - 2)]);
        Assert.InRange(kept.Length, 1, 1_000_000);
        Assert.True((2 * kept.Length) + 19 > 1_000_000); // the next level, {"left":…,"right":…}, is over
    }

    [Fact]
    public async Task String_doubling_through_a_tool_is_cut_by_the_string_limit_or_stopped_by_the_budget()
    {
        var tools = new RecordingTools().AddTool("concat", call => call.GetString("a") + call.GetString("b"));
        string script = "$s = \"xxxxxxxxxx\"\n" + string.Concat(Enumerable.Repeat("$s = concat(a=$s, b=$s)\n", 30));

        // Default limits: a stored string is cut at MaxStringLength (100 000) long before the budget is reached.
        NitExecutionResult cut = await new NitRuntime(tools.Registry).ExecuteAsync(script);
        Assert.True(cut.IsSuccess);
        Assert.Equal(100_000 + NitRuntimeOptions.TruncationSuffix.Length, ((string)cut.Variables["s"]!).Length);

        // With a larger string limit the budget stops the doubling at the call that built too long a string.
        var options = new NitRuntimeOptions { MaxStringLength = 10_000_000, MaxValueSize = 1000 };
        NitExecutionResult stopped = await new NitRuntime(tools.Registry, options).ExecuteAsync(script);
        NitException error = stopped.RuntimeError!;
        Assert.Equal((8, 6), (error.Line, error.Column)); // 10 * 2^7 = 1280 > 1000, at line 8; the call at column 6
        Assert.Contains("Value too large: the result of concat would take more than 1000 characters", error.Headline, StringComparison.Ordinal);
        Assert.Equal(640, ((string)stopped.Statements[6].Value!).Length);
        Assert.Equal(8, stopped.Statements.Count);
    }

    [Fact]
    public async Task Tools_that_build_values_from_their_arguments_are_bounded_too()
    {
        string script = "$e = echo(a=\"xxxxxxxxxx\")\n" + string.Concat(Enumerable.Repeat("$e = echo(a=$e, b=$e)\n", 30));
        long before = GC.GetAllocatedBytesForCurrentThread();

        NitExecutionResult result = await new NitRuntime(NitTestTools.AddTo(new NitToolRegistry())).ExecuteAsync(script);

        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 32L * 1024 * 1024);
        NitException error = result.RuntimeError!;
        Assert.Equal(6, error.Column);
        Assert.InRange(error.Line, 10, 20);
        Assert.Contains("the result of echo would take more than 1000000 characters", error.Headline, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_literal_passed_as_an_argument_is_bounded()
    {
        var tools = new RecordingTools("use");
        NitExecutionResult result = await new NitRuntime(tools.Registry, new NitRuntimeOptions { MaxValueSize = 20 })
            .ExecuteAsync("$s = \"0123456789\"\nuse(v=[$s, $s])\nuse(v=1)");

        Assert.Equal((2, 7), (result.RuntimeError!.Line, result.RuntimeError.Column));
        Assert.Empty(tools.Calls);
        Assert.Equal(2, result.Statements.Count);
    }

    [Fact]
    public async Task Bare_calls_keep_large_results_and_preview_them()
    {
        var tools = new RecordingTools().AddTool("big", _ => Doubled(25));
        NitExecutionResult result = await new NitRuntime(tools.Registry, new NitRuntimeOptions { PreviewLength = 20 }).ExecuteAsync("big()");

        Assert.True(result.IsSuccess);
        Assert.Equal("Call: big -> [[[[[[[[[[[[[[[[[[[[...", result.Output);
    }

    [Fact]
    public async Task Normal_scripts_are_unaffected()
    {
        var tools = new RecordingTools("open");
        NitExecutionResult result = await new NitRuntime(tools.Registry).ExecuteAsync(
            "$u = \"https://x\"\n$l = [$u, 1, [2, {\"k\": $u}]]\n$d = {\"all\": $l, \"again\": $l}\nopen(v=$d)");

        Assert.True(result.IsSuccess);
        Assert.Null(result.RuntimeError);
        Assert.Equal(
            "Assignment: $u = https://x\nAssignment: $l = [\"https://x\",1,[2,{\"k\":\"https://x\"}]]\n"
            + "Assignment: $d = {\"all\":[\"https://x\",1,[2,{\"k\":\"https://x\"}]],\"again\":[\"https://x\",1,[2,{\"k\":\"https://x\"}]]}\nCall: open -> ok:open",
            result.Output);
    }

    [Fact]
    public async Task Async_results_over_the_budget_fail_the_task()
    {
        var tools = new RecordingTools("after").AddAsyncTool("big", async (_, _) =>
        {
            await Task.Yield();
            return Doubled(30);
        });
        await using var tasks = new NitTaskManager();
        NitExecutionResult result = await new NitRuntime(tools.Registry).ExecuteAsync("\n  async big(callback=\"after\")", new NitExecutionContext { Tasks = tasks });
        Assert.True(result.IsSuccess);
        await tasks.WhenIdleAsync();

        NitTaskEvent e = Assert.Single(tasks.DrainEvents());
        Assert.Equal(NitTaskStatus.Failed, e.Status);
        Assert.Null(e.Value);
        Assert.StartsWith("Runtime error at line 2, col 3: Value too large: the result of big would take more than 1000000 characters", e.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("after", tools.CalledTools);
    }

    [Fact]
    public void Task_events_format_only_their_preview()
    {
        var e = new NitTaskEvent(1, "big", new Dictionary<string, object?>(), NitTaskStatus.Succeeded, Doubled(40), null, null, null, null, default, default);
        long before = GC.GetAllocatedBytesForCurrentThread();

        string text = e.Describe(30);

        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1024 * 1024);
        Assert.Equal("[Async task #1] big -> " + new string('[', 30) + "...", text);
    }

    [Fact]
    public void Max_value_size_must_be_positive()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new NitRuntime(new RecordingTools().Registry, new NitRuntimeOptions { MaxValueSize = 0 }));
        Assert.Equal(1_000_000, new NitRuntimeOptions().MaxValueSize);
    }

    public static TheoryData<object?> FormatterValues() => new()
    {
        null,
        "plain text",
        "😀😀😀😀😀",
        42L,
        2.5,
        double.NaN,
        true,
        new List<object?> { 1L, "a\"b\\c\nd", null, 2.0, double.PositiveInfinity, "猫😀", 'c' },
        new OrderedDictionary<string, object?> { ["k"] = new object?[] { 1, 2 }, ["猫"] = "v\u0001", ["e"] = DayOfWeek.Monday },
        new Dictionary<int, object?> { [1] = "one", [2] = new List<object?>() },
        JsonDocument.Parse("{\"a\": [1, 2.50, \"x\\u0041\"], \"b\": {\"c\": null}, \"s\": \"猫\"}").RootElement,
        JsonNode.Parse("{\"a\": [1, 2, \"x\"], \"b\": {\"c\": true}}"),
        new Sample(7, "seven", [1, 2, 3]),
        Doubled(6),
        new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.Zero),
    };

    [Theory]
    [MemberData(nameof(FormatterValues))]
    public void Bounded_preview_equals_the_preview_of_the_full_text(object? value)
    {
        string full = NitValueFormatter.Format(value);
        for (int limit = 0; limit <= full.Length + 2; limit++)
        {
            Assert.Equal(NitValueFormatter.Preview(full, limit), NitValueFormatter.FormatPreview(value, limit));
            string bounded = NitValueFormatter.FormatBounded(value, limit, out bool truncated);
            Assert.Equal(truncated, bounded.Length < full.Length);
            Assert.StartsWith(bounded, full, StringComparison.Ordinal);
        }

        Assert.Equal(full, NitValueFormatter.FormatPreview(value, -1));
    }

    [Fact]
    public void Bounded_formatter_cuts_at_the_limit_without_formatting_the_whole_value()
    {
        object huge = Doubled(40); // about 16 TB when formatted
        var json = JsonDocument.Parse("[" + string.Join(',', Enumerable.Repeat("\"" + new string('y', 1000) + "\"", 2000)) + "]").RootElement;
        var node = new JsonArray([.. Enumerable.Range(0, 100_000).Select(i => (JsonNode?)JsonValue.Create(i))]);
        var withLongString = new List<object?> { new string('z', 5_000_000) };
        long before = GC.GetAllocatedBytesForCurrentThread();

        string text = NitValueFormatter.FormatBounded(huge, 1000, out bool truncated);
        string element = NitValueFormatter.FormatBounded(json, 50, out bool elementTruncated);
        string array = NitValueFormatter.FormatPreview(node, 10);
        string longString = NitValueFormatter.FormatPreview(withLongString, 5);

        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 2 * 1024 * 1024);
        Assert.True(truncated && elementTruncated);
        Assert.Equal(1000, text.Length);
        Assert.Equal(new string('[', 40) + "\"xxxxxxxxxx\",\"xxxxxxxxxx\"],[", text[..68]);
        Assert.Equal("[\"" + new string('y', 48), element);
        Assert.Equal("[0,1,2,3,4...", array);
        Assert.Equal("[\"zzz...", longString);
    }

    [Fact]
    public async Task Tool_messages_are_cut_with_a_marker_without_formatting_the_whole_result()
    {
        var tools = new RecordingTools().AddTool("big", _ => Doubled(40));
        NitToolOutcome outcome = await tools.Registry.InvokeAsync("big", new Dictionary<string, object?>());

        string message = outcome.ToString(100, "\n...(truncated)");

        Assert.Equal(100 + "\n...(truncated)".Length, message.Length);
        Assert.EndsWith("\n...(truncated)", message, StringComparison.Ordinal);
        Assert.Equal("ok", (await new RecordingTools().AddTool("small", _ => "ok").Registry.InvokeAsync("small", new Dictionary<string, object?>())).ToString(100, "!"));
    }

    [Fact]
    public async Task Legacy_block_results_are_cut_at_the_budget()
    {
        var tools = new RecordingTools().AddTool("big", _ => Doubled(40));
        var dispatcher = new NitDispatcher(new NitRuntime(tools.Registry, new NitRuntimeOptions { MaxValueSize = 500 }));

        NitDispatchResult result = await dispatcher.DispatchAsync("[[[NIT_CALL]]]\nbig\n[[[NIT_END]]]");

        NitBlockResult record = Assert.Single(result.Records);
        Assert.Equal(NitStatus.Success, record.Status);
        Assert.Equal(500 + NitRuntimeOptions.TruncationSuffix.Length, record.Output.Length);
        Assert.EndsWith(NitRuntimeOptions.TruncationSuffix, record.Output, StringComparison.Ordinal);
    }

    private sealed record Sample(int Id, string Name, int[] Items);
}
