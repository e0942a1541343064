using System.Runtime.InteropServices;

namespace PeroCore.Memory.Indexing;

/// <summary>
/// Crash-safe file replacement: write a temporary file in the target's folder, fsync it, rename it over the
/// target, then fsync the folder so the rename itself is durable (POSIX only; Windows has no directory fsync
/// and the step is skipped).
/// </summary>
internal static partial class DurableFile
{
    private const int ORdOnly = 0;

    /// <summary>Returns a unique temporary path next to <paramref name="target"/>.</summary>
    public static string TempPathFor(string target) =>
        $"{target}.tmp-{Environment.ProcessId}-{Guid.NewGuid():N}";

    /// <summary>Flushes a file's data and metadata to the storage device.</summary>
    public static void FsyncFile(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite);
        stream.Flush(flushToDisk: true);
    }

    /// <summary>Renames <paramref name="source"/> over <paramref name="target"/> and makes the rename durable.</summary>
    public static void Replace(string source, string target)
    {
        File.Move(source, target, overwrite: true);
        FsyncDirectory(Path.GetDirectoryName(Path.GetFullPath(target))!);
    }

    /// <summary>Writes bytes to <paramref name="target"/> atomically and durably.</summary>
    public static void WriteAllBytes(string target, ReadOnlySpan<byte> bytes)
    {
        string temp = TempPathFor(target);
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }

            Replace(temp, target);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    /// <summary>Deletes a file, ignoring failures.</summary>
    public static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>Fsyncs a directory on Linux and macOS; does nothing on Windows.</summary>
    public static void FsyncDirectory(string directory)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        int fd = Open(directory, ORdOnly);
        if (fd < 0)
        {
            throw new IOException($"Cannot open directory '{directory}' to fsync it (errno {Marshal.GetLastPInvokeError()}).");
        }

        try
        {
            if (Fsync(fd) != 0)
            {
                int errno = Marshal.GetLastPInvokeError();
                // EINVAL: the file system does not support fsync on directories; nothing more can be done.
                if (errno != 22)
                {
                    throw new IOException($"fsync of directory '{directory}' failed (errno {errno}).");
                }
            }
        }
        finally
        {
            _ = Close(fd);
        }
    }

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
