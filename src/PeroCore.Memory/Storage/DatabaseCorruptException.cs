using Microsoft.Data.Sqlite;

namespace PeroCore.Memory.Storage;

/// <summary>
/// The database file is damaged: <c>PRAGMA quick_check</c> found problems, or SQLite answered SQLITE_CORRUPT,
/// SQLITE_NOTADB or SQLITE_IOERR. The message says what to do (restore a backup, or <c>perocore repair</c>).
/// </summary>
public sealed class DatabaseCorruptException : Exception
{
    /// <summary>How many quick_check findings are kept (and at most three are shown in the message).</summary>
    public const int MaxFindings = 10;

    /// <summary>Creates the exception.</summary>
    /// <param name="databasePath">The database file.</param>
    /// <param name="findings">What quick_check or SQLite said, first problem first.</param>
    /// <param name="untouched">True when the check ran before anything was written (at open).</param>
    /// <param name="inner">The SQLite error, if one was raised.</param>
    public DatabaseCorruptException(string databasePath, IReadOnlyList<string> findings, bool untouched, Exception? inner = null)
        : base(Describe(databasePath, findings, untouched), inner)
    {
        DatabasePath = databasePath;
        Findings = findings;
    }

    /// <summary>Creates the exception.</summary>
    public DatabaseCorruptException() { DatabasePath = string.Empty; Findings = []; }

    /// <summary>Creates the exception with a message.</summary>
    public DatabaseCorruptException(string message) : base(message) { DatabasePath = string.Empty; Findings = []; }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    public DatabaseCorruptException(string message, Exception inner) : base(message, inner) { DatabasePath = string.Empty; Findings = []; }

    /// <summary>The damaged database file (full path).</summary>
    public string DatabasePath { get; }

    /// <summary>The first findings of <c>PRAGMA quick_check</c>, or the SQLite error message.</summary>
    public IReadOnlyList<string> Findings { get; }

    /// <summary>
    /// True for the SQLite errors that mean the file is damaged or cannot be read: SQLITE_CORRUPT (11),
    /// SQLITE_NOTADB (26) and SQLITE_IOERR (10).
    /// </summary>
    public static bool IsDamage(SqliteException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception.SqliteErrorCode is SqliteCorrupt or SqliteNotADatabase or SqliteIoError;
    }

    /// <summary>Wraps a SQLite error about <paramref name="databasePath"/> (see <see cref="IsDamage"/>).</summary>
    public static DatabaseCorruptException From(string databasePath, SqliteException exception, bool untouched = false)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return new DatabaseCorruptException(databasePath, [FindingOf(exception)], untouched, exception);
    }

    /// <summary>SQLITE_IOERR.</summary>
    internal const int SqliteIoError = 10;

    /// <summary>SQLITE_CORRUPT.</summary>
    internal const int SqliteCorrupt = 11;

    /// <summary>SQLITE_NOTADB.</summary>
    internal const int SqliteNotADatabase = 26;

    /// <summary>The SQLite message without the "SQLite Error 11: " prefix.</summary>
    internal static string FindingOf(SqliteException exception)
    {
        var message = exception.Message;
        var colon = message.IndexOf(": ", StringComparison.Ordinal);
        return message.StartsWith("SQLite Error", StringComparison.Ordinal) && colon > 0 ? message[(colon + 2)..].Trim().Trim('\'', '.') : message;
    }

    private static string Describe(string databasePath, IReadOnlyList<string> findings, bool untouched)
    {
        var folder = Path.GetDirectoryName(databasePath) ?? ".";
        var shown = findings.Count == 0 ? "no detail" : string.Join("; ", findings.Take(3));
        if (findings.Count > 3)
        {
            shown += $"; and {findings.Count - 3} more";
        }

        return $"The database '{databasePath}' is damaged ({shown}). " +
               (untouched ? "PeroCore did not start and did not write to it. " : string.Empty) +
               "Restore the data folder from a backup, or stop PeroCore and run " +
               $"`perocore repair --data \"{folder}\"`: it copies what can still be read into a new database, keeps the " +
               "damaged file beside it, and the indexes are rebuilt at the next start.";
    }
}
