namespace PeroCore.Agent.Tools.Workspace;

/// <summary>A unified diff that cannot be applied (malformed, or a hunk whose lines are not in the file).</summary>
public sealed class DiffApplyException : Exception
{
    /// <summary>Creates the exception.</summary>
    public DiffApplyException()
    {
    }

    /// <summary>Creates the exception with its message.</summary>
    public DiffApplyException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its message and cause.</summary>
    public DiffApplyException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
