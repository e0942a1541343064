using Microsoft.Extensions.Logging;

namespace PeroCore.Memory.Indexing;

/// <summary>
/// The background worker of a <see cref="VectorIndex"/> in <see cref="VectorIndexingMode.Background"/>: woken after
/// writes, it runs indexing rounds (each under the index's mutator) until none has work, and is throttled while a
/// bulk writer needs a core (<see cref="Suspend"/>): it then inserts on one thread (the writer is one thread, so on
/// two cores the graph grows while the rows are written), or, on a single core, waits. Started on the first signal.
/// </summary>
/// <param name="mutator">The index's mutator (one round at a time).</param>
/// <param name="runRound">Runs one round on at most the given number of threads (0: all the index's indexing threads); true when it had work.</param>
/// <param name="resumeOnRelease">Whether the end of a hold signals the worker.</param>
/// <param name="logger">Logger.</param>
internal sealed partial class IndexingWorker(SemaphoreSlim mutator, Func<int, bool> runRound, bool resumeOnRelease, ILogger logger) : IDisposable
{
    private readonly bool _resumeOnRelease = resumeOnRelease;
    private readonly Lock _startLock = new();
    private readonly SemaphoreSlim _signal = new(0, 1);
    private readonly CancellationTokenSource _shutdown = new();
    private Task? _worker;
    private int _signalled;
    private int _suspended;
    private int _stopped;

    /// <summary>Whether a bulk writer holds the worker back (or throttles it).</summary>
    public bool IsSuspended => Volatile.Read(ref _suspended) > 0;

    /// <summary>Whether a hold throttles the worker to one thread rather than stopping it (more than one core).</summary>
    public static bool ThrottlesOnHold => Environment.ProcessorCount > 1;

    /// <summary>Wakes the worker (starting it on first use).</summary>
    public void Signal()
    {
        _worker ??= Start();
        if (Interlocked.Exchange(ref _signalled, 1) == 0)
        {
            try
            {
                _signal.Release();
            }
            catch (SemaphoreFullException)
            {
                // Already signalled.
            }
            catch (ObjectDisposedException)
            {
                // Disposed concurrently.
            }
        }
    }

    /// <summary>Holds the worker back until the returned handle is disposed (nested holds count).</summary>
    public IDisposable Suspend()
    {
        Interlocked.Increment(ref _suspended);
        return new Resumer(this);
    }

    /// <summary>Stops the worker and waits for its current round.</summary>
    public void Stop()
    {
        Volatile.Write(ref _stopped, 1);
        _shutdown.Cancel();
        try
        {
            _worker?.GetAwaiter().GetResult();
        }
        catch (OperationCanceledException)
        {
            // Expected on shutdown.
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _shutdown.Dispose();
        _signal.Dispose();
    }

    private Task Start()
    {
        lock (_startLock)
        {
            return _worker ??= Task.Run(RunAsync);
        }
    }

    private async Task RunAsync()
    {
        CancellationToken token = _shutdown.Token;
        while (!token.IsCancellationRequested)
        {
            await _signal.WaitAsync(token).ConfigureAwait(false);
            Volatile.Write(ref _signalled, 0);
            bool more = true;
            while (more && !token.IsCancellationRequested && (ThrottlesOnHold || !IsSuspended))
            {
                await mutator.WaitAsync(token).ConfigureAwait(false);
                try
                {
                    more = runRound(IsSuspended ? 1 : 0);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogIndexingFailed(logger, ex);
                    more = false;
                }
                finally
                {
                    mutator.Release();
                }
            }
        }
    }

    [LoggerMessage(EventId = 2109, Level = LogLevel.Error, Message = "Background vector indexing failed")]
    private static partial void LogIndexingFailed(ILogger logger, Exception exception);

    private sealed class Resumer(IndexingWorker worker) : IDisposable
    {
        private int _done;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _done, 1) == 0 && Interlocked.Decrement(ref worker._suspended) == 0 &&
                Volatile.Read(ref worker._stopped) == 0 && worker._resumeOnRelease)
            {
                worker.Signal();
            }
        }
    }
}
