using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using PeroCore.Agent.Llm;

namespace PeroCore.Agent.Speech;

/// <summary>
/// <c>POST {api_base}/v1/audio/transcriptions</c> (multipart: <c>file</c>, <c>model</c>, optional <c>language</c> from
/// <c>config_json</c>), answered with <c>{"text": ...}</c> or plain text. Works with OpenAI and local whisper servers
/// (faster-whisper-server, whisper.cpp server, LocalAI...). The base URL follows <see cref="LlmEndpointUrls"/>.
/// </summary>
public sealed class OpenAiCompatibleSpeechToText : ISpeechToText
{
    /// <summary>The model sent when the configuration names none (the original's default).</summary>
    public const string DefaultModel = "whisper-1";

    private readonly HttpClient _http;
    private readonly SpeechOptions _options;
    private readonly Uri _url;
    private readonly string? _apiKey;
    private readonly string _model;
    private readonly string? _language;

    /// <summary>Creates the provider.</summary>
    /// <param name="http">The shared client (no timeout of its own; each call has one).</param>
    /// <param name="options">Limits and timeouts.</param>
    /// <param name="apiBase">The API's base URL (with or without <c>/v1</c>).</param>
    /// <param name="apiKey">Sent as a bearer token when not empty.</param>
    /// <param name="model">The model; <see cref="DefaultModel"/> when empty.</param>
    /// <param name="configJson">Optional <c>{"language": "zh"}</c>.</param>
    public OpenAiCompatibleSpeechToText(HttpClient http, SpeechOptions options, string apiBase, string? apiKey, string? model, string? configJson)
    {
        _http = http ?? throw new ArgumentNullException(nameof(http));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _url = LlmEndpointUrls.AudioTranscriptions(apiBase);
        _apiKey = apiKey;
        _model = string.IsNullOrWhiteSpace(model) ? DefaultModel : model.Trim();
        _language = VoiceConfigJson.String(configJson, "language");
    }

    /// <inheritdoc />
    public async Task<string> TranscribeAsync(ReadOnlyMemory<byte> audio, string fileName, CancellationToken cancellationToken = default)
    {
        if (audio.IsEmpty)
        {
            throw new SpeechException("The audio is empty.", SpeechFailure.InvalidInput);
        }

        if (audio.Length > _options.MaxAudioBytes)
        {
            throw new SpeechException($"The audio is {audio.Length} bytes; the limit is {_options.MaxAudioBytes} (Voice:MaxAudioMegabytes).", SpeechFailure.InvalidInput);
        }

        using var form = new MultipartFormDataContent();
        var file = new ReadOnlyMemoryContent(audio);
        var name = string.IsNullOrWhiteSpace(fileName) ? "speech.wav" : Path.GetFileName(fileName);
        file.Headers.ContentType = new MediaTypeHeaderValue(SynthesizedSpeech.MediaTypeOf(Path.GetExtension(name).TrimStart('.').ToLowerInvariant()));
        form.Add(file, "file", name);
        form.Add(new StringContent(_model), "model");
        if (_language is not null)
        {
            form.Add(new StringContent(_language), "language");
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, _url) { Content = form };
        var (body, mediaType) = await SpeechHttp.SendAsync(_http, request, _apiKey, _options.SpeechToTextTimeout, 1024 * 1024, "speech-to-text", cancellationToken)
            .ConfigureAwait(false);
        var text = Encoding.UTF8.GetString(body);
        if (mediaType is not null && !mediaType.Contains("json", StringComparison.OrdinalIgnoreCase))
        {
            return text.Trim();
        }

        try
        {
            using var doc = JsonDocument.Parse(text);
            if (doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("text", out var t) && t.ValueKind == JsonValueKind.String)
            {
                return t.GetString()!.Trim();
            }
        }
        catch (JsonException)
        {
            // Reported below.
        }

        throw new SpeechException($"The speech-to-text service at {LlmEndpointUrls.Describe(_url)} answered without a \"text\" field.", SpeechFailure.Upstream);
    }
}
