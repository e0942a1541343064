namespace PeroCore.Agent.Llm;

/// <summary>What went wrong in an LLM call.</summary>
public enum LlmErrorKind
{
    /// <summary>The server answered with a non-success HTTP status.</summary>
    HttpStatus,

    /// <summary>The connection failed or broke (DNS, refused, reset, TLS...).</summary>
    Transport,

    /// <summary>No answer within the first-byte timeout, or the stream went silent for longer than the idle timeout.</summary>
    Timeout,

    /// <summary>The server answered 200 but the body was not a chat completion, or the stream carried an error object.</summary>
    InvalidResponse,

    /// <summary>No LLM is configured (see <see cref="LlmNotConfiguredException"/>).</summary>
    NotConfigured,
}
