using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using PeroCore.Nit.Values;

namespace PeroCore.Nit.Tools;

/// <summary>
/// A registered tool: name, documentation, typed parameters, platforms, timeout and the handler. Immutable;
/// build one with <see cref="Create(string)"/>.
/// </summary>
public sealed class NitTool
{
    internal NitTool(NitToolBuilder b)
    {
        Name = b.ToolName;
        Description = b.ToolDescription ?? string.Empty;
        Plugin = b.PluginName;
        PluginDisplayName = b.PluginDisplay;
        PluginDescription = b.PluginText;
        Category = b.ToolCategory;
        Aliases = b.AliasList.ToArray();
        PluginAliases = b.PluginName is null ? [] : b.PluginAliasList.ToArray();
        Parameters = b.ParameterList.ToArray();
        Platforms = b.ToolPlatforms;
        Timeout = b.ToolTimeout;
        AcceptsAdditionalArguments = b.AdditionalArguments;
        Handler = b.ToolHandler ?? throw new InvalidOperationException($"Tool '{b.ToolName}' has no handler.");
        IsInline = b.InlineHandler;
        QualifiedName = Plugin is null ? Name : Plugin + "." + Name;
        ParametersSchema = b.RawSchema ?? BuildSchema();
        FunctionDefinition = BuildFunctionDefinition();
    }

    /// <summary>The name scripts call (e.g. <c>read_file_content</c>). Lookup ignores case, <c>_</c> and <c>-</c>.</summary>
    public string Name { get; }

    /// <summary>One-line description for the prompt and the JSON schema.</summary>
    public string Description { get; }

    /// <summary>The plugin (category hint and <c>Plugin.tool</c> alias), or null.</summary>
    public string? Plugin { get; }

    /// <summary>The plugin heading in the prompt (e.g. <c>文件搜索 (FileSearch)</c>).</summary>
    public string? PluginDisplayName { get; }

    /// <summary>The plugin summary line in the prompt.</summary>
    public string? PluginDescription { get; }

    /// <summary>The category (<c>core</c>, <c>work</c>, <c>plugins</c>...), used to select what the prompt advertises.</summary>
    public string Category { get; }

    /// <summary>Other names that call this tool (e.g. <c>update_status</c>).</summary>
    public IReadOnlyList<string> Aliases { get; }

    /// <summary>Names that call this tool only qualified by its plugin (<c>Plugin.alias</c>).</summary>
    public IReadOnlyList<string> PluginAliases { get; }

    /// <summary>Declared parameters in declaration order.</summary>
    public IReadOnlyList<NitParameter> Parameters { get; }

    /// <summary>Where the tool can run.</summary>
    public NitPlatforms Platforms { get; }

    /// <summary>The per-call timeout, or null to use the registry's default.</summary>
    public TimeSpan? Timeout { get; }

    /// <summary>
    /// True when arguments matching no parameter are passed through unchanged (Python's <c>**kwargs</c>);
    /// otherwise they are dropped with a warning.
    /// </summary>
    public bool AcceptsAdditionalArguments { get; }

    /// <summary>The handler. Receives arguments already mapped, converted and completed with defaults.</summary>
    public Func<NitToolCall, CancellationToken, ValueTask<object?>> Handler { get; }

    /// <summary>True for a quick synchronous handler (<see cref="NitToolBuilder.Handle(Func{NitToolCall, object?})"/>), run without timeout.</summary>
    internal bool IsInline { get; }

    /// <summary><c>Plugin.Name</c>, or <see cref="Name"/> without a plugin; unique in a registry.</summary>
    public string QualifiedName { get; }

    /// <summary>The JSON schema of the arguments object (<c>{"type":"object","properties":...}</c>).</summary>
    public JsonElement ParametersSchema { get; }

    /// <summary>An OpenAI-style function definition: <c>{"type":"function","function":{name,description,parameters}}</c>.</summary>
    public JsonElement FunctionDefinition { get; }

    /// <summary>Starts building a tool.</summary>
    public static NitToolBuilder Create(string name) => new(name);

    /// <summary>Finds a parameter by exact name, else by normalised name (<c>filePath</c> finds <c>file_path</c>).</summary>
    public NitParameter? FindParameter(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        foreach (NitParameter p in Parameters)
        {
            if (string.Equals(p.Name, name, StringComparison.Ordinal))
            {
                return p;
            }
        }

        string normalized = NitNames.Normalize(name);
        foreach (NitParameter p in Parameters)
        {
            if (string.Equals(p.NormalizedName, normalized, StringComparison.Ordinal))
            {
                return p;
            }
        }

        return null;
    }

    /// <inheritdoc/>
    public override string ToString() => QualifiedName;

    internal static string TypeName(NitParameterType type) => type switch
    {
        NitParameterType.String => "string",
        NitParameterType.Integer => "integer",
        NitParameterType.Number => "number",
        NitParameterType.Boolean => "boolean",
        NitParameterType.Array => "array",
        NitParameterType.Object => "object",
        _ => "any",
    };

    private JsonElement BuildSchema() => WriteJson(WriteSchema);

    private JsonElement BuildFunctionDefinition() => WriteJson(writer =>
    {
        writer.WriteStartObject();
        writer.WriteString("type", "function");
        writer.WriteStartObject("function");
        writer.WriteString("name", Name);
        writer.WriteString("description", Description);
        writer.WritePropertyName("parameters");
        ParametersSchema.WriteTo(writer);
        writer.WriteEndObject();
        writer.WriteEndObject();
    });

    private void WriteSchema(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("type", "object");
        writer.WriteStartObject("properties");
        foreach (NitParameter p in Parameters)
        {
            writer.WriteStartObject(p.Name);
            if (p.Type != NitParameterType.Any)
            {
                writer.WriteString("type", TypeName(p.Type));
            }

            if (p.Description is not null)
            {
                writer.WriteString("description", p.Description);
            }

            if (p.HasDefault)
            {
                writer.WritePropertyName("default");
                NitValueFormatter.WriteJson(writer, p.DefaultValue, 0);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndObject();
        writer.WriteStartArray("required");
        foreach (NitParameter p in Parameters)
        {
            if (p.Required)
            {
                writer.WriteStringValue(p.Name);
            }
        }

        writer.WriteEndArray();
        if (!AcceptsAdditionalArguments)
        {
            writer.WriteBoolean("additionalProperties", false);
        }

        writer.WriteEndObject();
    }

    private static JsonElement WriteJson(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            write(writer);
        }

        using JsonDocument document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }
}
