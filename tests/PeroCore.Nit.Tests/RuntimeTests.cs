using PeroCore.Nit.Runtime;
using PeroCore.Nit.Tests.Support;
using PeroCore.Nit.Tools;

namespace PeroCore.Nit.Tests;

/// <summary>Interpreter behaviour beyond §7.2: summary, limits, validation errors, timeouts and cancellation.</summary>
public sealed class RuntimeTests
{
    [Theory]
    [InlineData("abcdefgh", 5, "abcde...")]
    [InlineData("abcde", 5, "abcde")]
    [InlineData("😀😀😀", 2, "😀😀...")]
    [InlineData("a😀b", 2, "a😀...")]
    public async Task Preview_is_configurable_and_never_splits_pairs(string value, int preview, string shown)
    {
        var tools = new RecordingTools().AddTool("foo", _ => value);
        NitExecutionResult result = await new NitRuntime(tools.Registry, new NitRuntimeOptions { PreviewLength = preview }).ExecuteAsync("foo()");
        Assert.Equal("Call: foo -> " + shown, result.Output);
        Assert.Equal(value, result.Statements[0].Value);
    }

    [Fact]
    public async Task Default_preview_is_a_thousand_code_points()
    {
        var tools = new RecordingTools().AddTool("foo", _ => new string('x', 1500));
        NitExecutionResult result = await new NitRuntime(tools.Registry).ExecuteAsync("foo()");
        Assert.Equal("Call: foo -> " + new string('x', 1000) + "...", result.Output);
    }

    [Theory]
    [InlineData(1.0, "1.0")]
    [InlineData(0.1, "0.1")]
    [InlineData(-2.5e-7, "-2.5e-07")]
    [InlineData(true, "true")]
    [InlineData(42L, "42")]
    public async Task Values_are_stringified_like_json(object value, string shown)
    {
        var tools = new RecordingTools().AddTool("foo", _ => value);
        Assert.Equal("Call: foo -> " + shown, (await new NitRuntime(tools.Registry).ExecuteAsync("foo()")).Output);
    }

    [Fact]
    public async Task Structured_values_and_records_are_json()
    {
        var tools = new RecordingTools()
            .AddTool("list", _ => new object?[] { 1, "a", null, 2.0 })
            .AddTool("rec", _ => new Point(1, "猫"));
        NitExecutionResult result = await new NitRuntime(tools.Registry).ExecuteAsync("list() rec() $v = {\"k\": [1, 2.5]}");
        Assert.Equal("Call: list -> [1,\"a\",null,2.0]\nCall: rec -> {\"X\":1,\"Name\":\"猫\"}\nAssignment: $v = {\"k\":[1,2.5]}", result.Output);
    }

    [Fact]
    public async Task Long_strings_are_truncated_when_stored()
    {
        var tools = new RecordingTools("bar").AddTool("foo", _ => "0123456789ABCDEF");
        NitExecutionResult result = await new NitRuntime(tools.Registry, new NitRuntimeOptions { MaxStringLength = 10 }).ExecuteAsync("$x = foo()\nbar(v=$x)");
        Assert.Equal("0123456789" + NitRuntimeOptions.TruncationSuffix, result.Variables["x"]);
        Assert.Equal("0123456789" + NitRuntimeOptions.TruncationSuffix, tools.Calls[1].Args["v"]);
    }

    [Fact]
    public async Task Literal_assignments_and_variables()
    {
        var tools = new RecordingTools("open");
        NitExecutionResult result = await new NitRuntime(tools.Registry).ExecuteAsync("$url = \"https://x\"\n$copy = $url\n$l = [$url, 1]\nopen(url=$copy, all=$l)");
        Assert.Equal("Assignment: $url = https://x\nAssignment: $copy = https://x\nAssignment: $l = [\"https://x\",1]\nCall: open -> ok:open", result.Output);
        Assert.Equal(new List<object?> { "https://x", 1L }, tools.Calls[0].Args["all"]);
        Assert.Equal(["open"], result.ExecutedTools);
    }

    [Fact]
    public async Task Undefined_variable_inside_a_list_fails_the_statement()
    {
        var tools = new RecordingTools("foo");
        NitExecutionResult result = await new NitRuntime(tools.Registry).ExecuteAsync("$x = [1, {k: $nope}]\nfoo(a=$x)");
        Assert.Equal("Error: Undefined variable: $nope", result.Variables["x"]);
        Assert.Equal(NitStatus.Error, result.Status);
        Assert.Equal("Error: Undefined variable: $nope", tools.Calls[0].Args["a"]); // the error string flows on, as in the seed
    }

    [Fact]
    public async Task Validation_errors_are_statement_errors()
    {
        var registry = new NitToolRegistry(NitPlatforms.Linux);
        registry.Add(NitTool.Create("finish_task").WithParameter("summary", NitParameterType.String, required: true).Handle(_ => "done").Build());
        NitExecutionResult result = await new NitRuntime(registry).ExecuteAsync("finish_task()\nfinish_task(summary=\"ok\")");
        Assert.Equal("Call: finish_task -> Error: Missing required parameter 'summary' for tool 'finish_task'.\nCall: finish_task -> done", result.Output);
        Assert.Equal(NitStatus.Error, result.Status);
        Assert.Equal(["finish_task"], result.ExecutedTools);
        Assert.Equal("Missing required parameter 'summary' for tool 'finish_task'.", result.FirstError);
    }

    [Fact]
    public async Task Timed_out_statement_fails_and_the_script_goes_on()
    {
        var tools = new RecordingTools("next").AddAsyncTool("slow", async (_, ct) =>
        {
            await Task.Delay(Timeout.Infinite, ct);
            return null;
        }, TimeSpan.FromMilliseconds(20));
        NitExecutionResult result = await new NitRuntime(tools.Registry).ExecuteAsync("slow()\nnext()");
        Assert.Equal("Call: slow -> Error: Tool 'slow' timed out after 20 ms.\nCall: next -> ok:next", result.Output);
        Assert.Equal(NitStatus.Error, result.Status);
    }

    [Fact]
    public async Task Cancellation_stops_the_script()
    {
        using var cts = new CancellationTokenSource();
        var tools = new RecordingTools("after").AddAsyncTool("wait", async (_, ct) =>
        {
            await cts.CancelAsync();
            await Task.Delay(Timeout.Infinite, ct);
            return null;
        });
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await new NitRuntime(tools.Registry).ExecuteAsync("wait()\nafter()", null, cts.Token));
        Assert.DoesNotContain("after", tools.CalledTools);
    }

    [Fact]
    public async Task Syntax_errors_run_nothing()
    {
        var tools = new RecordingTools("foo");
        NitExecutionResult result = await new NitRuntime(tools.Registry).ExecuteAsync("foo()\nfoo(a=@)");
        Assert.Empty(tools.Calls);
        Assert.Equal(NitStatus.Error, result.Status);
        Assert.StartsWith("Script Error: Lexer error at line 2, col 7: Unexpected character: @\n  2 | foo(a=@)", result.Output, StringComparison.Ordinal);
        Assert.Equal(2, result.SyntaxError!.Line);
    }

    [Fact]
    public async Task Statement_limit()
    {
        var tools = new RecordingTools("foo");
        NitExecutionResult result = await new NitRuntime(tools.Registry, new NitRuntimeOptions { MaxStatements = 2 }).ExecuteAsync("foo() foo() foo()");
        Assert.Equal(NitStatus.Error, result.Status);
        Assert.Empty(tools.Calls);
    }

    [Fact]
    public async Task Statement_records_hold_positions_and_resolved_names()
    {
        var tools = new RecordingTools("read_file_content");
        NitExecutionResult result = await new NitRuntime(tools.Registry).ExecuteAsync("\n  $r = ReadFileContent(path=\"x\")");
        NitStatementResult record = Assert.Single(result.Statements);
        Assert.Equal((2, 3), (record.Line, record.Column));
        Assert.Equal("r", record.Target);
        Assert.Equal("ReadFileContent", record.ToolName);
        Assert.Equal("read_file_content", record.ResolvedToolName);
        Assert.Equal("x", record.Arguments!["path"]);
        Assert.Equal("Assignment: $r = ok:read_file_content", record.SummaryLine);
    }

    [Fact]
    public async Task Each_block_has_its_own_scope()
    {
        var tools = new RecordingTools("foo", "bar");
        var dispatcher = new NitDispatcher(new NitRuntime(tools.Registry));
        NitDispatchResult result = await dispatcher.DispatchAsync("<nit>$x = foo()</nit> and <nit>bar(v=$x)</nit>");
        Assert.Equal(NitStatus.Success, result.Records[0].Status);
        Assert.Equal(NitStatus.Error, result.Records[1].Status);
        Assert.Equal("Call: bar -> Error: Undefined variable: $x", result.Records[1].Output);
    }

    private sealed record Point(int X, string Name);
}
