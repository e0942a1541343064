using System.Collections.Concurrent;
using System.Text.Json;
using PeroCore.Agent.Events;

namespace PeroCore.Agent.Confirmations;

/// <summary>
/// Asks the user to confirm an action: the request is pushed on the events channel
/// (<see cref="EventKinds.ConfirmationRequest"/>), listed while pending, and the caller waits for
/// <see cref="Answer"/> until the timeout, which refuses. Every request ends exactly once (approved, denied, expired or
/// cancelled); a late answer is told so.
/// </summary>
public sealed class ConfirmationBroker(IEventPublisher? events = null, TimeProvider? timeProvider = null)
{
    private const int RememberedDecisions = 1_000;
    private readonly ConcurrentDictionary<string, (ConfirmationRequest Request, TaskCompletionSource<bool> Answer)> _pending = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _decided = new();
    private readonly ConcurrentDictionary<string, byte> _decidedIds = new(StringComparer.Ordinal);
    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;

    /// <summary>The requests waiting for an answer, oldest first.</summary>
    public IReadOnlyList<ConfirmationRequest> Pending => [.. _pending.Values.Select(p => p.Request).OrderBy(r => r.ExpiresAt)];

    /// <summary>
    /// Pushes a request and waits for the answer; false when denied or when <paramref name="timeout"/> passes first.
    /// </summary>
    public async Task<bool> RequestAsync(string tool, string command, IReadOnlyList<string> args, string cwd, string risk, string reason, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var request = new ConfirmationRequest(Guid.NewGuid().ToString("N"), tool, command, args, cwd, risk, reason, _time.GetUtcNow() + timeout);
        var answer = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[request.Id] = (request, answer);
        try
        {
            if (events is not null)
            {
                var payload = JsonSerializer.SerializeToElement(new Dictionary<string, object?>
                {
                    ["id"] = request.Id, ["tool"] = tool, ["command"] = command, ["args"] = args, ["cwd"] = cwd,
                    ["risk"] = risk, ["reason"] = reason, ["expires_at"] = request.ExpiresAt,
                });
                await events.PublishAsync(EventKinds.ConfirmationRequest, payload, cancellationToken).ConfigureAwait(false);
            }

            using var expiry = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            expiry.CancelAfter(timeout);
            try
            {
                return await answer.Task.WaitAsync(expiry.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Expired: refused, unless an answer won the race (then that answer stands and was reported as accepted).
                return !answer.TrySetResult(false) && answer.Task.Result;
            }
        }
        finally
        {
            _pending.TryRemove(request.Id, out _);
            Remember(request.Id);
        }
    }

    /// <summary>Answers a pending request.</summary>
    public ConfirmationAnswer Answer(string id, bool approved)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (_pending.TryRemove(id, out var pending))
        {
            Remember(id);
            return pending.Answer.TrySetResult(approved) ? ConfirmationAnswer.Accepted : ConfirmationAnswer.AlreadyDecided;
        }

        return _decidedIds.ContainsKey(id) ? ConfirmationAnswer.AlreadyDecided : ConfirmationAnswer.NotFound;
    }

    private void Remember(string id)
    {
        if (_decidedIds.TryAdd(id, 0))
        {
            _decided.Enqueue(id);
            while (_decided.Count > RememberedDecisions && _decided.TryDequeue(out var old))
            {
                _decidedIds.TryRemove(old, out _);
            }
        }
    }
}
