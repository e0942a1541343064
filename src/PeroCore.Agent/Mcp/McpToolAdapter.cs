using System.Text;
using System.Text.Json;
using ModelContextProtocol.Protocol;
using PeroCore.Nit.Tools;

namespace PeroCore.Agent.Mcp;

/// <summary>
/// Turns an MCP tool into a <see cref="NitTool"/>: named <c>mcp_SERVER_TOOL</c> (a valid native function name), in plugin
/// SERVER with the tool's own name as a plugin alias (<c>SERVER.TOOL(...)</c> in NIT), its input schema as the native
/// schema, and its top-level properties declared as parameters so NIT arguments are converted to the declared types.
/// </summary>
internal static class McpToolAdapter
{
    /// <summary>The category of MCP tools.</summary>
    public const string Category = "mcp";

    public static NitTool Create(McpBridge bridge, string server, Tool tool, McpBridgeOptions options)
    {
        var builder = NitTool.Create(NativeName(server, tool.Name))
            .InPlugin(server, $"MCP: {server}", $"Tools of the MCP server '{server}'.")
            .InCategory(Category)
            .WithPluginAlias(tool.Name)
            .WithDescription(tool.Description ?? tool.Title ?? tool.Name)
            .AcceptAdditionalArguments()
            .WithTimeout(options.CallTimeout + options.ConnectTimeout + TimeSpan.FromSeconds(5));
        var schema = tool.InputSchema;
        if (schema.ValueKind == JsonValueKind.Object)
        {
            builder.WithJsonSchema(schema);
            var required = schema.TryGetProperty("required", out var r) && r.ValueKind == JsonValueKind.Array
                ? r.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!).ToHashSet(StringComparer.Ordinal)
                : [];
            if (schema.TryGetProperty("properties", out var properties) && properties.ValueKind == JsonValueKind.Object)
            {
                var seen = new HashSet<string>(StringComparer.Ordinal);
                foreach (var property in properties.EnumerateObject())
                {
                    if (!seen.Add(property.Name.Replace("_", string.Empty, StringComparison.Ordinal).Replace("-", string.Empty, StringComparison.Ordinal).ToUpperInvariant()))
                    {
                        continue; // two properties differing only by case or '_': the schema still has both
                    }

                    var description = property.Value.ValueKind == JsonValueKind.Object && property.Value.TryGetProperty("description", out var d) && d.ValueKind == JsonValueKind.String
                        ? d.GetString()
                        : null;
                    builder.WithParameter(property.Name, TypeOf(property.Value), description, required.Contains(property.Name));
                }
            }
        }

        return builder
            .Handle((call, ct) => new ValueTask<object?>(CallAsync(bridge, server, tool.Name, call, ct)))
            .Build();
    }

    /// <summary><c>mcp_SERVER_TOOL</c> with every character outside <c>[A-Za-z0-9_-]</c> replaced by <c>_</c>, at most 64 characters.</summary>
    public static string NativeName(string server, string tool)
    {
        var sb = new StringBuilder("mcp_");
        foreach (var c in server + "_" + tool)
        {
            sb.Append(char.IsAsciiLetterOrDigit(c) || c is '_' or '-' ? c : '_');
        }

        return sb.Length > 64 ? sb.ToString(0, 64) : sb.ToString();
    }

    private static async Task<object?> CallAsync(McpBridge bridge, string server, string tool, NitToolCall call, CancellationToken ct) =>
        await bridge.CallAsync(server, tool, call.Arguments, McpTexts.For(call), ct).ConfigureAwait(false);

    private static NitParameterType TypeOf(JsonElement property)
    {
        if (property.ValueKind != JsonValueKind.Object || !property.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String)
        {
            return NitParameterType.Any;
        }

        return type.GetString() switch
        {
            "string" => NitParameterType.String,
            "integer" => NitParameterType.Integer,
            "number" => NitParameterType.Number,
            "boolean" => NitParameterType.Boolean,
            "array" => NitParameterType.Array,
            "object" => NitParameterType.Object,
            _ => NitParameterType.Any,
        };
    }
}
