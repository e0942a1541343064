namespace PeroCore.Server.Api;

/// <summary>The request body has a missing or wrongly typed field (HTTP 422, as the original API answered).</summary>
internal sealed class RequestValidationException : ArgumentException
{
    /// <summary>Creates the exception.</summary>
    public RequestValidationException() { }

    /// <summary>Creates the exception with a message naming the field.</summary>
    public RequestValidationException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public RequestValidationException(string message, Exception inner) : base(message, inner) { }
}
