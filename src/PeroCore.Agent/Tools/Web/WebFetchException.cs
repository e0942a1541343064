namespace PeroCore.Agent.Tools.Web;

/// <summary>A fetch that failed for a reason the model can act on (bad URL, refused address, HTTP error, timeout...).</summary>
public sealed class WebFetchException : Exception
{
    /// <summary>Creates the exception.</summary>
    public WebFetchException()
    {
    }

    /// <summary>Creates the exception with its message.</summary>
    public WebFetchException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its message and cause.</summary>
    public WebFetchException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>True when the target address was refused by the <see cref="AddressPolicy"/>.</summary>
    public bool Refused { get; init; }
}
