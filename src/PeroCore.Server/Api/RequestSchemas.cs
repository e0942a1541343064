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

/// <summary>The body of <c>POST /api/voice-configs</c> and <c>PUT /api/voice-configs/{id}</c> (on PUT every field is optional).</summary>
internal sealed record VoiceConfigSchema(
    [property: Description("\"stt\" or \"tts\".")] string Type,
    [property: Description("Unique; empty or taken is a 400.")] string Name,
    [property: Description("\"openai_compatible\" or \"espeak\" (the original's \"local_whisper\" and \"edge_tts\" are kept but answer 503).")] string Provider,
    [property: Description("Sending the masked form back keeps the stored key.")] string? ApiKey,
    string? ApiBase,
    string? Model,
    [property: Description("Provider options as JSON text, e.g. {\"voice\":\"alloy\"}.")] string? ConfigJson,
    [property: Description("Activating one deactivates the others of its type.")] bool? IsActive);

/// <summary>The body of <c>POST /api/voice/tts</c>.</summary>
internal sealed record SpeechSchema([property: Description("The text to speak; empty is a 400.")] string Text);

/// <summary>The form of <c>POST /api/voice/asr</c>.</summary>
internal sealed record AudioUploadSchema([property: Description("The recorded audio (WAV or any format the provider reads).")] IFormFile File);

/// <summary>The body of <c>POST /api/events/read</c>: one of the two fields.</summary>
internal sealed record EventReadSchema(
    [property: Description("Marks this event and every earlier one read.")] long? UpTo,
    [property: Description("Marks these events read (at most 1,000).")] IReadOnlyList<long>? Ids);

/// <summary>The body of <c>POST /api/backup</c>.</summary>
internal sealed record BackupSchema(
    [property: Description("An absolute path outside the data folder, in an existing folder.")] string Path,
    [property: Description("Overwrite an existing file.")] bool? Force);
