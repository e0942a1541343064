namespace PeroCore.Agent.Speech;

/// <summary>The <c>provider</c> values of voice configurations.</summary>
public static class SpeechProviderNames
{
    /// <summary>An OpenAI-compatible HTTP API (<c>/v1/audio/transcriptions</c>, <c>/v1/audio/speech</c>): OpenAI, a local whisper or TTS server.</summary>
    public const string OpenAiCompatible = "openai_compatible";

    /// <summary>The local espeak-ng executable (TTS only).</summary>
    public const string EspeakNg = "espeak_ng";

    /// <summary>The original's bundled faster-whisper (STT); accepted in configurations, not available here.</summary>
    public const string LocalWhisper = "local_whisper";

    /// <summary>The original's Microsoft Edge online TTS; accepted in configurations, not available here.</summary>
    public const string EdgeTts = "edge_tts";

    /// <summary>The providers a <c>stt</c> configuration may name.</summary>
    public static IReadOnlyList<string> SpeechToText { get; } = [OpenAiCompatible, LocalWhisper];

    /// <summary>The providers a <c>tts</c> configuration may name.</summary>
    public static IReadOnlyList<string> TextToSpeech { get; } = [OpenAiCompatible, EspeakNg, EdgeTts];
}
