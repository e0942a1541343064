using System.Text.Json;
using ModelContextProtocol.Protocol;
using PeroCore.Nit;
using PeroCore.Nit.Tools;

namespace PeroCore.Server.Mcp;

/// <summary>
/// PeroCore as an MCP server: every tool of plugin <see cref="Plugin"/> in the chat's tool registry, adapted generically
/// (name, description and JSON schema from the <see cref="NitTool"/>; a call runs through the registry, with the same
/// argument checks as NIT and native calls). A failed call is an MCP tool error (<c>isError</c>), not a protocol error.
/// </summary>
internal sealed class MemoryMcpTools(NitToolRegistry registry)
{
    /// <summary>The plugin whose tools are served.</summary>
    public const string Plugin = "MemoryOps";

    /// <summary>The served tools.</summary>
    public IEnumerable<NitTool> Tools =>
        registry.Tools.Where(t => string.Equals(t.Plugin, Plugin, StringComparison.OrdinalIgnoreCase));

    /// <summary>The tool list.</summary>
    public ListToolsResult List() => new()
    {
        Tools = [.. Tools.Select(t => new Tool { Name = t.Name, Description = t.Description, InputSchema = t.ParametersSchema })],
    };

    /// <summary>Runs one call.</summary>
    public async ValueTask<CallToolResult> CallAsync(CallToolRequestParams? request, CancellationToken cancellationToken)
    {
        var name = request?.Name ?? string.Empty;
        var tool = Tools.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.Ordinal));
        if (tool is null)
        {
            return Error($"Unknown tool '{name}'. The tools are: {string.Join(", ", Tools.Select(t => t.Name))}.");
        }

        var arguments = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (key, value) in request?.Arguments ?? new Dictionary<string, JsonElement>())
        {
            arguments[key] = FromJson(value);
        }

        var outcome = await registry.InvokeAsync(tool.QualifiedName, arguments, NitExecutionContext.Empty, cancellationToken).ConfigureAwait(false);
        return outcome.IsSuccess
            ? new CallToolResult { Content = [new TextContentBlock { Text = outcome.ToString() }] }
            : Error(outcome.Error ?? outcome.ToString());
    }

    /// <summary>A JSON value as the NIT value kinds tools receive (string, long, double, bool, lists, objects).</summary>
    private static object? FromJson(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number => value.TryGetInt64(out var l) ? l : value.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Array => value.EnumerateArray().Select(FromJson).ToList(),
        JsonValueKind.Object => value.EnumerateObject().ToDictionary(p => p.Name, p => FromJson(p.Value), StringComparer.Ordinal),
        _ => null,
    };

    private static CallToolResult Error(string text) => new() { IsError = true, Content = [new TextContentBlock { Text = text }] };
}
