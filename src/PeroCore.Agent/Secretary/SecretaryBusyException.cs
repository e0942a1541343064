namespace PeroCore.Agent.Secretary;

/// <summary>A maintenance run was asked for while another one runs (one at a time).</summary>
public sealed class SecretaryBusyException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SecretaryBusyException(long? runningRecordId)
        : base(runningRecordId is { } id ? $"Maintenance run {id} is still running." : "A maintenance run is still running.") =>
        RunningRecordId = runningRecordId;

    /// <summary>Creates the exception.</summary>
    public SecretaryBusyException() : this((long?)null)
    {
    }

    /// <summary>Creates the exception.</summary>
    public SecretaryBusyException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public SecretaryBusyException(string message, Exception innerException) : base(message, innerException)
    {
    }

    /// <summary>The record of the run in progress, if it has one yet.</summary>
    public long? RunningRecordId { get; }
}
