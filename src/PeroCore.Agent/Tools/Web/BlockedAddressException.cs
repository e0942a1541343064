using System.Net;

namespace PeroCore.Agent.Tools.Web;

/// <summary>A fetch refused because its host resolves only to addresses the <see cref="AddressPolicy"/> refuses.</summary>
public sealed class BlockedAddressException : Exception
{
    /// <summary>Creates the exception.</summary>
    public BlockedAddressException()
    {
    }

    /// <summary>Creates the exception with its message.</summary>
    public BlockedAddressException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its message and cause.</summary>
    public BlockedAddressException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The host that was asked for.</summary>
    public string? Host { get; init; }

    /// <summary>The refused address.</summary>
    public IPAddress? Address { get; init; }
}
