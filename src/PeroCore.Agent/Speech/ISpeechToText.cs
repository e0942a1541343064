namespace PeroCore.Agent.Speech;

/// <summary>Turns recorded speech into text (one provider, configured by a <c>stt</c> voice configuration).</summary>
public interface ISpeechToText
{
    /// <summary>Transcribes one utterance.</summary>
    /// <param name="audio">The audio file's bytes (the voice socket sends 16-bit mono PCM WAV).</param>
    /// <param name="fileName">A file name whose extension tells the provider the format (<c>speech.wav</c>).</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The text, trimmed; empty when nothing was recognised.</returns>
    /// <exception cref="SpeechException">The provider is unusable or failed; the message says what to configure.</exception>
    Task<string> TranscribeAsync(ReadOnlyMemory<byte> audio, string fileName, CancellationToken cancellationToken = default);
}
