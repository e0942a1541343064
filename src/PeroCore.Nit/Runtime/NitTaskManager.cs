using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace PeroCore.Nit.Runtime;

/// <summary>
/// Runs <c>async</c> NIT calls in the background, bounded in concurrency and in outstanding work, and keeps
/// their completions as <see cref="NitTaskEvent"/>s for the agent to drain on its next turn. Create one per chat
/// session and dispose it when the session ends (outstanding tasks are cancelled). Thread-safe.
/// </summary>
public sealed class NitTaskManager : IAsyncDisposable, IDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<int, Task> _running = [];
    private readonly ConcurrentQueue<NitTaskEvent> _completed = new();
    private readonly SemaphoreSlim _slots;
    private readonly CancellationTokenSource _shutdown = new();
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private int _nextId;
    private long _dropped;
    private bool _disposed;

    /// <summary>Creates a task manager.</summary>
    /// <param name="maxConcurrency">Tasks running at once; more wait for a slot.</param>
    /// <param name="maxOutstanding">Tasks running or waiting; beyond this an <c>async</c> call fails at once.</param>
    /// <param name="logger">Receives task failures.</param>
    /// <param name="timeProvider">Clock for the event timestamps.</param>
    /// <param name="maxPendingEvents">Events kept until drained; beyond this the oldest are dropped (and counted).</param>
    public NitTaskManager(int maxConcurrency = 4, int maxOutstanding = 32, ILogger? logger = null, TimeProvider? timeProvider = null, int maxPendingEvents = 1000)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConcurrency, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxOutstanding, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPendingEvents, 1);
        MaxConcurrency = maxConcurrency;
        MaxOutstanding = maxOutstanding;
        MaxPendingEvents = maxPendingEvents;
        _slots = new SemaphoreSlim(maxConcurrency, maxConcurrency);
        _logger = logger ?? NullLogger.Instance;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Raised (on a pool thread) when a task finishes, after its event was queued.</summary>
    public event EventHandler<NitTaskEvent>? TaskCompleted;

    /// <summary>How many tasks may run at once.</summary>
    public int MaxConcurrency { get; }

    /// <summary>How many tasks may be running or waiting.</summary>
    public int MaxOutstanding { get; }

    /// <summary>How many undrained events are kept.</summary>
    public int MaxPendingEvents { get; }

    /// <summary>Events dropped because nobody drained them in time.</summary>
    public long DroppedEvents => Interlocked.Read(ref _dropped);

    /// <summary>Tasks scheduled and not yet finished.</summary>
    public int OutstandingCount
    {
        get
        {
            lock (_gate)
            {
                return _running.Count;
            }
        }
    }

    /// <summary>True when finished tasks wait to be drained.</summary>
    public bool HasEvents => !_completed.IsEmpty;

    /// <summary>Removes and returns the finished tasks' events, in completion order.</summary>
    public IReadOnlyList<NitTaskEvent> DrainEvents()
    {
        var events = new List<NitTaskEvent>();
        while (_completed.TryDequeue(out NitTaskEvent? e))
        {
            events.Add(e);
        }

        return events;
    }

    /// <summary>Waits until no task is outstanding (tasks scheduled meanwhile are awaited too).</summary>
    public async Task WhenIdleAsync(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            Task[] pending;
            lock (_gate)
            {
                pending = [.. _running.Values];
            }

            if (pending.Length == 0)
            {
                return;
            }

            await Task.WhenAll(pending).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Cancels every outstanding task; each reports a <see cref="NitTaskStatus.Cancelled"/> event.</summary>
    public void CancelAll()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }
        }

        _shutdown.Cancel();
    }

    /// <summary>Cancels outstanding tasks and waits for them to finish.</summary>
    public async ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
        }

        await _shutdown.CancelAsync().ConfigureAwait(false);
        await WhenIdleAsync(CancellationToken.None).ConfigureAwait(false);
        _shutdown.Dispose();
        _slots.Dispose();
    }

    /// <summary>Cancels outstanding tasks without waiting.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
        }

        _shutdown.Cancel();
    }

    /// <summary>
    /// Starts background work; false when the manager is full or disposed. The work never runs on the caller's stack.
    /// </summary>
    internal bool TrySchedule(string toolName, IReadOnlyDictionary<string, object?> arguments, string? callback, Func<CancellationToken, ValueTask<NitTaskOutcome>> work, out int taskId)
    {
        DateTimeOffset scheduledAt = _time.GetUtcNow();
        lock (_gate)
        {
            if (_disposed || _shutdown.IsCancellationRequested || _running.Count >= MaxOutstanding)
            {
                taskId = 0;
                return false;
            }

            taskId = ++_nextId;
            int id = taskId;
            _running[id] = Task.Run(() => RunAsync(id, toolName, arguments, callback, work, scheduledAt));
        }

        return true;
    }

    private async Task RunAsync(int id, string toolName, IReadOnlyDictionary<string, object?> arguments, string? callback, Func<CancellationToken, ValueTask<NitTaskOutcome>> work, DateTimeOffset scheduledAt)
    {
        NitTaskOutcome outcome;
        CancellationToken token = _shutdown.Token;
        bool entered = false;
        try
        {
            await _slots.WaitAsync(token).ConfigureAwait(false);
            entered = true;
            outcome = await work(token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            outcome = new NitTaskOutcome(NitTaskStatus.Cancelled, null, "The task was cancelled.", null, null);
        }
#pragma warning disable CA1031 // A background task must never crash the process; its failure is reported as an event.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            outcome = new NitTaskOutcome(NitTaskStatus.Failed, null, ex.Message, null, null);
        }
        finally
        {
            if (entered)
            {
                _slots.Release();
            }
        }

        if (outcome.Status != NitTaskStatus.Succeeded || outcome.CallbackError is not null)
        {
            NitLog.AsyncTaskFailed(_logger, id, toolName, outcome.Status.ToString(), outcome.Error ?? outcome.CallbackError);
        }

        var e = new NitTaskEvent(id, toolName, arguments, outcome.Status, outcome.Value, outcome.Error, callback, outcome.CallbackValue, outcome.CallbackError, scheduledAt, _time.GetUtcNow());
        _completed.Enqueue(e);
        while (_completed.Count > MaxPendingEvents && _completed.TryDequeue(out _))
        {
            Interlocked.Increment(ref _dropped);
        }
        lock (_gate)
        {
            _running.Remove(id);
        }

        try
        {
            TaskCompleted?.Invoke(this, e);
        }
#pragma warning disable CA1031 // A subscriber's exception must not break the task manager.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            NitLog.TaskHandlerThrew(_logger, ex);
        }
    }
}

