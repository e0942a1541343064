namespace PeroCore.Agent.Tools.Workspace;

/// <summary>Why <see cref="WorkspacePaths"/> refused a path.</summary>
public enum WorkspacePathProblem
{
    /// <summary>The path is empty.</summary>
    Empty,

    /// <summary>The path holds a NUL or another control character.</summary>
    InvalidCharacter,

    /// <summary>An absolute path, a drive, a UNC share or <c>~</c>.</summary>
    Absolute,

    /// <summary>The path leads outside the workspace (<c>..</c>, a sibling folder sharing the prefix).</summary>
    Escapes,

    /// <summary>A symbolic link on the way leads outside the workspace.</summary>
    SymlinkEscapes,

    /// <summary>Too long or too many links.</summary>
    TooLong,
}
