using System.Net;
using Microsoft.Extensions.Options;
using PeroCore.Agent.Llm;
using PeroCore.Memory.Storage;

namespace PeroCore.Agent.Speech;

/// <summary>
/// Chooses the speech providers from the active voice configurations (table <c>voice_config</c>, one active per type):
/// <list type="bullet">
/// <item><c>stt</c>: <c>openai_compatible</c> → <see cref="OpenAiCompatibleSpeechToText"/>; none active → <see cref="SpeechFailure.NotConfigured"/>;</item>
/// <item><c>tts</c>: <c>openai_compatible</c> → <see cref="OpenAiCompatibleTextToSpeech"/>, <c>espeak_ng</c> → <see cref="EspeakTextToSpeech"/>;
/// none active → espeak-ng when it is installed, else <see cref="SpeechFailure.NotConfigured"/>;</item>
/// <item>the original's <c>local_whisper</c> and <c>edge_tts</c> are accepted in configurations but are not available here
/// (<see cref="SpeechFailure.Unavailable"/>, with what to use instead).</item>
/// </list>
/// The configuration is read on every call, so a change through <c>/api/voice-configs</c> applies to the next request.
/// One instance owns one connection pool; register it as a singleton.
/// </summary>
public sealed class SpeechProviders : IDisposable
{
    private readonly PeroStore _store;
    private readonly HttpClient _http;

    /// <summary>Creates the chooser (dependency-injection friendly).</summary>
    public SpeechProviders(PeroStore store, IOptions<SpeechOptions>? options = null)
        : this(store, options?.Value ?? new SpeechOptions(), null)
    {
    }

    /// <summary>Creates the chooser with an explicit primary handler (tests, proxies); the instance disposes it.</summary>
    public SpeechProviders(PeroStore store, SpeechOptions options, HttpMessageHandler? primaryHandler)
    {
        _store = store ?? throw new ArgumentNullException(nameof(store));
        Options = options ?? throw new ArgumentNullException(nameof(options));
        primaryHandler ??= new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectTimeout = TimeSpan.FromSeconds(10),
            AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate,
        };
        _http = new HttpClient(primaryHandler, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>The limits and timeouts in force.</summary>
    public SpeechOptions Options { get; }

    /// <summary>The provider of the active <c>stt</c> configuration.</summary>
    /// <exception cref="SpeechException">None is active, or it cannot be used (the message says what to configure).</exception>
    public async Task<ISpeechToText> GetSpeechToTextAsync(CancellationToken cancellationToken = default)
    {
        var config = await _store.Voices.GetActiveAsync("stt", cancellationToken).ConfigureAwait(false)
                     ?? throw new SpeechException(
                         "No speech-to-text provider is active. Add one with POST /api/voice-configs " +
                         "{\"type\":\"stt\",\"name\":\"Whisper\",\"provider\":\"openai_compatible\",\"api_base\":\"http://127.0.0.1:8000/v1\",\"model\":\"whisper-1\",\"is_active\":true} " +
                         "(a local whisper server such as faster-whisper-server, or https://api.openai.com/v1 with an api_key).", SpeechFailure.NotConfigured);
        return CreateSpeechToText(config);
    }

    /// <summary>The provider of the active <c>tts</c> configuration, or espeak-ng when none is active and it is installed.</summary>
    /// <exception cref="SpeechException">None is usable (the message says what to configure or install).</exception>
    public async Task<ITextToSpeech> GetTextToSpeechAsync(CancellationToken cancellationToken = default)
    {
        var config = await _store.Voices.GetActiveAsync("tts", cancellationToken).ConfigureAwait(false);
        if (config is not null)
        {
            return CreateTextToSpeech(config);
        }

        return EspeakTextToSpeech.Find(Options.EspeakExecutable) is not null
            ? new EspeakTextToSpeech(Options)
            : throw new SpeechException(
                "No text-to-speech provider is active and espeak-ng is not installed. Either install espeak-ng ('apt-get install espeak-ng'), or add " +
                "an OpenAI-compatible provider with POST /api/voice-configs {\"type\":\"tts\",\"name\":\"TTS\",\"provider\":\"openai_compatible\"," +
                "\"api_base\":\"http://127.0.0.1:8880/v1\",\"model\":\"tts-1\",\"config_json\":\"{\\\"voice\\\":\\\"alloy\\\"}\",\"is_active\":true}.",
                SpeechFailure.NotConfigured);
    }

    /// <summary>The provider a <c>stt</c> configuration describes.</summary>
    public ISpeechToText CreateSpeechToText(VoiceConfigRecord config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return config.Provider switch
        {
            SpeechProviderNames.OpenAiCompatible => new OpenAiCompatibleSpeechToText(_http, Options, RequireBase(config), config.ApiKey, config.Model, config.ConfigJson),
            SpeechProviderNames.LocalWhisper => throw new SpeechException(
                $"The voice configuration '{config.Name}' uses 'local_whisper' (the original's bundled faster-whisper), which PeroCore for .NET does not include. " +
                "Run a local whisper server with an OpenAI-compatible API (faster-whisper-server, whisper.cpp server) and use provider 'openai_compatible'.",
                SpeechFailure.Unavailable),
            _ => throw new SpeechException($"The voice configuration '{config.Name}' names an unknown speech-to-text provider '{config.Provider}'; use 'openai_compatible'.",
                SpeechFailure.NotConfigured),
        };
    }

    /// <summary>The provider a <c>tts</c> configuration describes.</summary>
    public ITextToSpeech CreateTextToSpeech(VoiceConfigRecord config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return config.Provider switch
        {
            SpeechProviderNames.OpenAiCompatible => new OpenAiCompatibleTextToSpeech(_http, Options, RequireBase(config), config.ApiKey, config.Model, config.ConfigJson),
            SpeechProviderNames.EspeakNg => new EspeakTextToSpeech(Options, config.ConfigJson),
            SpeechProviderNames.EdgeTts => throw new SpeechException(
                $"The voice configuration '{config.Name}' uses 'edge_tts' (Microsoft Edge's online voices), which PeroCore for .NET does not include. " +
                "Use provider 'espeak_ng' (local, 'apt-get install espeak-ng') or 'openai_compatible' (OpenAI or a local TTS server).",
                SpeechFailure.Unavailable),
            _ => throw new SpeechException($"The voice configuration '{config.Name}' names an unknown text-to-speech provider '{config.Provider}'; use 'openai_compatible' or 'espeak_ng'.",
                SpeechFailure.NotConfigured),
        };
    }

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();

    private static string RequireBase(VoiceConfigRecord config) =>
        LlmEndpointUrls.IsValidBase(config.ApiBase)
            ? config.ApiBase!
            : throw new SpeechException(
                $"The voice configuration '{config.Name}' has no usable api_base ('{config.ApiBase}'); set an http(s) URL such as http://127.0.0.1:8000/v1 with PUT /api/voice-configs/{config.Id}.",
                SpeechFailure.NotConfigured);
}
