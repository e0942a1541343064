namespace PeroCore.Agent.Speech;

/// <summary>An audio file made by a <see cref="ITextToSpeech"/>.</summary>
/// <param name="Audio">The file's bytes.</param>
/// <param name="Format">Its format, as a file extension without the dot: <c>mp3</c> or <c>wav</c>.</param>
public sealed record SynthesizedSpeech(ReadOnlyMemory<byte> Audio, string Format)
{
    /// <summary>The media type of <see cref="Format"/>.</summary>
    public string MediaType => MediaTypeOf(Format);

    /// <summary>The media type of a format (<c>audio/mpeg</c>, <c>audio/wav</c>...).</summary>
    public static string MediaTypeOf(string format) => format switch
    {
        "mp3" => "audio/mpeg",
        "wav" => "audio/wav",
        "opus" or "ogg" => "audio/ogg",
        "flac" => "audio/flac",
        "aac" => "audio/aac",
        _ => "application/octet-stream",
    };
}
