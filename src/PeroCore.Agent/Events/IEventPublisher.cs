using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace PeroCore.Agent.Events;

/// <summary>
/// Pushes an event to the user's clients (the events channel: <c>GET /api/events</c> and <c>/ws/events</c>). An event is
/// stored before it is sent, so a client that is not connected gets it when it next connects; nothing is lost by a
/// restart once the event is stored.
/// </summary>
public interface IEventPublisher
{
    /// <summary>Stores the event (committed when this returns), then sends it to every connected client.</summary>
    /// <param name="kind">What happened: one of <see cref="EventKinds"/> or another short name (1–100 characters).</param>
    /// <param name="payload">The event's data, any JSON value.</param>
    /// <param name="cancellationToken">Cancels waiting to store the event.</param>
    /// <returns>The event's id: increasing, the clients' resume cursor.</returns>
    Task<long> PublishAsync(string kind, JsonElement payload, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores the event in one transaction with <paramref name="alsoInTransaction"/> (both are committed or neither),
    /// then sends it: for a producer that records "delivered" beside the push, so a crash can neither lose the push nor
    /// send it twice.
    /// </summary>
    /// <param name="kind">What happened (see the other overload).</param>
    /// <param name="payload">The event's data.</param>
    /// <param name="alsoInTransaction">The producer's own writes, run inside the outbox append's transaction.</param>
    /// <param name="cancellationToken">Cancels waiting to store the event.</param>
    /// <returns>The event's id.</returns>
    Task<long> PublishAsync(string kind, JsonElement payload, Func<SqliteTransaction, CancellationToken, Task> alsoInTransaction, CancellationToken cancellationToken = default);

    /// <summary>
    /// Queues the event to be stored and sent in the background, in the order posted, without waiting (for producers
    /// such as a chat stream that must not be slowed). Returns false when the queue is full or the host is stopping (the
    /// event is then dropped and logged). The payload is copied before this returns.
    /// </summary>
    bool TryPost(string kind, JsonElement payload);
}
