using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace PeroCore.Memory.Storage;

/// <summary>
/// Exclusive ownership of a data folder by one process. The lock is an OS file lock on <c>perocore.lock</c>, so it
/// disappears when the holder dies, even by SIGKILL. The holder writes who it is into <c>perocore.lock.owner</c>
/// (readable while the lock is held) so a refused process can name it.
/// </summary>
public sealed class DataFolderLock : IDisposable
{
    /// <summary>Name of the lock file inside the data folder.</summary>
    public const string LockFileName = "perocore.lock";

    /// <summary>Name of the file describing the holder.</summary>
    public const string OwnerFileName = "perocore.lock.owner";

    /// <summary>Name of the file where a holder that serves HTTP writes its address (for <c>perocore backup</c>).</summary>
    public const string AddressFileName = "perocore.lock.address";

    private readonly FileStream _stream;
    private readonly string _ownerPath;

    private DataFolderLock(string folder, FileStream stream, string ownerPath)
    {
        Folder = folder;
        _stream = stream;
        _ownerPath = ownerPath;
    }

    /// <summary>The locked folder (full path).</summary>
    public string Folder { get; }

    /// <summary>Takes the lock, creating the folder if needed.</summary>
    /// <param name="folder">The data folder.</param>
    /// <param name="purpose">What the holder is doing ("serve", "import"...), written for the next process to read.</param>
    /// <exception cref="DataFolderLockedException">Another process holds the folder.</exception>
    public static DataFolderLock Acquire(string folder, string purpose)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        var full = Path.GetFullPath(folder);
        Directory.CreateDirectory(full);
        var lockPath = Path.Combine(full, LockFileName);
        var ownerPath = Path.Combine(full, OwnerFileName);
        FileStream stream;
        try
        {
            stream = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
        }
        catch (IOException ex)
        {
            throw new DataFolderLockedException(full, ReadOwner(ownerPath), ex);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new DataFolderLockedException(full, ReadOwner(ownerPath), ex);
        }

        try
        {
            using var self = Process.GetCurrentProcess();
            var owner = string.Create(CultureInfo.InvariantCulture,
                $"pid {Environment.ProcessId} ({self.ProcessName} {purpose}) on {Environment.MachineName}, since {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm:ss}Z");
            File.WriteAllText(ownerPath, owner, Encoding.UTF8);
            return new DataFolderLock(full, stream, ownerPath);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>Records the address the holder serves HTTP on, for other processes that need it while it holds the folder.</summary>
    public void Announce(Uri address)
    {
        ArgumentNullException.ThrowIfNull(address);
        File.WriteAllText(Path.Combine(Folder, AddressFileName), address.ToString(), Encoding.UTF8);
    }

    /// <summary>The address a holder of <paramref name="folder"/> announced, or null (none, or not a server).</summary>
    public static Uri? ReadAddress(string folder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        var text = ReadOwner(Path.Combine(Path.GetFullPath(folder), AddressFileName));
        return Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) ? uri : null;
    }

    /// <summary>Releases the lock.</summary>
    public void Dispose()
    {
        try
        {
            File.Delete(Path.Combine(Folder, AddressFileName));
            File.Delete(_ownerPath);
        }
        catch (IOException)
        {
            // The next holder overwrites it anyway.
        }

        _stream.Dispose();
    }

    private static string? ReadOwner(string ownerPath)
    {
        try
        {
            return File.Exists(ownerPath) ? File.ReadAllText(ownerPath, Encoding.UTF8).Trim() : null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
