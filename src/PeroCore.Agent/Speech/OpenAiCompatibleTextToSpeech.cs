using System.Net.Http.Json;
using PeroCore.Agent.Llm;

namespace PeroCore.Agent.Speech;

/// <summary>
/// <c>POST {api_base}/v1/audio/speech</c> with <c>{model, input, voice, speed, response_format}</c>; the answer's bytes
/// are the audio file. <c>voice</c> (default <c>alloy</c>) and <c>response_format</c> (default <c>mp3</c>) come from
/// <c>config_json</c>; <c>speed</c> from the mood (<see cref="VoiceParameters.Speed"/>), unless <c>config_json</c> sets one.
/// Works with OpenAI and local OpenAI-compatible TTS servers (openedai-speech, Kokoro-FastAPI, LocalAI...).
/// </summary>
public sealed class OpenAiCompatibleTextToSpeech : ITextToSpeech
{
    /// <summary>The model sent when the configuration names none (the original's default).</summary>
    public const string DefaultModel = "tts-1";

    /// <summary>The voice sent when the configuration names none.</summary>
    public const string DefaultVoice = "alloy";

    private static readonly HashSet<string> Formats = ["mp3", "wav", "opus", "aac", "flac"];
    private readonly HttpClient _http;
    private readonly SpeechOptions _options;
    private readonly Uri _url;
    private readonly string? _apiKey;
    private readonly string _model;
    private readonly string _voice;
    private readonly string _format;
    private readonly double? _speed;

    /// <summary>Creates the provider.</summary>
    public OpenAiCompatibleTextToSpeech(HttpClient http, SpeechOptions options, string apiBase, string? apiKey, string? model, string? configJson)
    {
        _http = http ?? throw new ArgumentNullException(nameof(http));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _url = LlmEndpointUrls.AudioSpeech(apiBase);
        _apiKey = apiKey;
        _model = string.IsNullOrWhiteSpace(model) ? DefaultModel : model.Trim();
        _voice = VoiceConfigJson.String(configJson, "voice") ?? DefaultVoice;
        var format = VoiceConfigJson.String(configJson, "response_format")?.ToLowerInvariant();
        _format = format is not null && Formats.Contains(format) ? format : "mp3";
        _speed = VoiceConfigJson.Number(configJson, "speed");
    }

    /// <inheritdoc />
    public async Task<SynthesizedSpeech> SynthesizeAsync(string text, VoiceParameters voice, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(voice);
        var input = SpeechText.Limit(text, _options.MaxSpeechCharacters);
        if (input.Length == 0)
        {
            throw new SpeechException("There is no text to speak.", SpeechFailure.InvalidInput);
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, _url)
        {
            Content = JsonContent.Create(new Dictionary<string, object>
            {
                ["model"] = _model,
                ["input"] = input,
                ["voice"] = _voice,
                ["speed"] = Math.Round(_speed is { } s ? Math.Clamp(s, 0.25, 4.0) : voice.Speed, 2),
                ["response_format"] = _format,
            }),
        };
        var (body, mediaType) = await SpeechHttp.SendAsync(_http, request, _apiKey, _options.TextToSpeechTimeout, _options.MaxAudioBytes, "text-to-speech", cancellationToken)
            .ConfigureAwait(false);
        if (body.Length == 0 || (mediaType is not null && (mediaType.Contains("json", StringComparison.OrdinalIgnoreCase) || mediaType.StartsWith("text/", StringComparison.OrdinalIgnoreCase))))
        {
            throw new SpeechException($"The text-to-speech service at {LlmEndpointUrls.Describe(_url)} answered no audio (content type '{mediaType ?? "none"}', {body.Length} bytes).",
                SpeechFailure.Upstream);
        }

        return new SynthesizedSpeech(body, _format);
    }
}
