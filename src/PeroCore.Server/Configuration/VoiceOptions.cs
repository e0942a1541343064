using PeroCore.Agent.Speech;

namespace PeroCore.Server.Configuration;

/// <summary>Section <c>Voice</c>: limits and timeouts of speech recognition and synthesis, and the TTS file folder.</summary>
[SettingsSection("Voice")]
internal sealed class VoiceOptions
{
    /// <summary><c>Voice:MaxAudioMegabytes</c>: the largest audio accepted (an upload, a voice-socket utterance) or returned by a TTS provider.</summary>
    [IntegerRange(1, 200)]
    public int MaxAudioMegabytes { get; set; } = 8;

    /// <summary><c>Voice:MaxSpeechCharacters</c>: the longest text sent to a TTS provider (longer text is cut at a sentence end).</summary>
    [IntegerRange(1, 100_000)]
    public int MaxSpeechCharacters { get; set; } = 4000;

    /// <summary><c>Voice:SttTimeoutSeconds</c>: how long a transcription may take.</summary>
    [IntegerRange(1, 3600)]
    public int SttTimeoutSeconds { get; set; } = 60;

    /// <summary><c>Voice:TtsTimeoutSeconds</c>: how long a synthesis may take.</summary>
    [IntegerRange(1, 3600)]
    public int TtsTimeoutSeconds { get; set; } = 60;

    /// <summary><c>Voice:AudioRetentionMinutes</c>: how long files made by <c>POST /api/voice/tts</c> are kept.</summary>
    [IntegerRange(1, 10_080)]
    public int AudioRetentionMinutes { get; set; } = 60;

    /// <summary><c>Voice:EspeakPath</c>: the espeak-ng executable, a name on PATH or a full path.</summary>
    public string EspeakPath { get; set; } = "espeak-ng";

    /// <summary>The largest audio in bytes.</summary>
    public long MaxAudioBytes => MaxAudioMegabytes * 1024L * 1024;

    /// <summary>The speech providers' options.</summary>
    public SpeechOptions ToSpeechOptions() => new()
    {
        MaxAudioBytes = MaxAudioBytes,
        MaxSpeechCharacters = MaxSpeechCharacters,
        SpeechToTextTimeout = TimeSpan.FromSeconds(SttTimeoutSeconds),
        TextToSpeechTimeout = TimeSpan.FromSeconds(TtsTimeoutSeconds),
        EspeakExecutable = string.IsNullOrWhiteSpace(EspeakPath) ? "espeak-ng" : EspeakPath.Trim(),
    };
}
