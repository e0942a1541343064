namespace PeroCore.Agent.Tools.Workspace;

/// <summary>A path a file tool refuses: it leaves the workspace, or is malformed.</summary>
public sealed class WorkspacePathException : Exception
{
    /// <summary>Creates the exception.</summary>
    public WorkspacePathException()
    {
    }

    /// <summary>Creates the exception with its message.</summary>
    public WorkspacePathException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its message and cause.</summary>
    public WorkspacePathException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>What went wrong, for the tool's message in the chat's language.</summary>
    public WorkspacePathProblem Problem { get; init; }
}
