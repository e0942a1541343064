namespace PeroCore.Agent.Speech;

/// <summary>Why a speech request failed; the HTTP API maps it to a status code.</summary>
public enum SpeechFailure
{
    /// <summary>No usable provider is configured (HTTP 503).</summary>
    NotConfigured,

    /// <summary>The provider is configured but cannot run here, e.g. espeak-ng is not installed (HTTP 503).</summary>
    Unavailable,

    /// <summary>The provider answered an error, an unusable answer, or could not be reached in time (HTTP 502).</summary>
    Upstream,

    /// <summary>The input cannot be processed (empty, too long, too large) (HTTP 400/413).</summary>
    InvalidInput,
}
