using System.Text.Json;

namespace PeroCore.Nit.Tools;

/// <summary>
/// Fluent builder for a <see cref="NitTool"/>:
/// <code>
/// NitTool tool = NitTool.Create("read_file_content")
///     .WithDescription("Read a text file.")
///     .InPlugin("FileSearch", "文件搜索 (FileSearch)")
///     .WithParameter("file_path", NitParameterType.String, "Path of the file.", required: true)
///     .WithOptionalParameter("max_length", NitParameterType.Integer, 10000L, "Maximum characters.")
///     .Handle(async (call, ct) => await ReadAsync(call.GetString("file_path")!, ct))
///     .Build();
/// </code>
/// </summary>
public sealed class NitToolBuilder
{
    internal NitToolBuilder(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ToolName = name.Trim();
    }

    internal string ToolName { get; }

    internal string? ToolDescription { get; private set; }

    internal string? PluginName { get; private set; }

    internal string? PluginDisplay { get; private set; }

    internal string? PluginText { get; private set; }

    internal string ToolCategory { get; private set; } = "core";

    internal List<string> AliasList { get; } = [];

    internal List<string> PluginAliasList { get; } = [];

    internal List<NitParameter> ParameterList { get; } = [];

    internal NitPlatforms ToolPlatforms { get; private set; } = NitPlatforms.All;

    internal TimeSpan? ToolTimeout { get; private set; }

    internal bool AdditionalArguments { get; private set; }

    internal Func<NitToolCall, CancellationToken, ValueTask<object?>>? ToolHandler { get; private set; }

    internal bool InlineHandler { get; private set; }

    internal JsonElement? RawSchema { get; private set; }

    /// <summary>Sets the description shown in the prompt and the schema.</summary>
    public NitToolBuilder WithDescription(string description)
    {
        ToolDescription = description;
        return this;
    }

    /// <summary>Places the tool in a plugin: enables <c>Plugin.tool</c> calls, the category hint and the prompt heading.</summary>
    public NitToolBuilder InPlugin(string plugin, string? displayName = null, string? description = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(plugin);
        PluginName = plugin;
        PluginDisplay = displayName;
        PluginText = description;
        return this;
    }

    /// <summary>Sets the category (default <c>core</c>).</summary>
    public NitToolBuilder InCategory(string category)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(category);
        ToolCategory = category;
        return this;
    }

    /// <summary>Adds another name for the tool.</summary>
    public NitToolBuilder WithAlias(string alias)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(alias);
        AliasList.Add(alias);
        return this;
    }

    /// <summary>
    /// Adds a name that calls the tool only as <c>Plugin.alias</c> (e.g. an MCP server's own tool name, <c>server.search</c>),
    /// so it never competes with the short names of other tools. Needs <see cref="InPlugin"/>.
    /// </summary>
    public NitToolBuilder WithPluginAlias(string alias)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(alias);
        PluginAliasList.Add(alias);
        return this;
    }

    /// <summary>Declares a parameter without a default.</summary>
    public NitToolBuilder WithParameter(string name, NitParameterType type, string? description = null, bool required = false)
        => AddParameter(new NitParameter(name, type, description, required, hasDefault: false, defaultValue: null));

    /// <summary>Declares an optional parameter whose default is filled in when the argument is missing.</summary>
    public NitToolBuilder WithOptionalParameter(string name, NitParameterType type, object? defaultValue, string? description = null)
        => AddParameter(new NitParameter(name, type, description, required: false, hasDefault: true, defaultValue));

    /// <summary>Passes arguments that match no parameter through unchanged (like Python's <c>**kwargs</c>).</summary>
    public NitToolBuilder AcceptAdditionalArguments(bool accept = true)
    {
        AdditionalArguments = accept;
        return this;
    }

    /// <summary>Restricts the tool to some operating systems.</summary>
    public NitToolBuilder OnPlatforms(NitPlatforms platforms)
    {
        ToolPlatforms = platforms;
        return this;
    }

    /// <summary>Sets the per-call timeout (null: the registry default; <see cref="Timeout.InfiniteTimeSpan"/>: none).</summary>
    public NitToolBuilder WithTimeout(TimeSpan? timeout)
    {
        ToolTimeout = timeout;
        return this;
    }

    /// <summary>
    /// Uses this JSON schema (an object schema, e.g. an MCP tool's <c>inputSchema</c>) for
    /// <see cref="NitTool.ParametersSchema"/> and <see cref="NitTool.FunctionDefinition"/> instead of the one generated
    /// from the declared parameters. Argument checking still uses the declared parameters.
    /// </summary>
    public NitToolBuilder WithJsonSchema(JsonElement schema)
    {
        if (schema.ValueKind != JsonValueKind.Object)
        {
            throw new ArgumentException("A parameters schema must be a JSON object.", nameof(schema));
        }

        RawSchema = schema.Clone();
        return this;
    }

    /// <summary>Sets an asynchronous handler.</summary>
    public NitToolBuilder Handle(Func<NitToolCall, CancellationToken, ValueTask<object?>> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        ToolHandler = handler;
        InlineHandler = false;
        return this;
    }

    /// <summary>
    /// Sets a quick synchronous handler, run inline on the caller's thread without timeout machinery (it cannot be
    /// interrupted anyway). Use <see cref="HandleBlocking"/> for slow or blocking work.
    /// </summary>
    public NitToolBuilder Handle(Func<NitToolCall, object?> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        ToolHandler = (call, _) => ValueTask.FromResult(handler(call));
        InlineHandler = true;
        return this;
    }

    /// <summary>Sets a blocking synchronous handler, run on the thread pool so it never stalls the caller.</summary>
    public NitToolBuilder HandleBlocking(Func<NitToolCall, CancellationToken, object?> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        ToolHandler = (call, ct) => new ValueTask<object?>(Task.Run(() => handler(call, ct), ct));
        InlineHandler = false;
        return this;
    }

    /// <summary>Creates the immutable tool.</summary>
    public NitTool Build() => new(this);

    private NitToolBuilder AddParameter(NitParameter parameter)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(parameter.Name);
        foreach (NitParameter existing in ParameterList)
        {
            if (existing.NormalizedName == parameter.NormalizedName)
            {
                throw new ArgumentException($"Tool '{ToolName}' already declares a parameter '{existing.Name}' matching '{parameter.Name}'.", nameof(parameter));
            }
        }

        ParameterList.Add(parameter);
        return this;
    }
}
