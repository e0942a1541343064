using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PeroCore.Memory.Storage;

namespace PeroCore.Agent.Scoring;

/// <summary>
/// Runs the <see cref="MemoryScorer"/> in the background, one exchange at a time, from a bounded queue.
/// <see cref="RunAsync"/> is the loop (a host runs it as a background service): it first picks up the exchanges left
/// <c>pending</c> or <c>processing</c> by an earlier run, so nothing is lost on restart; a pair that does not fit in
/// the queue stays pending until then. A pair whose scoring failed is retried with backoff
/// (<see cref="ScorerOptions.RetryDelay"/>, doubling) up to <see cref="ScorerOptions.MaxAttempts"/> attempts; failed pairs
/// with attempts left are retried after a restart too. A missing LLM configuration is not retried in the background
/// (nothing changes until the owner configures one), only after a restart. Cancelling the loop cancels the work in flight (its pair stays
/// <c>processing</c> and is resumed next time).
/// </summary>
public sealed class ScorerService
{
    private readonly MemoryScorer _scorer;
    private readonly PeroStore _store;
    private readonly ILogger _logger;
    private readonly Channel<string> _queue;
    private readonly ScorerOptions _options;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly HashSet<string> _queued = new(StringComparer.Ordinal);
    private long _completed;
    private int _running;

    /// <summary>Creates the service (not running).</summary>
    public ScorerService(MemoryScorer scorer, PeroStore store, IOptions<ScorerOptions>? options = null, ILogger<ScorerService>? logger = null,
        TimeProvider? timeProvider = null)
    {
        _scorer = scorer ?? throw new ArgumentNullException(nameof(scorer));
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _options = options?.Value ?? new ScorerOptions();
        var capacity = _options.QueueCapacity;
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.MaxAttempts, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.RetryDelay, TimeSpan.Zero, nameof(options));
        _time = timeProvider ?? TimeProvider.System;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _queue = Channel.CreateBounded<string>(new BoundedChannelOptions(capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    }

    /// <summary>Pairs scored since start (for tests and status).</summary>
    public long Completed => Interlocked.Read(ref _completed);

    /// <summary>Raised after each pair was handled (successfully or not).</summary>
    public event EventHandler<string>? PairHandled;

    /// <summary>Queues a pair; false when it is already queued, the queue is full or the loop has ended (it then stays pending).</summary>
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

    /// <summary>
    /// Queues the exchanges left unanalysed, then scores queued pairs until <paramref name="cancellationToken"/> is
    /// cancelled; the queue then takes no more pairs. Runs once.
    /// </summary>
    /// <exception cref="InvalidOperationException">The loop already ran.</exception>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _running, 1) != 0)
        {
            throw new InvalidOperationException("The scorer loop runs once.");
        }

        try
        {
            await ScoreAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _queue.Writer.TryComplete();
        }
    }

    private async Task ScoreAsync(CancellationToken ct)
    {
        try
        {
            var leftovers = await _store.Logs.ListUnanalysedAsync(1000, ct).ConfigureAwait(false);
            leftovers.AddRange(await _store.Logs.ListRetryableAsync(_options.MaxAttempts, 1000, ct).ConfigureAwait(false));
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

            await ScheduleRetryAsync(pairId, ct).ConfigureAwait(false);
            Interlocked.Increment(ref _completed);
            PairHandled?.Invoke(this, pairId);
        }
    }

    /// <summary>Queues a failed pair again after its backoff, when it has attempts left and its failure may pass.</summary>
    private async Task ScheduleRetryAsync(string pairId, CancellationToken ct)
    {
        List<ConversationLogEntry> rows;
        try
        {
            rows = await _store.Logs.GetPairAsync(pairId, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            ScorerLog.Failed(_logger, pairId, ex.Message);
            return;
        }

        var failed = rows.FirstOrDefault(r => r.AnalysisStatus == "failed");
        if (failed is null || failed.RetryCount >= _options.MaxAttempts ||
            (failed.LastError?.StartsWith(MemoryScorer.NotConfiguredError, StringComparison.Ordinal) ?? false))
        {
            return;
        }

        var delay = _options.RetryDelay * Math.Pow(2, Math.Max(0, failed.RetryCount - 1));
        ScorerLog.Retrying(_logger, pairId, delay, failed.RetryCount + 1);
        _ = RetryLaterAsync(pairId, delay, ct);
    }

    private async Task RetryLaterAsync(string pairId, TimeSpan delay, CancellationToken ct)
    {
        try
        {
            await Task.Delay(delay, _time, ct).ConfigureAwait(false);
            Enqueue(pairId);
        }
        catch (OperationCanceledException)
        {
            // The loop stopped: the pair stays failed with attempts left and is retried after the next start.
        }
    }
}
