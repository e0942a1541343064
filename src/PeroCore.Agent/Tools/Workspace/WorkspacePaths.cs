namespace PeroCore.Agent.Tools.Workspace;

/// <summary>
/// The one path resolver every file tool uses. A path the model gives is taken relative to the workspace root;
/// backslashes count as separators (so <c>..\\x</c> is <c>../x</c>); NUL and control characters, absolute paths, drives,
/// UNC shares and <c>~</c> are refused; the full path is normalised and must be the root or begin with the root plus a
/// separator (so the sibling <c>workspace_evil</c> is outside); then every symbolic link on the way is resolved, the
/// root's own included, and the real path must still be inside the root's real path.
/// </summary>
public sealed class WorkspacePaths
{
    private const int MaxPathLength = 4096;
    private const int MaxLinkHops = 40;
    private static readonly StringComparison PathComparison = OperatingSystem.IsWindows() || OperatingSystem.IsMacOS()
        ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

    /// <summary>Creates the resolver for a root folder (made absolute; it need not exist yet).</summary>
    public WorkspacePaths(string root)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        Root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
    }

    /// <summary>The workspace root, absolute, without a trailing separator.</summary>
    public string Root { get; }

    /// <summary>Creates the root folder if it is missing.</summary>
    public void EnsureCreated() => Directory.CreateDirectory(Root);

    /// <summary>
    /// The real absolute path of <paramref name="relative"/> inside the workspace (symbolic links resolved); empty or
    /// <c>.</c> is the root when <paramref name="allowRoot"/>.
    /// </summary>
    /// <exception cref="WorkspacePathException">The path is refused.</exception>
    public string Resolve(string? relative, bool allowRoot = false)
    {
        var text = (relative ?? string.Empty).Trim();
        if (text.Length > MaxPathLength)
        {
            throw Refuse(WorkspacePathProblem.TooLong, "The path is too long.");
        }

        if (text.Any(c => char.IsControl(c)))
        {
            throw Refuse(WorkspacePathProblem.InvalidCharacter, "The path holds a NUL or control character.");
        }

        text = text.Replace('\\', '/');
        if (text.StartsWith('~'))
        {
            throw Refuse(WorkspacePathProblem.Absolute, "Paths starting with '~' are not allowed; give a path inside the workspace.");
        }

        if (text.StartsWith('/') || Path.IsPathRooted(text) || (text.Length >= 2 && text[1] == ':' && char.IsAsciiLetter(text[0])))
        {
            throw Refuse(WorkspacePathProblem.Absolute, "Absolute paths are not allowed; give a path relative to the workspace.");
        }

        var trimmed = text.TrimEnd('/');
        if (trimmed.Length == 0 || trimmed == ".")
        {
            return allowRoot ? RealRoot() : throw Refuse(WorkspacePathProblem.Empty, "The path is empty.");
        }

        var full = Path.GetFullPath(Path.Combine(Root, trimmed.Replace('/', Path.DirectorySeparatorChar)));
        if (!IsInside(full, Root, allowRoot))
        {
            throw Refuse(WorkspacePathProblem.Escapes, "The path leads outside the workspace.");
        }

        var real = RealPath(full);
        if (!IsInside(real, RealRoot(), allowRoot))
        {
            throw Refuse(WorkspacePathProblem.SymlinkEscapes, "A symbolic link on the path leads outside the workspace.");
        }

        return real;
    }

    /// <summary>The path of <paramref name="fullPath"/> relative to the root, with forward slashes.</summary>
    public string ToRelative(string fullPath)
    {
        var root = RealRoot();
        var rel = IsInside(fullPath, root, true) ? Path.GetRelativePath(root, fullPath) : Path.GetRelativePath(Root, fullPath);
        return rel.Replace(Path.DirectorySeparatorChar, '/');
    }

    /// <summary>Whether <paramref name="path"/> (absolute, normalised) is <paramref name="root"/> or below it.</summary>
    public static bool IsInside(string path, string root, bool allowRoot)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(root);
        path = Path.TrimEndingDirectorySeparator(path);
        root = Path.TrimEndingDirectorySeparator(root);
        if (string.Equals(path, root, PathComparison))
        {
            return allowRoot;
        }

        var prefix = root.EndsWith(Path.DirectorySeparatorChar) ? root : root + Path.DirectorySeparatorChar;
        return path.StartsWith(prefix, PathComparison);
    }

    /// <summary>The root with its links resolved.</summary>
    private string RealRoot() => RealPath(Root);

    /// <summary>
    /// The path with every symbolic link resolved, component by component from the file-system root (components that do
    /// not exist are kept as they are).
    /// </summary>
    private static string RealPath(string fullPath)
    {
        var rootOfPath = Path.GetPathRoot(fullPath) ?? string.Empty;
        var pending = new List<string>(Split(fullPath[rootOfPath.Length..]));
        var current = rootOfPath;
        var hops = 0;
        var missing = false;
        for (var i = 0; i < pending.Count; i++)
        {
            var part = pending[i];
            if (part == ".")
            {
                continue;
            }

            if (part == "..")
            {
                current = Path.GetDirectoryName(current) ?? current;
                continue;
            }

            var next = Path.Combine(current, part);
            if (missing)
            {
                current = next;
                continue;
            }

            var info = new FileInfo(next);
            string? target;
            try
            {
                target = info.LinkTarget;
            }
            catch (IOException)
            {
                target = null;
            }
            catch (UnauthorizedAccessException)
            {
                target = null;
            }

            if (target is null)
            {
                missing = !info.Exists && !Directory.Exists(next);
                current = next;
                continue;
            }

            if (++hops > MaxLinkHops)
            {
                throw Refuse(WorkspacePathProblem.TooLong, "Too many symbolic links on the path.");
            }

            var resolved = Path.GetFullPath(Path.IsPathRooted(target) ? target : Path.Combine(current, target));
            var resolvedRoot = Path.GetPathRoot(resolved) ?? string.Empty;
            pending.InsertRange(i + 1, Split(resolved[resolvedRoot.Length..]));
            current = resolvedRoot;
        }

        return Path.TrimEndingDirectorySeparator(current.Length == 0 ? fullPath : current);
    }

    private static string[] Split(string path) =>
        path.Split([Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar], StringSplitOptions.RemoveEmptyEntries);

    private static WorkspacePathException Refuse(WorkspacePathProblem problem, string message) => new(message) { Problem = problem };
}
