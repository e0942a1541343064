using System.Text.Json;
using System.Text.Json.Nodes;
using PeroCore.Agent.Speech;
using Microsoft.Extensions.Options;
using PeroCore.Memory.Storage;
using PeroCore.Server.Configuration;

namespace PeroCore.Server.Api;

/// <summary>
/// The body of <c>POST /api/voice-configs</c> and <c>PUT /api/voice-configs/{id}</c>:
/// <c>{type: "stt"|"tts", name, provider, api_key?, api_base?, model?, config_json?: "{...}" or {...}, is_active?}</c>
/// (<c>id</c>, <c>created_at</c> and <c>updated_at</c> are accepted and ignored, so a dashboard can send a whole row back).
/// Every present field is checked here; <see cref="ApplyTo"/> makes the row.
/// </summary>
internal sealed record VoiceConfigBody(JsonObject Body)
{
    private static readonly string[] Fields = ["id", "type", "name", "provider", "api_key", "api_base", "model", "config_json", "is_active", "created_at", "updated_at"];

    /// <summary>Whether the body names the configuration (a present <c>name</c> may still be blank).</summary>
    public bool HasName => Body.ContainsKey("name");

    /// <summary>The trimmed name, or null when absent or blank.</summary>
    public string? Name { get; private init; }

    /// <summary>Reads and checks the body (minimal APIs call this to bind the parameter).</summary>
    public static async ValueTask<VoiceConfigBody> BindAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var body = await JsonBody.ReadObjectAsync(context.Request, context.RequestAborted).ConfigureAwait(false);
        JsonBody.RejectUnknown(body, Fields);
        var name = JsonBody.String(body, "name", FieldLimits.Name);
        var type = JsonBody.String(body, "type", FieldLimits.Name);
        if (type is not null && type is not ("stt" or "tts"))
        {
            throw new RequestValidationException($"'type' must be \"stt\" or \"tts\" (got '{type}').");
        }

        var apiBase = JsonBody.String(body, "api_base", FieldLimits.Url);
        if (!string.IsNullOrWhiteSpace(apiBase))
        {
            FieldLimits.RequireHttpUrl("api_base", apiBase);
        }

        _ = JsonBody.String(body, "api_key", FieldLimits.Secret);
        _ = JsonBody.String(body, "model", FieldLimits.Name);
        _ = JsonBody.String(body, "provider", FieldLimits.Name);
        _ = JsonBody.Boolean(body, "is_active");
        _ = ConfigJson(body);
        return new VoiceConfigBody(body) { Name = string.IsNullOrWhiteSpace(name) ? null : name.Trim() };
    }

    /// <summary>
    /// The row with this body's fields applied over <paramref name="current"/> (a new row when null). A masked
    /// <c>api_key</c> (as read back) keeps the stored key.
    /// </summary>
    public VoiceConfigRecord ApplyTo(VoiceConfigRecord? current)
    {
        var type = JsonBody.String(Body, "type") ?? current?.Type
                   ?? throw new RequestValidationException("'type' is required: \"stt\" (speech-to-text) or \"tts\" (text-to-speech).");
        var provider = JsonBody.String(Body, "provider")?.Trim() ?? current?.Provider ?? SpeechProviderNames.OpenAiCompatible;
        var allowed = type == "stt" ? SpeechProviderNames.SpeechToText : SpeechProviderNames.TextToSpeech;
        if (!allowed.Contains(provider))
        {
            throw new RequestValidationException($"'provider' of a {type} configuration must be one of {string.Join(", ", allowed.Select(p => $"\"{p}\""))} (got '{provider}').");
        }

        var apiKey = Body.ContainsKey("api_key") ? JsonBody.String(Body, "api_key") : current?.ApiKey;
        return new VoiceConfigRecord
        {
            Id = current?.Id ?? 0,
            Type = type,
            Name = Name ?? current?.Name ?? string.Empty,
            Provider = provider,
            ApiKey = SecretMask.IsMasked(apiKey) ? current?.ApiKey : apiKey,
            ApiBase = Body.ContainsKey("api_base") ? Blank(JsonBody.String(Body, "api_base")) : current?.ApiBase,
            Model = Body.ContainsKey("model") ? Blank(JsonBody.String(Body, "model")) : current?.Model,
            ConfigJson = ConfigJson(Body) ?? current?.ConfigJson ?? "{}",
            IsActive = JsonBody.Boolean(Body, "is_active") ?? current?.IsActive ?? false,
            CreatedAt = current?.CreatedAt ?? default,
        };
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// <summary><c>config_json</c> as JSON object text: a string holding an object, or an object itself; null when absent.</summary>
    private static string? ConfigJson(JsonObject body)
    {
        switch (body["config_json"])
        {
            case null:
                return null;
            case JsonObject o:
                return o.ToJsonString();
            case JsonValue v when v.GetValueKind() == JsonValueKind.String:
                var text = JsonBody.String(body, "config_json", FieldLimits.ShortText)!;
                if (string.IsNullOrWhiteSpace(text))
                {
                    return "{}";
                }

                try
                {
                    return JsonNode.Parse(text) is JsonObject ? text : throw new RequestValidationException("'config_json' must hold a JSON object such as {\"voice\":\"alloy\"}.");
                }
                catch (JsonException ex)
                {
                    throw new RequestValidationException($"'config_json' is not valid JSON: {ex.Message}", ex);
                }

            default:
                throw new RequestValidationException("'config_json' must be a JSON object or a string holding one.");
        }
    }
}

/// <summary>The body of <c>POST /api/voice/tts</c>: <c>{"text": "..."}</c>; empty text is a 400 (as in the original).</summary>
internal sealed record SpeechRequest(string Text)
{
    /// <summary>Reads and checks the body (minimal APIs call this to bind the parameter).</summary>
    public static async ValueTask<SpeechRequest> BindAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var body = await JsonBody.ReadObjectAsync(context.Request, context.RequestAborted).ConfigureAwait(false);
        JsonBody.RejectUnknown(body, ["text"]);
        var text = JsonBody.String(body, "text", FieldLimits.ShortText);
        return string.IsNullOrWhiteSpace(text)
            ? throw new BadHttpRequestException("'text' is required and must not be empty.", StatusCodes.Status400BadRequest)
            : new SpeechRequest(text);
    }
}

/// <summary>The body of <c>POST /api/voice/asr</c>: <c>multipart/form-data</c> with the audio in the part named <c>file</c>.</summary>
internal sealed record AudioUpload(byte[] Audio, string FileName)
{
    /// <summary>Reads and checks the form (minimal APIs call this to bind the parameter).</summary>
    public static async ValueTask<AudioUpload> BindAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = context.Request;
        if (!request.HasFormContentType || !(request.ContentType ?? string.Empty).StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            throw new BadHttpRequestException("Send the audio as multipart/form-data with the file in a part named 'file'.", StatusCodes.Status415UnsupportedMediaType);
        }

        var limit = context.RequestServices.GetRequiredService<IOptions<VoiceOptions>>().Value.MaxAudioBytes;
        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
        }
        catch (InvalidDataException ex)
        {
            throw new BadHttpRequestException($"The multipart body could not be read: {ex.Message}", StatusCodes.Status400BadRequest, ex);
        }
        catch (IOException ex) when (ex is not BadHttpRequestException)
        {
            throw new BadHttpRequestException($"The multipart body could not be read: {ex.Message}", StatusCodes.Status400BadRequest, ex);
        }

        var file = form.Files.GetFile("file") ?? throw new RequestValidationException("'file' is required: send the audio in a multipart part named 'file'.");
        if (file.Length == 0)
        {
            throw new RequestValidationException("'file' is empty.");
        }

        if (file.Length > limit)
        {
            throw new BadHttpRequestException($"'file' is {file.Length} bytes; the limit is {limit} bytes (Voice:MaxAudioMegabytes).", StatusCodes.Status413PayloadTooLarge);
        }

        var audio = new byte[file.Length];
        var stream = file.OpenReadStream();
        await using (stream.ConfigureAwait(false))
        {
            await stream.ReadExactlyAsync(audio, context.RequestAborted).ConfigureAwait(false);
        }

        var name = Path.GetFileName(file.FileName ?? string.Empty);
        return new AudioUpload(audio, string.IsNullOrWhiteSpace(name) || name.Length > FieldLimits.Name ? "audio.wav" : name);
    }
}
