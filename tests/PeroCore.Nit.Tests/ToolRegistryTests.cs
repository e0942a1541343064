using System.Text.Json;
using PeroCore.Nit.Tools;

namespace PeroCore.Nit.Tests;

/// <summary>The tool registry: lookup, suggestions, argument checking, platforms, documentation, JSON schema, native calls.</summary>
public sealed class ToolRegistryTests
{
    private static NitTool ReadFile(string plugin = "FileSearch", Func<NitToolCall, object?>? handler = null) => NitTool.Create("read_file_content")
        .WithDescription("Read a text file.")
        .InPlugin(plugin, $"文件搜索 ({plugin})", "Find and read files.")
        .WithParameter("file_path", NitParameterType.String, "Path of the file.", required: true)
        .WithOptionalParameter("max_length", NitParameterType.Integer, 10000L, "Maximum characters.")
        .Handle(handler ?? (call => call.Arguments))
        .Build();

    private static NitToolRegistry Registry(params NitTool[] tools)
    {
        var registry = new NitToolRegistry(NitPlatforms.Linux);
        registry.AddRange(tools);
        return registry;
    }

    [Theory]
    [InlineData("read_file_content")]
    [InlineData("READFILECONTENT")]
    [InlineData("Read-File_Content")]
    [InlineData("FileSearch.read_file_content")]
    [InlineData("filesearch.ReadFileContent")]
    [InlineData("C:\\tools\\read_file_content")]
    public void Names_match_ignoring_case_underscores_and_paths(string name)
        => Assert.Equal("read_file_content", Registry(ReadFile()).Find(name)?.Name);

    [Fact]
    public async Task A_plugin_alias_answers_only_qualified_by_its_plugin()
    {
        var registry = new NitToolRegistry();
        registry.Add(NitTool.Create("save_memory").Handle(_ => "core").Build());
        registry.Add(NitTool.Create("mcp_srv_save_memory").InPlugin("srv").WithPluginAlias("save_memory").Handle(_ => "mcp").Build());

        Assert.Equal("core", (await registry.InvokeAsync("save_memory", null)).Value);
        Assert.Equal("mcp", (await registry.InvokeAsync("srv.save_memory", null)).Value);
        Assert.Equal("mcp", (await registry.InvokeAsync("mcp_srv_save_memory", null)).Value);
        Assert.Equal("save_memory", registry.Find("save_memory")!.Name);
    }

    [Fact]
    public async Task Aliases_resolve()
    {
        NitToolRegistry registry = Registry(NitTool.Create("update_character_status").WithAlias("update_status").WithAlias("set_status").AcceptAdditionalArguments().Handle(_ => "ok").Build());
        Assert.True((await registry.InvokeAsync("setStatus", null)).IsSuccess);
        Assert.Equal("update_character_status", registry.Find("update_status")!.Name);
    }

    [Fact]
    public async Task Unknown_names_get_suggestions()
    {
        NitToolOutcome outcome = await Registry(ReadFile()).InvokeAsync("read_file_contnt", null);
        Assert.Equal(NitToolOutcomeKind.NotFound, outcome.Kind);
        Assert.Equal("Plugin 'read_file_contnt' (normalized: readfilecontnt) not found. Did you mean: read_file_content?", outcome.Error);
        Assert.Equal("Error: " + outcome.Error, outcome.ResultValue);
        Assert.Equal(["read_file_content"], Registry(ReadFile()).Suggest("readfile"));
    }

    [Fact]
    public async Task Same_tool_in_two_plugins_is_ambiguous_by_short_name()
    {
        NitToolRegistry registry = Registry(ReadFile("FileSearch", _ => "search"), ReadFile("FileOps", _ => "ops"));
        NitToolOutcome ambiguous = await registry.InvokeAsync("read_file_content", new Dictionary<string, object?> { ["file_path"] = "x" });
        Assert.Equal("Tool 'read_file_content' is ambiguous; use one of: FileSearch.read_file_content, FileOps.read_file_content.", ambiguous.Error);
        Assert.Equal("ops", (await registry.InvokeAsync("FileOps.read_file_content", new Dictionary<string, object?> { ["file_path"] = "x" })).Value);
        Assert.Null(registry.Find("read_file_content"));
    }

    [Fact]
    public void Duplicate_registration_throws()
    {
        NitToolRegistry registry = Registry(ReadFile());
        Assert.Throws<InvalidOperationException>(() => registry.Add(ReadFile()));
        Assert.True(registry.Remove("FileSearch.Read_File_Content"));
        registry.Add(ReadFile());
        Assert.Equal(1, registry.Count);
    }

    [Fact]
    public async Task Plugin_names_get_the_category_hint()
    {
        NitToolOutcome outcome = await Registry(ReadFile()).InvokeAsync("FileSearch", new Dictionary<string, object?> { ["a"] = 1L });
        Assert.Equal("'FileSearch' is a Plugin Category, not a Tool. Did you mean to use one of these tools? read_file_content", outcome.Error);
    }

    [Fact]
    public async Task Arguments_are_mapped_converted_and_completed()
    {
        NitToolOutcome outcome = await Registry(ReadFile()).InvokeAsync("read_file_content", new Dictionary<string, object?> { ["filePath"] = "/tmp/a", ["MAX_LENGTH"] = "20" });
        Assert.True(outcome.IsSuccess);
        Assert.Equal("/tmp/a", outcome.Arguments!["file_path"]);
        Assert.Equal(20L, outcome.Arguments["max_length"]);

        NitToolOutcome defaults = await Registry(ReadFile()).InvokeAsync("read_file_content", new Dictionary<string, object?> { ["file_path"] = "/tmp/a" });
        Assert.Equal(10000L, defaults.Arguments!["max_length"]);
    }

    [Fact]
    public async Task Invalid_arguments_name_the_parameter()
    {
        NitToolRegistry registry = Registry(ReadFile());
        NitToolOutcome missing = await registry.InvokeAsync("read_file_content", new Dictionary<string, object?> { ["fle_path"] = "x" });
        Assert.Equal(NitToolOutcomeKind.InvalidArguments, missing.Kind);
        Assert.Equal("Missing required parameter 'file_path' for tool 'read_file_content'. Unknown arguments given: fle_path.", missing.Error);

        NitToolOutcome wrongType = await registry.InvokeAsync("read_file_content", new Dictionary<string, object?> { ["file_path"] = "x", ["max_length"] = "lots" });
        Assert.Equal("Invalid value for parameter 'max_length' of tool 'read_file_content': expected integer, got string \"lots\".", wrongType.Error);

        NitToolOutcome list = await registry.InvokeAsync("read_file_content", new Dictionary<string, object?> { ["file_path"] = new List<object?> { "a" } });
        Assert.Equal("Invalid value for parameter 'file_path' of tool 'read_file_content': expected string, got list.", list.Error);
        Assert.False(list.WasInvoked);
    }

    [Fact]
    public async Task Unknown_arguments_are_dropped_with_a_warning_unless_accepted()
    {
        NitToolOutcome dropped = await Registry(ReadFile()).InvokeAsync("read_file_content", new Dictionary<string, object?> { ["file_path"] = "x", ["mood"] = "happy" });
        Assert.True(dropped.IsSuccess);
        Assert.False(dropped.Arguments!.ContainsKey("mood"));
        Assert.Equal("ignored unknown argument(s): mood", dropped.Warning);

        NitToolOutcome kept = await Registry(NitTestTools.CreateEcho()).InvokeAsync("echo", new Dictionary<string, object?> { ["mood"] = "happy" });
        Assert.Equal("happy", kept.Arguments!["mood"]);
    }

    [Theory]
    [InlineData(NitParameterType.Integer, "42", 42L)]
    [InlineData(NitParameterType.Integer, 3.0, 3L)]
    [InlineData(NitParameterType.Number, 2L, 2.0)]
    [InlineData(NitParameterType.Number, " 2.5 ", 2.5)]
    [InlineData(NitParameterType.Boolean, "Yes", true)]
    [InlineData(NitParameterType.Boolean, 0L, false)]
    [InlineData(NitParameterType.String, 7L, "7")]
    [InlineData(NitParameterType.String, 1.0, "1.0")]
    [InlineData(NitParameterType.String, true, "true")]
    public async Task Values_are_converted_to_declared_types(NitParameterType type, object given, object expected)
    {
        NitToolRegistry registry = Registry(NitTool.Create("t").WithParameter("v", type).Handle(call => call["v"]).Build());
        NitToolOutcome outcome = await registry.InvokeAsync("t", new Dictionary<string, object?> { ["v"] = given });
        Assert.Equal(expected, outcome.Value);
    }

    [Fact]
    public async Task Arrays_and_objects_accept_json_text()
    {
        NitToolRegistry registry = Registry(NitTool.Create("t")
            .WithParameter("list", NitParameterType.Array)
            .WithParameter("obj", NitParameterType.Object)
            .WithParameter("single", NitParameterType.Array)
            .Handle(call => call.Arguments).Build());
        NitToolOutcome outcome = await registry.InvokeAsync("t", new Dictionary<string, object?> { ["list"] = "[1, \"a\"]", ["obj"] = "{\"k\": [true]}", ["single"] = "x" });
        Assert.Equal(new List<object?> { 1L, "a" }, outcome.Arguments!["list"]);
        var obj = Assert.IsAssignableFrom<IReadOnlyDictionary<string, object?>>(outcome.Arguments["obj"]);
        Assert.Equal(new List<object?> { true }, obj["k"]);
        Assert.Equal(new List<object?> { "x" }, outcome.Arguments["single"]);
    }

    [Fact]
    public async Task Tools_for_other_platforms_are_hidden_and_refused()
    {
        NitToolRegistry registry = Registry(NitTool.Create("windows_operation").OnPlatforms(NitPlatforms.Windows).InPlugin("WindowsOps").Handle(_ => "x").Build(), ReadFile());
        NitToolOutcome outcome = await registry.InvokeAsync("windows_operation", null);
        Assert.Equal(NitToolOutcomeKind.Unavailable, outcome.Kind);
        Assert.Equal("Tool 'windows_operation' is not available on this platform (linux).", outcome.Error);
        Assert.DoesNotContain("windows_operation", registry.RenderDocumentation(), StringComparison.Ordinal);
        Assert.Equal(1, registry.GetFunctionDefinitions().GetArrayLength());
    }

    [Fact]
    public async Task Execution_time_gate_disables_tools()
    {
        var context = new NitExecutionContext { ToolFilter = t => t.Plugin != "FileSearch" };
        NitToolOutcome outcome = await Registry(ReadFile()).InvokeAsync("read_file_content", new Dictionary<string, object?> { ["file_path"] = "x" }, context);
        Assert.Equal("Tool 'read_file_content' is disabled.", outcome.Error);
        Assert.False(outcome.WasInvoked);
    }

    [Fact]
    public async Task Additional_tools_are_searched_first()
    {
        NitToolRegistry extra = Registry(NitTool.Create("read_file_content").AcceptAdditionalArguments().Handle(_ => "from mcp").Build());
        NitToolOutcome outcome = await Registry(ReadFile()).InvokeAsync("read_file_content", new Dictionary<string, object?> { ["file_path"] = "x" }, new NitExecutionContext { AdditionalTools = extra });
        Assert.Equal("from mcp", outcome.Value);
    }

    [Fact]
    public void Documentation_for_the_prompt()
    {
        NitToolRegistry registry = Registry(
            ReadFile(),
            NitTool.Create("finish_task").WithDescription("结束任务。").InPlugin("SystemControl", "任务控制 (SystemControl)")
                .WithParameter("summary", NitParameterType.String, required: true)
                .WithOptionalParameter("status", NitParameterType.String, "success")
                .Handle(_ => null).Build(),
            NitTool.Create("secret").InCategory("work").Handle(_ => null).Build());

        Assert.Equal(
            "### 文件搜索 (FileSearch)\n"
            + "- **简介**: Find and read files.\n"
            + "- **能力列表**:\n"
            + "  - `read_file_content`: Read a text file. (Args: file_path: string, max_length?: integer = 10000)\n"
            + "    - `file_path`: Path of the file.\n"
            + "    - `max_length`: Maximum characters.\n"
            + "\n"
            + "### 任务控制 (SystemControl)\n"
            + "- **能力列表**:\n"
            + "  - `finish_task`: 结束任务。 (Args: summary: string, status?: string = \"success\")",
            registry.RenderDocumentation(categories: ["core"]));
        Assert.Contains("`secret`", registry.RenderDocumentation(categories: ["work"]), StringComparison.Ordinal);
    }

    [Fact]
    public void Json_schema_for_native_function_calling()
    {
        NitTool tool = ReadFile();
        Assert.Equal(
            """{"type":"object","properties":{"file_path":{"type":"string","description":"Path of the file."},"max_length":{"type":"integer","description":"Maximum characters.","default":10000}},"required":["file_path"],"additionalProperties":false}""",
            tool.ParametersSchema.GetRawText());
        JsonElement function = tool.FunctionDefinition;
        Assert.Equal("function", function.GetProperty("type").GetString());
        Assert.Equal("read_file_content", function.GetProperty("function").GetProperty("name").GetString());
        Assert.Equal("Read a text file.", function.GetProperty("function").GetProperty("description").GetString());
    }

    [Fact]
    public void Mcp_style_tools_can_bring_their_own_schema()
    {
        using JsonDocument input = JsonDocument.Parse("""{"type":"object","properties":{"q":{"type":"string","minLength":1}},"required":["q"]}""");
        NitTool tool = NitTool.Create("mcp_search").WithJsonSchema(input.RootElement)
            .WithParameter("q", NitParameterType.String, required: true).Handle(_ => null).Build();
        Assert.Equal(input.RootElement.GetRawText(), tool.ParametersSchema.GetRawText());
        Assert.Equal(1, tool.FunctionDefinition.GetProperty("function").GetProperty("parameters").GetProperty("properties").GetProperty("q").GetProperty("minLength").GetInt32());
    }

    [Fact]
    public async Task Native_calls_go_through_the_same_validation()
    {
        NitToolRegistry registry = Registry(ReadFile());
        NitToolOutcome ok = await registry.InvokeJsonAsync("read_file_content", """{"file_path": "/a", "max_length": 5}""");
        Assert.Equal(5L, ok.Arguments!["max_length"]);
        Assert.Equal("/a", ok.Arguments["file_path"]);

        Assert.Equal("Missing required parameter 'file_path' for tool 'read_file_content'.", (await registry.InvokeJsonAsync("read_file_content", "{}")).Error);
        Assert.Equal(NitToolOutcomeKind.InvalidArguments, (await registry.InvokeJsonAsync("read_file_content", "{oops")).Kind);
        Assert.Equal("Arguments for tool 'read_file_content' must be a JSON object.", (await registry.InvokeJsonAsync("read_file_content", "[1]")).Error);
        Assert.Equal(NitToolOutcomeKind.InvalidArguments, (await registry.InvokeJsonAsync("read_file_content", null)).Kind);
    }

    [Fact]
    public async Task Exceptions_become_failures()
    {
        NitToolRegistry registry = Registry(
            NitTool.Create("sync_boom").Handle(_ => throw new IOException("disk")).Build(),
            NitTool.Create("async_boom").Handle(async (_, ct) =>
            {
                await Task.Yield();
                throw new InvalidOperationException("later");
            }).Build(),
            NitTool.Create("blocking").HandleBlocking((_, _) => Environment.CurrentManagedThreadId).Build());

        NitToolOutcome sync = await registry.InvokeAsync("sync_boom", null);
        Assert.Equal((NitToolOutcomeKind.Failed, "disk"), (sync.Kind, sync.Error));
        Assert.True(sync.WasInvoked);
        NitToolOutcome async = await registry.InvokeAsync("async_boom", null);
        Assert.Equal((NitToolOutcomeKind.Failed, "later"), (async.Kind, async.Error));
        Assert.True((await registry.InvokeAsync("blocking", null)).IsSuccess);
    }

    [Fact]
    public async Task Timeouts_return_even_when_the_tool_ignores_cancellation()
    {
        var never = new TaskCompletionSource<object?>();
        NitToolRegistry registry = Registry(
            NitTool.Create("stuck").WithTimeout(TimeSpan.FromMilliseconds(30)).Handle((_, _) => new ValueTask<object?>(never.Task)).Build(),
            NitTool.Create("polite").WithTimeout(TimeSpan.FromMilliseconds(30)).Handle(async (_, ct) =>
            {
                await Task.Delay(Timeout.Infinite, ct);
                return null;
            }).Build());

        NitToolOutcome stuck = await registry.InvokeAsync("stuck", null);
        Assert.Equal(NitToolOutcomeKind.TimedOut, stuck.Kind);
        Assert.Equal("Tool 'stuck' timed out after 30 ms.", stuck.Error);
        Assert.Equal(NitToolOutcomeKind.TimedOut, (await registry.InvokeAsync("polite", null)).Kind);
    }

    [Fact]
    public async Task Caller_cancellation_propagates()
    {
        NitToolRegistry registry = Registry(NitTool.Create("wait").Handle(async (_, ct) =>
        {
            await Task.Delay(Timeout.Infinite, ct);
            return null;
        }).Build());
        using var cts = new CancellationTokenSource();
        ValueTask<NitToolOutcome> pending = registry.InvokeAsync("wait", null, null, cts.Token);
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await pending);
    }

    [Fact]
    public void Builder_refuses_clashing_parameters_and_missing_handlers()
    {
        Assert.Throws<ArgumentException>(() => NitTool.Create("t").WithParameter("file_path", NitParameterType.String).WithParameter("filePath", NitParameterType.String));
        Assert.Throws<InvalidOperationException>(() => NitTool.Create("t").Build());
        Assert.Throws<ArgumentException>(() => NitTool.Create(" "));
    }
}
