namespace PeroCore.Agent.Speech;

/// <summary>Turns text into an audio file (one provider, configured by a <c>tts</c> voice configuration).</summary>
public interface ITextToSpeech
{
    /// <summary>Synthesises <paramref name="text"/> with the voice parameters of the companion's mood.</summary>
    /// <param name="text">What to say (already cleaned for speech, see <see cref="SpeechText.ForSpeech"/>).</param>
    /// <param name="voice">Rate and pitch offsets (see <see cref="VoiceMoods"/>).</param>
    /// <param name="cancellationToken">Cancels the synthesis.</param>
    /// <exception cref="SpeechException">The provider is unusable or failed; the message says what to configure.</exception>
    Task<SynthesizedSpeech> SynthesizeAsync(string text, VoiceParameters voice, CancellationToken cancellationToken = default);
}
