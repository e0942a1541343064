using Microsoft.Data.Sqlite;
using PeroCore.Memory.Storage;

namespace PeroCore.Server.Api;

/// <summary>
/// Whether the server's database is still sound. The first damage SQLite reports (SQLITE_CORRUPT, SQLITE_NOTADB,
/// SQLITE_IOERR) on any read or write, from a request or from background work such as the scorer, marks the
/// server unhealthy until it is restarted: <c>GET /health</c> then answers 503 with what to do.
/// </summary>
internal sealed partial class DatabaseHealth(ILogger<DatabaseHealth> logger)
{
    private readonly ILogger _logger = logger;
    private PeroDatabase? _database;
    private DatabaseCorruptException? _damage;

    /// <summary>Watches <paramref name="database"/> from now on (the memory host calls it as soon as the database is open).</summary>
    public void Watch(PeroDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        if (Interlocked.CompareExchange(ref _database, database, null) is not null)
        {
            throw new InvalidOperationException("The database is watched already.");
        }

        database.DamageDetected += (_, damage) => Report(damage);
        if (database.Damage is { } already)
        {
            Report(already);
        }
    }

    /// <summary>False once damage was met.</summary>
    public bool IsHealthy => Volatile.Read(ref _damage) is null;

    /// <summary>What is wrong and what to do, or null while healthy.</summary>
    public string? Detail => Volatile.Read(ref _damage)?.Message;

    /// <summary>
    /// Records damage found outside <see cref="PeroDatabase"/>'s own reads and writes; returns the exception that
    /// describes it, or null when <paramref name="exception"/> is not about damage.
    /// </summary>
    public DatabaseCorruptException? Report(Exception exception)
    {
        var damage = exception switch
        {
            DatabaseCorruptException d => d,
            SqliteException s when DatabaseCorruptException.IsDamage(s) && Volatile.Read(ref _database) is { } database => DatabaseCorruptException.From(database.FilePath, s),
            _ => null,
        };
        if (damage is not null && Interlocked.CompareExchange(ref _damage, damage, null) is null)
        {
            LogDamaged(_logger, damage.Message, damage);
        }

        return damage;
    }

    [LoggerMessage(Level = LogLevel.Critical, Message = "The server is unhealthy: {Detail}")]
    private static partial void LogDamaged(ILogger logger, string detail, Exception exception);
}
