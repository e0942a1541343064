using System.Net;

namespace PeroCore.Memory.Embeddings;

/// <summary>
/// A remote embedding provider failed: an HTTP error status, an unreachable server, or a malformed response.
/// The message names the endpoint, the status and (the start of) the response body.
/// </summary>
public sealed class EmbeddingProviderException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="EmbeddingProviderException"/> class.</summary>
    public EmbeddingProviderException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="EmbeddingProviderException"/> class.</summary>
    /// <param name="message">The message.</param>
    public EmbeddingProviderException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="EmbeddingProviderException"/> class.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public EmbeddingProviderException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="EmbeddingProviderException"/> class.</summary>
    /// <param name="message">The message.</param>
    /// <param name="statusCode">The HTTP status, when the server answered.</param>
    /// <param name="responseBody">The response body (possibly truncated), when the server answered.</param>
    /// <param name="innerException">The cause, or null.</param>
    public EmbeddingProviderException(string message, HttpStatusCode? statusCode, string? responseBody, Exception? innerException = null)
        : base(message, innerException)
    {
        StatusCode = statusCode;
        ResponseBody = responseBody;
    }

    /// <summary>Gets the HTTP status the server answered with, or null when it did not answer.</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary>Gets the response body (truncated to a few kilobytes), or null.</summary>
    public string? ResponseBody { get; }
}
