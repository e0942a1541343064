using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace PeroCore.Server.Api;

// The shapes of the request bodies as the OpenAPI document shows them. The endpoints read their bodies with JsonBody
// (field-naming errors, limits), so these records are never bound: they only describe the wire (Accepts<T>).

/// <summary>The body of <c>POST /api/chat</c>.</summary>
internal sealed record ChatBody(
    [property: Description("OpenAI-style messages: {role, content} where content is a string or an array of {type:\"text\", text} parts.")] IReadOnlyList<ChatBodyMessage> Messages,
    [property: Description("Whose history this is (default \"desktop\").")] string? Source,
    [property: JsonPropertyName("sessionId"), Description("The session (default \"default\"); session_id is accepted too.")] string? SessionId);

/// <summary>One chat message.</summary>
internal sealed record ChatBodyMessage(string Role, [property: Description("A string, or an array of {type:\"text\", text} parts.")] JsonElement Content);

/// <summary>The body of <c>POST /api/task/{session}/inject</c>.</summary>
internal sealed record InjectBody([property: Description("The instruction for the running chat (message or text are accepted too); missing or blank is a 400.")] string Instruction);

/// <summary>The body of <c>POST /api/companion/toggle</c>.</summary>
internal sealed record CompanionToggleBody(bool Enabled);

/// <summary>The body of <c>POST /api/models</c> and <c>PUT /api/models/{id}</c> (on PUT every field is optional).</summary>
internal sealed record ModelCardBody(
    string Name,
    string ModelId,
    string? Provider,
    [property: Description("\"global\" (use the global key and base) or \"custom\".")] string? ProviderType,
    [property: Description("Sending the masked form back keeps the stored key.")] string? ApiKey,
    string? ApiBase,
    double? Temperature,
    double? TopP,
    int? MaxTokens,
    bool? Stream,
    bool? IsMultimodal,
    bool? EnableVision,
    bool? EnableVoice,
    bool? EnableVideo);

/// <summary>The body of <c>POST /api/models/remote</c>.</summary>
internal sealed record RemoteModelsBody(string? ApiKey, string? ApiBase, string? Provider);

/// <summary>The body of <c>PATCH /api/history/{id}</c>.</summary>
internal sealed record HistoryEditBody(string Content);

/// <summary>The body of <c>POST /api/memories</c>.</summary>
internal sealed record MemoryBody(
    [property: Description("At most 4,000 characters.")] string Content,
    [property: Description("An array of strings or one comma-separated string (\"a,b\"); at most 50.")] JsonElement? Tags,
    [property: Description("0..10, default 1.")] int? Importance,
    [property: JsonPropertyName("msgTimestamp")] string? MsgTimestamp,
    string? Source,
    string? Type,
    string? Sentiment,
    string? Clusters);

/// <summary>The body of <c>PATCH /api/memories/{id}</c>: at least one field.</summary>
internal sealed record MemoryPatchBody(
    [property: Description("New text (re-embedded, re-indexed and re-linked).")] string? Content,
    [property: Description("An array of strings or one comma-separated string (\"a,b\").")] JsonElement? Tags,
    [property: Description("0..10.")] int? Importance,
    string? Type);

/// <summary>The body of <c>POST /api/memories/relations</c>.</summary>
internal sealed record RelationBody(
    long SourceId,
    long TargetId,
    [property: Description("associative (default), causal, thematic, temporal or contradictory.")] string? RelationType,
    [property: Description("0..1, default 0.5.")] double? Strength,
    string? Description);

/// <summary>The body of <c>POST /api/open-path</c>.</summary>
internal sealed record OpenPathBody(string Path);
