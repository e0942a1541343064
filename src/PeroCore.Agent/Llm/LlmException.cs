using System.Net;

namespace PeroCore.Agent.Llm;

/// <summary>
/// An LLM call failed. <see cref="Exception.Message"/> is a complete sentence meant for the user (the chat endpoint
/// shows it as <c>Error: ...</c>), e.g. "The LLM at http://127.0.0.1:8080/v1/chat/completions answered 401
/// Unauthorized: invalid api key". It never contains the API key or the prompt.
/// </summary>
public class LlmException : Exception
{
    /// <summary>Creates an exception with a user-facing message.</summary>
    public LlmException()
        : this("The LLM call failed.")
    {
    }

    /// <summary>Creates an exception with a user-facing message.</summary>
    public LlmException(string message)
        : this(message, LlmErrorKind.InvalidResponse)
    {
    }

    /// <summary>Creates an exception with a user-facing message and a cause.</summary>
    public LlmException(string message, Exception? innerException)
        : this(message, LlmErrorKind.InvalidResponse, innerException: innerException)
    {
    }

    /// <summary>Creates an exception with all details.</summary>
    /// <param name="message">User-facing sentence.</param>
    /// <param name="kind">What went wrong.</param>
    /// <param name="statusCode">HTTP status, when the server answered.</param>
    /// <param name="providerMessage">The provider's own error text (from its JSON error body), when known.</param>
    /// <param name="isRetryable">Whether the same request may succeed if sent again later.</param>
    /// <param name="endpointUrl">The URL called, without query string.</param>
    /// <param name="innerException">The cause.</param>
    public LlmException(string message, LlmErrorKind kind, HttpStatusCode? statusCode = null, string? providerMessage = null,
        bool isRetryable = false, string? endpointUrl = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
        StatusCode = statusCode;
        ProviderMessage = providerMessage;
        IsRetryable = isRetryable;
        EndpointUrl = endpointUrl;
    }

    /// <summary>What went wrong.</summary>
    public LlmErrorKind Kind { get; }

    /// <summary>The HTTP status the server answered, or null when it did not answer.</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary>The provider's error text (e.g. <c>invalid api key</c>), at most 500 characters, or null.</summary>
    public string? ProviderMessage { get; }

    /// <summary>
    /// Whether the failure is transient (429, 5xx, 408, transport errors, timeouts): the same request may succeed later.
    /// The client already retried such failures that happened before any byte of the answer arrived.
    /// </summary>
    public bool IsRetryable { get; }

    /// <summary>The URL that was called (no query string, no user info), or null.</summary>
    public string? EndpointUrl { get; }
}
