using PeroCore.Memory.Storage;

namespace PeroCore.Server.Api;

/// <summary>Checks where a backup may be written: an absolute path whose folder exists, outside the data folder, not over a file unless forced.</summary>
internal static class BackupTarget
{
    /// <summary>The checked full path.</summary>
    /// <exception cref="ArgumentException">Not absolute, no such folder, a folder, or inside the data folder (400).</exception>
    /// <exception cref="StoreConflictException">A file is there and <paramref name="force"/> is false (409).</exception>
    public static string Check(string path, string dataFolder, bool force)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(dataFolder);
        if (!Path.IsPathFullyQualified(path) || path.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException($"'path' must be an absolute file path (got '{Shown(path)}').");
        }

        var full = Path.GetFullPath(path);
        var data = Path.GetFullPath(dataFolder).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        if (full.StartsWith(data, StringComparison.Ordinal) || full + Path.DirectorySeparatorChar == data)
        {
            throw new ArgumentException("'path' is inside the data folder; write the backup somewhere else (a backup beside the data it saves is lost with it).");
        }

        if (Directory.Exists(full))
        {
            throw new ArgumentException($"'path' is a folder ('{Shown(full)}'); give a file name.");
        }

        if (!Directory.Exists(Path.GetDirectoryName(full)))
        {
            throw new ArgumentException($"The folder of 'path' does not exist ('{Shown(Path.GetDirectoryName(full) ?? full)}').");
        }

        return File.Exists(full) && !force
            ? throw new StoreConflictException($"'{Shown(full)}' exists; pass force (perocore backup --force) to replace it.")
            : full;
    }

    private static string Shown(string text) => text.Length > 200 ? text[..200] + "…" : text;
}
