using PeroCore.Nit.Runtime;
using PeroCore.Nit.Tools;

namespace PeroCore.Nit.Tests.Conformance;

/// <summary>Spec §7.3: dispatcher and block extraction, profile R column.</summary>
public sealed class DispatcherConformanceTests
{
    private readonly List<(string Tool, IReadOnlyDictionary<string, object?> Args)> _calls = [];
    private readonly NitDispatcher _dispatcher;

    public DispatcherConformanceTests()
    {
        var registry = new NitToolRegistry(NitPlatforms.Linux);
        registry.Add(NitTool.Create("echo").AcceptAdditionalArguments().Handle(call => Record(call, call.Arguments)).Build());
        registry.Add(NitTool.Create("boom").Handle(call => throw new InvalidOperationException("boom!")).Build());
        registry.Add(NitTool.Create("finish_task")
            .InPlugin("SystemControl")
            .WithParameter("summary", NitParameterType.String, required: true)
            .WithOptionalParameter("status", NitParameterType.String, "success")
            .Handle(call => Record(call, $"[System] Task finished with status: {call.GetString("status")}"))
            .Build());
        foreach (string name in new[] { "search_files", "read_file_content", "list_directory" })
        {
            registry.Add(NitTool.Create(name)
                .InPlugin("FileSearch")
                .AcceptAdditionalArguments()
                .WithParameter(name == "search_files" ? "query" : name == "read_file_content" ? "file_path" : "path", NitParameterType.String)
                .Handle(call => Record(call, "ok:" + name))
                .Build());
        }

        _dispatcher = new NitDispatcher(new NitRuntime(registry));
    }

    private object? Record(NitToolCall call, object? result)
    {
        lock (_calls)
        {
            _calls.Add((call.Tool.Name, call.Arguments));
        }

        return result;
    }

    [Fact]
    public async Task D01_blocks_run_in_text_order()
    {
        NitDispatchResult result = await _dispatcher.DispatchAsync("hi <nit>echo(a=1)</nit> there <nit>echo(b=2)</nit>");
        Assert.Equal(2, result.Records.Count);
        Assert.All(result.Records, r => Assert.Equal("NIT_Script", r.Plugin));
        Assert.All(result.Records, r => Assert.Equal(NitStatus.Success, r.Status));
        Assert.Equal(1L, _calls[0].Args["a"]);
        Assert.Equal(2L, _calls[1].Args["b"]);
        Assert.Equal("hi  there ", result.VisibleText);
    }

    [Theory]
    [InlineData("<NIT>echo(a=1)</NIT>")]
    [InlineData("<Nit>echo(a=1)</nit>")]
    public async Task D02_tags_are_case_insensitive(string reply)
    {
        NitDispatchResult result = await _dispatcher.DispatchAsync(reply);
        Assert.Equal(NitStatus.Success, Assert.Single(result.Records).Status);
        Assert.Single(_calls);
    }

    [Fact]
    public async Task D04_handshake()
    {
        var options = new NitDispatchOptions { ExpectedId = "A1B2" };

        NitDispatchResult matching = await _dispatcher.DispatchAsync("<nit-a1b2>echo()</nit-a1b2>", options);
        Assert.Equal(NitStatus.Success, Assert.Single(matching.Records).Status);

        NitDispatchResult other = await _dispatcher.DispatchAsync("<nit-FFFF>echo()</nit-FFFF>", options);
        NitBlockResult blocked = Assert.Single(other.Records);
        Assert.Equal(NitStatus.Blocked, blocked.Status);
        Assert.Equal("安全拦截: NIT ID 不匹配 (预期 A1B2, 实际 FFFF)", blocked.Output);
        Assert.False(other.HasErrors);

        NitDispatchResult plain = await _dispatcher.DispatchAsync("<nit>echo()</nit>", options);
        NitBlockResult fallback = Assert.Single(plain.Records);
        Assert.Equal(NitStatus.Success, fallback.Status);
        Assert.NotNull(fallback.Warning);

        NitDispatchResult strict = await _dispatcher.DispatchAsync("<nit>echo()</nit>", new NitDispatchOptions { ExpectedId = "A1B2", StrictId = true });
        Assert.Equal(NitStatus.Blocked, Assert.Single(strict.Records).Status);

        Assert.Equal(2, _calls.Count); // only the matching and the fallback block ran
    }

    [Fact]
    public async Task D05_unclosed_block_is_not_run()
    {
        NitDispatchResult result = await _dispatcher.DispatchAsync("<nit>echo(a=1)");
        Assert.True(result.IsEmpty);
        Assert.Empty(_calls);
    }

    [Fact]
    public async Task D07_first_closer_ends_the_block()
    {
        NitBlockResult record = Assert.Single((await _dispatcher.DispatchAsync("<nit>echo(s=\"</nit>\")</nit>")).Records);
        Assert.Equal(NitStatus.Error, record.Status);
        Assert.StartsWith("Script Error: Lexer error at line 1, col 9: Unterminated string", record.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task D08_positions_are_relative_to_the_block()
    {
        NitBlockResult record = Assert.Single((await _dispatcher.DispatchAsync("<nit>\nfoo(a=@)\n</nit>")).Records);
        Assert.StartsWith("Script Error: Lexer error at line 2, col 7: Unexpected character: @", record.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<nit>READFILECONTENT(file_path=\"q\")</nit>")]
    [InlineData("<nit>Read_File_Content(file_path=\"q\")</nit>")]
    public async Task D10_names_are_normalised(string reply)
    {
        NitDispatchResult result = await _dispatcher.DispatchAsync(reply);
        Assert.Equal(NitStatus.Success, Assert.Single(result.Records).Status);
        var call = Assert.Single(_calls);
        Assert.Equal("read_file_content", call.Tool);
        Assert.Equal("q", call.Args["file_path"]);
    }

    [Fact]
    public async Task D11_unknown_tool_is_an_error()
    {
        NitBlockResult record = Assert.Single((await _dispatcher.DispatchAsync("<nit>nonexistent_tool(a=1)</nit>")).Records);
        Assert.Equal(NitStatus.Error, record.Status);
        Assert.Equal("Error: Plugin 'nonexistent_tool' (normalized: nonexistenttool) not found.", record.Execution!.Statements[0].Value);
    }

    [Fact]
    public async Task D13_auto_routing()
    {
        NitDispatchResult result = await _dispatcher.DispatchAsync("<nit>FileSearch(command=\"read_file_content\", file_path=\"z\")</nit>");
        Assert.Equal(NitStatus.Success, Assert.Single(result.Records).Status);
        var call = Assert.Single(_calls);
        Assert.Equal("read_file_content", call.Tool);
        Assert.Equal(["file_path"], call.Args.Keys);
        Assert.Equal("z", call.Args["file_path"]);
        Assert.NotNull(result.Records[0].Execution!.Statements[0].Warning); // the routing is reported
    }

    [Fact]
    public async Task D14_non_string_routing_value_does_not_crash()
    {
        NitBlockResult record = Assert.Single((await _dispatcher.DispatchAsync("<nit>unknown(tool=5)</nit>")).Records);
        Assert.Equal(NitStatus.Error, record.Status);
        Assert.Equal("Error: Plugin 'unknown' (normalized: unknown) not found.", record.Execution!.Statements[0].Value);
    }

    [Fact]
    public async Task D16_finish_task_inside_a_script_is_visible_to_the_loop()
    {
        NitDispatchResult result = await _dispatcher.DispatchAsync("<nit>finish_task(summary=\"bye\")</nit>");
        Assert.True(result.CalledTool("finish_task"));
        Assert.True(result.CalledTool("FinishTask"));
        Assert.Equal(["finish_task"], result.ExecutedTools);
    }

    [Fact]
    public async Task D17_dispatch_is_stateless_so_nothing_is_replayed()
    {
        // Turn 1 had native tool calls, so the agent does not dispatch its text; turn 2 is plain text.
        NitDispatchResult turn2 = await _dispatcher.DispatchAsync("all done");
        Assert.True(turn2.IsEmpty);
        Assert.Empty(_calls);
    }
}
