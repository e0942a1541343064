using System.ComponentModel;
using System.Text.Json;

namespace PeroCore.Server.Api;

/// <summary>The body of <c>POST /api/mcp</c> and <c>PUT|PATCH /api/mcp/{id}</c> (on PUT and PATCH every field is optional).</summary>
internal sealed record McpServerBody(
    [property: Description("Unique name; NIT calls its tools as name.tool(...).")] string Name,
    [property: Description("\"stdio\", \"sse\" (Streamable HTTP, falling back to legacy SSE) or \"http\" (Streamable HTTP). Inferred from command/url when missing.")] string? Type,
    [property: Description("The executable of a stdio server; started with args as an argument list, never through a shell.")] string? Command,
    [property: Description("A JSON array, or its text as the original sent it (\"[\\\"-y\\\"]\").")] JsonElement? Args,
    [property: Description("A JSON object of environment variables, or its text. Values are masked on read; a masked value sent back keeps the stored one.")] JsonElement? Env,
    [property: Description("The endpoint of an sse or http server.")] string? Url,
    [property: Description("A JSON object of HTTP headers (Authorization, API keys), or its text; masked on read like env.")] JsonElement? Headers,
    bool? Enabled);

/// <summary>One MCP server as <c>/api/mcp</c> returns it (the original's row; args, env and headers as JSON text, values of env and headers masked).</summary>
internal sealed record McpServerJson(
    long Id,
    string Name,
    string Type,
    string? Command,
    string Args,
    string Env,
    string? Url,
    bool Enabled,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string Headers);

/// <summary>The answer of <c>GET /api/nit/status</c>: the original's keys, then the connected MCP servers.</summary>
internal sealed record NitStatusJson(
    string NitVersion,
    int PluginsCount,
    int ActiveMcpCount,
    IReadOnlyList<NitPluginJson> Plugins,
    IReadOnlyList<McpActiveServerJson> McpServers);

/// <summary>A plugin in <see cref="NitStatusJson"/>.</summary>
internal sealed record NitPluginJson(string Name, string Category, IReadOnlyList<string> Tools);

/// <summary>A connected MCP server in <see cref="NitStatusJson"/>.</summary>
internal sealed record McpActiveServerJson(string Name, string Type, IReadOnlyList<string> Tools);

/// <summary>The body of <c>POST /api/confirmations/{id}</c>.</summary>
internal sealed record ConfirmationBody([property: Description("true runs the action, false refuses it.")] bool Approved);

/// <summary>The answer of <c>POST /api/confirmations/{id}</c>.</summary>
internal sealed record ConfirmationResponse(string Status, string Id, bool Approved);
