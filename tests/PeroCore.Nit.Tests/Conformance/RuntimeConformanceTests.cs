using PeroCore.Nit.Parsing;
using PeroCore.Nit.Runtime;
using PeroCore.Nit.Tests.Support;

namespace PeroCore.Nit.Tests.Conformance;

/// <summary>Spec §7.2: runtime semantics with a mock executor, profile R column.</summary>
public sealed class RuntimeConformanceTests
{
    [Fact]
    public async Task R01_results_feed_later_calls_and_summary_has_no_dots()
    {
        var tools = new RecordingTools("bar").AddTool("foo", _ => "R1");
        NitExecutionResult result = await new NitRuntime(tools.Registry).ExecuteAsync("$r = foo(a=1)\nbar(x=$r)");

        Assert.Equal(["foo", "bar"], tools.CalledTools);
        Assert.Equal(1L, tools.Calls[0].Args["a"]);
        Assert.Equal("R1", tools.Calls[1].Args["x"]);
        Assert.Equal("R1", result.Variables["r"]);
        Assert.Equal("Assignment: $r = R1\nCall: bar -> ok:bar", result.Output);
        Assert.True(result.IsSuccess);
    }

    [Fact]
    public async Task R02_structured_values_pass_unchanged()
    {
        var value = new Dictionary<string, object?> { ["k"] = new List<object?> { 1L, 2L } };
        var tools = new RecordingTools("bar").AddTool("foo", _ => value);
        NitExecutionResult result = await new NitRuntime(tools.Registry).ExecuteAsync("$v = foo()\nbar(d=$v)");

        Assert.Same(value, tools.Calls[1].Args["d"]);
        Assert.Equal("Assignment: $v = {\"k\":[1,2]}\nCall: bar -> ok:bar", result.Output);
    }

    [Fact]
    public async Task R04_undefined_variable_fails_the_statement()
    {
        var tools = new RecordingTools("foo");
        NitExecutionResult result = await new NitRuntime(tools.Registry).ExecuteAsync("foo(a=$nope)");

        Assert.Empty(tools.Calls);
        Assert.Equal("Error: Undefined variable: $nope", result.Statements[0].Value);
        Assert.Equal(NitStatus.Error, result.Status);
        Assert.Equal("Call: foo -> Error: Undefined variable: $nope", result.Output);
    }

    [Fact]
    public async Task R05_tool_exception_is_stored_and_execution_continues()
    {
        var tools = new RecordingTools("echo").AddTool("boom", _ => throw new InvalidOperationException("kaboom"));
        NitExecutionResult result = await new NitRuntime(tools.Registry).ExecuteAsync("$r = boom()\necho(x=$r)");

        Assert.Equal("Error: kaboom", result.Variables["r"]);
        Assert.Equal(["boom", "echo"], tools.CalledTools);
        Assert.Equal("Error: kaboom", tools.Calls[1].Args["x"]);
        Assert.Equal(NitStatus.Error, result.Status);
        Assert.False(result.Statements[0].Succeeded);
        Assert.True(result.Statements[1].Succeeded);
    }

    [Fact]
    public async Task R07_async_call_does_not_block_the_script()
    {
        var gate = new TaskCompletionSource<object?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var tools = new RecordingTools("fast").AddAsyncTool("slow", async (_, ct) => await gate.Task.WaitAsync(ct));
        await using var tasks = new NitTaskManager();
        var runtime = new NitRuntime(tools.Registry);

        NitExecutionResult result = await runtime.ExecuteAsync("async slow(a=1)\nfast(b=2)", new NitExecutionContext { Tasks = tasks });

        // The script finished while slow is still blocked on its gate.
        Assert.Equal(1, tasks.OutstandingCount);
        Assert.Equal("Async task scheduled", result.Statements[0].Value);
        Assert.Equal("Call: slow -> Async task scheduled\nCall: fast -> ok:fast", result.Output);
        Assert.Contains(tools.Calls, c => c.Tool == "fast" && Equals(c.Args["b"], 2L));

        gate.SetResult("done");
        await tasks.WhenIdleAsync();
        var call = Assert.Single(tools.Calls, c => c.Tool == "slow");
        Assert.Equal(1L, call.Args["a"]);
        NitTaskEvent e = Assert.Single(tasks.DrainEvents());
        Assert.Equal(NitTaskStatus.Succeeded, e.Status);
        Assert.Equal("done", e.Value);
        Assert.Equal(result.ScheduledTasks[0], e.TaskId);
    }

    [Fact]
    public async Task R08_callback_is_stripped_and_called_with_the_result()
    {
        var tools = new RecordingTools("foo", "cb");
        await using var tasks = new NitTaskManager();
        await new NitRuntime(tools.Registry).ExecuteAsync("async foo(a=1, callback=\"cb\")", new NitExecutionContext { Tasks = tasks });
        await tasks.WhenIdleAsync();

        Assert.Equal(["foo", "cb"], tools.CalledTools);
        Assert.Equal(["a"], tools.Calls[0].Args.Keys);
        Assert.Equal("ok:foo", tools.Calls[1].Args["result"]);
        NitTaskEvent e = Assert.Single(tasks.DrainEvents());
        Assert.Equal("cb", e.Callback);
        Assert.Equal("ok:cb", e.CallbackValue);
    }

    [Fact]
    public async Task R10_assigning_an_async_call_stores_the_scheduled_marker()
    {
        var tools = new RecordingTools("foo");
        await using var tasks = new NitTaskManager();
        NitExecutionResult result = await new NitRuntime(tools.Registry).ExecuteAsync("$r = async foo()", new NitExecutionContext { Tasks = tasks });
        Assert.Equal("Async task scheduled", result.Variables["r"]);
        await tasks.WhenIdleAsync();
    }

    [Fact]
    public async Task R11_sync_callback_is_lifted_but_not_called()
    {
        NitCall call = (NitCall)NitParser.Parse("foo(callback=1)").Statements[0].Value;
        Assert.Equal("1", call.Callback);

        var tools = new RecordingTools("foo", "1");
        await new NitRuntime(tools.Registry).ExecuteAsync("foo(callback=1)");
        var only = Assert.Single(tools.Calls);
        Assert.Equal("foo", only.Tool);
        Assert.Equal(1L, only.Args["callback"]);
    }

    [Fact]
    public async Task R13_null_result_shows_as_json_null()
    {
        var tools = new RecordingTools().AddTool("foo", _ => null);
        NitExecutionResult result = await new NitRuntime(tools.Registry).ExecuteAsync("foo()");
        Assert.Null(result.Statements[0].Value);
        Assert.Equal("Call: foo -> null", result.Output);
    }

    [Fact]
    public async Task R14_variable_limit_keeps_the_first_hundred()
    {
        var tools = new RecordingTools("foo");
        string script = string.Join("\n", Enumerable.Range(1, 101).Select(i => $"$v{i} = foo()"));
        NitExecutionResult result = await new NitRuntime(tools.Registry).ExecuteAsync(script);

        Assert.Equal(100, result.Variables.Count);
        Assert.True(result.Variables.ContainsKey("v100"));
        Assert.False(result.Variables.ContainsKey("v101"));
        NitStatementResult last = result.Statements[100];
        Assert.Equal("ok:foo", last.Value);
        Assert.True(last.Succeeded);
        Assert.Contains("not stored", last.Warning, StringComparison.Ordinal);
        Assert.Equal(NitStatus.Success, result.Status);
        Assert.Equal(101, tools.Calls.Count);
    }
}
