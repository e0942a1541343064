namespace PeroCore.Server.Hosting;

/// <summary>
/// The host's logger factory for opening the memory engine over a data folder that holds no memory yet: it leaves out
/// the engine's warnings that the vector index files are missing and are rebuilt, which are expected then (there is
/// nothing to rebuild). Every other event passes.
/// </summary>
/// <remarks>
/// The events are matched by category and event name (<c>VectorIndex.LogMissing</c>, <c>MemoryEngine.LogRebuild</c>).
/// Once PeroCore.Memory itself says nothing about missing index files when the database has no vectors, this class
/// can go; <c>ProcessTests</c> pins the behaviour.
/// </remarks>
internal sealed class FreshFolderLoggerFactory(ILoggerFactory inner) : ILoggerFactory
{
    private static readonly HashSet<(string Category, string Event)> Expected =
    [
        ("PeroCore.Memory.Indexing.VectorIndex", "LogMissing"),
        ("PeroCore.Memory.MemoryEngine", "LogRebuild"),
    ];

    /// <inheritdoc />
    public ILogger CreateLogger(string categoryName)
    {
        var logger = inner.CreateLogger(categoryName);
        return Expected.Any(e => e.Category == categoryName) ? new Filtered(logger, categoryName) : logger;
    }

    /// <inheritdoc />
    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    /// <summary>Does nothing: the host owns the inner factory.</summary>
    public void Dispose()
    {
    }

    private sealed class Filtered(ILogger inner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (eventId.Name is not { } name || !Expected.Contains((category, name)))
            {
                inner.Log(logLevel, eventId, state, exception, formatter);
            }
        }
    }
}
