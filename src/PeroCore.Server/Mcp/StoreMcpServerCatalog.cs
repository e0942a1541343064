using System.Text.Json;
using PeroCore.Agent.Mcp;
using PeroCore.Memory.Storage;

namespace PeroCore.Server.Mcp;

/// <summary>
/// The MCP servers of the <c>mcp_config</c> table. Rows only get there through an authenticated <c>/api/mcp</c> request
/// (or the user's own import or migration on the command line), so no stdio command starts that the owner did not add.
/// </summary>
internal sealed class StoreMcpServerCatalog(IServiceProvider services) : IMcpServerCatalog
{
    /// <inheritdoc />
    public async Task<IReadOnlyList<McpServerDefinition>> ListEnabledAsync(CancellationToken cancellationToken)
    {
        var store = services.GetRequiredService<PeroStore>();
        var rows = await store.McpServers.ListAsync(cancellationToken).ConfigureAwait(false);
        return [.. rows.Where(r => r.Enabled).Select(ToDefinition)];
    }

    /// <summary>The definition a stored row describes.</summary>
    public static McpServerDefinition ToDefinition(McpConfigRecord row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return new McpServerDefinition
        {
            Name = row.Name,
            Transport = row.Type switch
            {
                "http" => McpTransportKind.Http,
                "sse" => McpTransportKind.Sse,
                _ => McpTransportKind.Stdio,
            },
            Command = row.Command,
            Arguments = Strings(row.ArgsJson),
            Environment = Map(row.EnvJson),
            Url = Uri.TryCreate(row.Url, UriKind.Absolute, out var url) ? url : null,
            Headers = Map(row.HeadersJson),
        };
    }

    private static List<string> Strings(string json)
    {
        using var document = JsonDocument.Parse(json);
        return [.. document.RootElement.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String ? e.GetString()! : e.GetRawText())];
    }

    private static Dictionary<string, string> Map(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText(), StringComparer.Ordinal);
    }
}
