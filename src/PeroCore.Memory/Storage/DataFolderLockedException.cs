namespace PeroCore.Memory.Storage;

/// <summary>Another process owns the data folder.</summary>
public sealed class DataFolderLockedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public DataFolderLockedException(string folder, string? holder, Exception? inner = null)
        : base($"The data folder '{folder}' is in use by another PeroCore process: {holder ?? "holder unknown"}. " +
               "Stop that process first, or use another data folder.", inner)
    {
        Folder = folder;
        Holder = holder;
    }

    /// <summary>Creates the exception.</summary>
    public DataFolderLockedException() { Folder = string.Empty; }

    /// <summary>Creates the exception with a message.</summary>
    public DataFolderLockedException(string message) : base(message) { Folder = string.Empty; }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    public DataFolderLockedException(string message, Exception inner) : base(message, inner) { Folder = string.Empty; }

    /// <summary>The folder.</summary>
    public string Folder { get; }

    /// <summary>Who holds it, as the holder described itself.</summary>
    public string? Holder { get; }
}
