using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PeroCore.Memory.Storage;

namespace PeroCore.Agent.Scoring;

/// <summary>
/// Runs the <see cref="MemoryScorer"/> in the background, one exchange at a time, from a bounded queue. On start it
/// picks up the exchanges left <c>pending</c> or <c>processing</c> by an earlier run, so nothing is lost on restart;
/// a pair that does not fit in the queue stays pending until then. <see cref="StopAsync"/> cancels the work in flight
/// (its pair stays <c>processing</c> and is resumed next time).
/// </summary>
public sealed class ScorerService : IAsyncDisposable
{
    private readonly MemoryScorer _scorer;
    private readonly PeroStore _store;
    private readonly ILogger _logger;
    private readonly Channel<string> _queue;
    private readonly object _gate = new();
    private readonly HashSet<string> _queued = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private Task? _loop;
    private long _completed;
    private int _stopped;

    /// <summary>Creates the service (not started).</summary>
    public ScorerService(MemoryScorer scorer, PeroStore store, int capacity = 1000, ILogger<ScorerService>? logger = null)
    {
        _scorer = scorer ?? throw new ArgumentNullException(nameof(scorer));
        _store = store ?? throw new ArgumentNullException(nameof(store));
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _queue = Channel.CreateBounded<string>(new BoundedChannelOptions(capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    }

    /// <summary>Pairs scored since start (for tests and status).</summary>
    public long Completed => Interlocked.Read(ref _completed);

    /// <summary>Raised after each pair was handled (successfully or not).</summary>
    public event EventHandler<string>? PairHandled;

    /// <summary>Starts the loop and queues the exchanges left unanalysed.</summary>
    public void Start()
    {
        lock (_gate)
        {
            _loop ??= Task.Run(() => RunAsync(_stopping.Token));
        }
    }

    /// <summary>Queues a pair; false when it is already queued or the queue is full (it then stays pending).</summary>
    public bool Enqueue(string pairId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pairId);
        lock (_gate)
        {
            if (!_queued.Add(pairId))
            {
                return false;
            }
        }

        if (_queue.Writer.TryWrite(pairId))
        {
            return true;
        }

        lock (_gate)
        {
            _queued.Remove(pairId);
        }

        ScorerLog.QueueFull(_logger, pairId);
        return false;
    }

    /// <summary>Stops the loop (idempotent; safe after dispose).</summary>
    public async Task StopAsync()
    {
        _queue.Writer.TryComplete();
        if (Interlocked.Exchange(ref _stopped, 1) == 0)
        {
            await _stopping.CancelAsync().ConfigureAwait(false);
        }

        Task? loop;
        lock (_gate)
        {
            loop = _loop;
        }

        if (loop is not null)
        {
            try
            {
                await loop.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Stopped.
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);

        // The token source is not disposed: a host may call StopAsync again after the container disposed this service.
    }

    private async Task RunAsync(CancellationToken ct)
    {
        try
        {
            var leftovers = await _store.Logs.ListUnanalysedAsync(1000, ct).ConfigureAwait(false);
            var pairs = leftovers.Where(r => r.PairId is not null).Select(r => r.PairId!).Distinct(StringComparer.Ordinal).ToList();
            var resumed = pairs.Count(Enqueue);
            if (resumed > 0)
            {
                ScorerLog.Resumed(_logger, resumed);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            ScorerLog.Failed(_logger, "(startup scan)", ex.Message);
        }

        await foreach (var pairId in _queue.Reader.ReadAllAsync(ct).ConfigureAwait(false))
        {
            lock (_gate)
            {
                _queued.Remove(pairId);
            }

            try
            {
                await _scorer.ScoreAsync(pairId, ct).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                ScorerLog.Failed(_logger, pairId, ex.Message);
            }

            Interlocked.Increment(ref _completed);
            PairHandled?.Invoke(this, pairId);
        }
    }
}
