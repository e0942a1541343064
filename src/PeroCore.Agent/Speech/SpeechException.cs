namespace PeroCore.Agent.Speech;

/// <summary>A speech-to-text or text-to-speech request failed; the message says what happened and what to configure.</summary>
public sealed class SpeechException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SpeechException()
        : this("Speech processing failed.", SpeechFailure.Upstream)
    {
    }

    /// <summary>Creates the exception.</summary>
    public SpeechException(string message)
        : this(message, SpeechFailure.Upstream)
    {
    }

    /// <summary>Creates the exception.</summary>
    public SpeechException(string message, Exception? innerException)
        : this(message, SpeechFailure.Upstream, innerException)
    {
    }

    /// <summary>Creates the exception with its kind.</summary>
    public SpeechException(string message, SpeechFailure failure, Exception? innerException = null)
        : base(message, innerException)
    {
        Failure = failure;
    }

    /// <summary>Why it failed.</summary>
    public SpeechFailure Failure { get; }
}
