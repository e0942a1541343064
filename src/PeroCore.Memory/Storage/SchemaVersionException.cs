namespace PeroCore.Memory.Storage;

/// <summary>The database was written by a newer version of PeroCore than this one understands.</summary>
public sealed class SchemaVersionException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SchemaVersionException(string databasePath, int databaseVersion, int supportedVersion)
        : base($"The database '{databasePath}' has schema version {databaseVersion}, but this build of PeroCore " +
               $"only understands versions up to {supportedVersion}. It was written by a newer PeroCore: upgrade " +
               "PeroCore, or point it at another data folder. The database was not modified.")
    {
        DatabasePath = databasePath;
        DatabaseVersion = databaseVersion;
        SupportedVersion = supportedVersion;
    }

    /// <summary>Creates the exception with a message.</summary>
    public SchemaVersionException() { DatabasePath = string.Empty; }

    /// <summary>Creates the exception with a message.</summary>
    public SchemaVersionException(string message) : base(message) { DatabasePath = string.Empty; }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    public SchemaVersionException(string message, Exception inner) : base(message, inner) { DatabasePath = string.Empty; }

    /// <summary>The database file.</summary>
    public string DatabasePath { get; }

    /// <summary>The schema version found in the file.</summary>
    public int DatabaseVersion { get; }

    /// <summary>The highest schema version this build knows.</summary>
    public int SupportedVersion { get; }
}
