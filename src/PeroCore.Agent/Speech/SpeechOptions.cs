namespace PeroCore.Agent.Speech;

/// <summary>Limits and timeouts of the speech providers (the host binds them from its <c>Voice</c> settings).</summary>
public sealed class SpeechOptions
{
    /// <summary>The largest audio file accepted for transcription or returned by a TTS provider.</summary>
    public long MaxAudioBytes { get; set; } = 25L * 1024 * 1024;

    /// <summary>The longest text sent to a TTS provider, in characters (longer text is cut at a sentence end).</summary>
    public int MaxSpeechCharacters { get; set; } = 4000;

    /// <summary>How long a transcription may take.</summary>
    public TimeSpan SpeechToTextTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a synthesis may take.</summary>
    public TimeSpan TextToSpeechTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The espeak-ng executable: a name looked up on <c>PATH</c> or a full path. Only the host's settings choose it, never a
    /// voice configuration (which a client can write).
    /// </summary>
    public string EspeakExecutable { get; set; } = "espeak-ng";
}
