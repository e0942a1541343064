using Microsoft.Extensions.Logging;

namespace PeroCore.Memory.Indexing;

/// <summary>
/// The background worker of a <see cref="VectorIndex"/> in <see cref="VectorIndexingMode.Background"/>: woken after
/// writes, it runs indexing rounds (each under the index's mutator) until none has work, and can be held back while a
/// bulk writer has the cores (<see cref="Suspend"/>). Started on the first signal.
/// </summary>
internal sealed partial class IndexingWorker(SemaphoreSlim mutator, Func<bool> runRound, bool resumeOnRelease, ILogger logger) : IDisposable
{
    private readonly bool _resumeOnRelease = resumeOnRelease;
    private readonly Lock _startLock = new();
    private readonly SemaphoreSlim _signal = new(0, 1);
    private readonly CancellationTokenSource _shutdown = new();
    private Task? _worker;
    private int _signalled;
    private int _suspended;
    private int _stopped;

    /// <summary>Whether a bulk writer holds the worker back.</summary>
    public bool IsSuspended => Volatile.Read(ref _suspended) > 0;

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
            while (more && !token.IsCancellationRequested && !IsSuspended)
            {
                await mutator.WaitAsync(token).ConfigureAwait(false);
                try
                {
                    more = runRound();
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
