using System.Collections.Concurrent;

namespace PeroCore.Agent.Chat;

/// <summary>
/// Pause, resume and instruction injection for one running chat request. The agent checks it between turns:
/// a paused task waits (until resumed, cancelled or <see cref="ChatTaskRegistry.MaxPause"/> passes), and queued
/// instructions are added as user messages before the next LLM call.
/// </summary>
public sealed class ChatTaskControl
{
    private readonly object _gate = new();
    private readonly ConcurrentQueue<string> _injected = new();
    private TaskCompletionSource? _resumed;

    internal ChatTaskControl(string id, string source, string sessionId, DateTimeOffset startedAt)
    {
        Id = id;
        Source = source;
        SessionId = sessionId;
        StartedAt = startedAt;
    }

    /// <summary>Unique id of the request.</summary>
    public string Id { get; }

    /// <summary>The chat source.</summary>
    public string Source { get; }

    /// <summary>The session the request runs in.</summary>
    public string SessionId { get; }

    /// <summary>When the request started.</summary>
    public DateTimeOffset StartedAt { get; }

    /// <summary>The LLM turn in progress (1-based; 0 before the first).</summary>
    public int Turn { get; internal set; }

    /// <summary>True while paused.</summary>
    public bool IsPaused
    {
        get
        {
            lock (_gate)
            {
                return _resumed is not null;
            }
        }
    }

    /// <summary>Instructions waiting for the next turn.</summary>
    public int PendingInstructions => _injected.Count;

    /// <summary>"running" or "paused".</summary>
    public string Status => IsPaused ? "paused" : "running";

    /// <summary>Pauses before the next turn; false if already paused.</summary>
    public bool Pause()
    {
        lock (_gate)
        {
            if (_resumed is not null)
            {
                return false;
            }

            _resumed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return true;
        }
    }

    /// <summary>Resumes; false if it was not paused.</summary>
    public bool Resume()
    {
        TaskCompletionSource? resumed;
        lock (_gate)
        {
            resumed = _resumed;
            _resumed = null;
        }

        resumed?.TrySetResult();
        return resumed is not null;
    }

    /// <summary>Queues an instruction for the next turn.</summary>
    public void Inject(string instruction)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(instruction);
        _injected.Enqueue(instruction.Trim());
    }

    /// <summary>Takes the queued instructions.</summary>
    public IReadOnlyList<string> DrainInstructions()
    {
        var list = new List<string>();
        while (_injected.TryDequeue(out var item))
        {
            list.Add(item);
        }

        return list;
    }

    /// <summary>Waits while paused (at most <paramref name="maxPause"/>, then resumes by itself).</summary>
    public async Task WaitWhilePausedAsync(TimeSpan maxPause, CancellationToken cancellationToken)
    {
        Task? wait;
        lock (_gate)
        {
            wait = _resumed?.Task;
        }

        if (wait is null)
        {
            return;
        }

        try
        {
            await wait.WaitAsync(maxPause, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            Resume();
        }
    }
}
