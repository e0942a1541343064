using System.Collections.Concurrent;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using PeroCore.Agent.Events;
using PeroCore.Memory.Storage;
using PeroCore.Server.Configuration;
using PeroCore.Server.Hosting;

namespace PeroCore.Server.Realtime;

/// <summary>
/// The events channel's one delivery mechanism. A publish appends the event to the outbox (<c>event_outbox</c>) and,
/// once it is committed, hands it to every subscriber's bounded buffer; publishes are serialised, so every subscriber
/// sees events in id order. A subscriber whose buffer is full is dropped (its <see cref="EventSubscription.Overflowed"/>
/// fires and the endpoint closes its connection); it resumes by cursor, so nothing is lost and neither the publisher nor
/// the other clients wait for it. Events posted without waiting (<see cref="TryPost"/>) go through an ordered queue
/// that <see cref="RunPostedAsync"/> drains.
/// </summary>
internal sealed partial class EventHub : IEventPublisher
{
    private readonly MemoryHost _host;
    private readonly EventsOptions _options;
    private readonly ILogger<EventHub> _logger;
    private readonly SemaphoreSlim _publishGate = new(1, 1);
    private readonly ConcurrentDictionary<long, EventSubscription> _subscribers = new();
    private readonly Channel<(string Kind, string Payload)> _posted;
    private long _nextSubscriberId;

    /// <summary>Creates the hub.</summary>
    public EventHub(MemoryHost host, IOptions<EventsOptions> options, ILogger<EventHub> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _host = host;
        _options = options.Value;
        _logger = logger;
        _posted = Channel.CreateBounded<(string, string)>(new BoundedChannelOptions(_options.PostQueueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    /// <summary>The connected subscribers.</summary>
    public int SubscriberCount => _subscribers.Count;

    /// <summary>The outbox (the store is open while the host runs).</summary>
    public EventOutboxRepository Outbox => _host.Store.Events;

    /// <inheritdoc />
    public async Task<long> PublishAsync(string kind, JsonElement payload, CancellationToken cancellationToken = default)
    {
        CheckKind(kind);
        var stored = await PublishRawAsync(kind, Compact(payload), cancellationToken).ConfigureAwait(false);
        return stored.Id;
    }

    /// <inheritdoc />
    public async Task<long> PublishAsync(string kind, JsonElement payload, Func<SqliteTransaction, CancellationToken, Task> alsoInTransaction, CancellationToken cancellationToken = default)
    {
        CheckKind(kind);
        ArgumentNullException.ThrowIfNull(alsoInTransaction);
        var stored = await PublishRawAsync(kind, Compact(payload), cancellationToken, alsoInTransaction).ConfigureAwait(false);
        return stored.Id;
    }

    /// <inheritdoc />
    public bool TryPost(string kind, JsonElement payload)
    {
        CheckKind(kind);
        if (_posted.Writer.TryWrite((kind, Compact(payload))))
        {
            return true;
        }

        LogPostDropped(_logger, kind);
        return false;
    }

    /// <summary>A new subscriber: it receives every event published from now on, until disposed or overflowed.</summary>
    public EventSubscription Subscribe()
    {
        var id = Interlocked.Increment(ref _nextSubscriberId);
        var subscription = new EventSubscription(this, id, _options.ClientBufferSize);
        _subscribers[id] = subscription;
        return subscription;
    }

    /// <summary>Stores and delivers the events posted with <see cref="TryPost"/>, in order, until stopped; then the rest.</summary>
    public async Task RunPostedAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var (kind, payload) in _posted.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                await PublishPostedAsync(kind, payload, CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: store what is queued (the store closes after this service stops).
            _posted.Writer.TryComplete();
            while (_posted.Reader.TryRead(out var item))
            {
                await PublishPostedAsync(item.Kind, item.Payload, CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Applies the retention bounds; returns how many events were deleted.</summary>
    public Task<int> PruneAsync(DateTimeOffset now, CancellationToken cancellationToken = default) =>
        Outbox.PruneAsync(now - _options.Retention, _options.MaxEvents, cancellationToken);

    /// <summary>Removes a subscriber (called by <see cref="EventSubscription.Dispose"/>).</summary>
    internal void Remove(long id) => _subscribers.TryRemove(id, out _);

    internal void NoteOverflow(long id)
    {
        _subscribers.TryRemove(id, out _);
        LogOverflow(_logger, id, _options.ClientBufferSize);
    }

    /// <summary>Throws unless <paramref name="kind"/> is 1–100 of <c>a-z A-Z 0-9 _ . : -</c>.</summary>
    public static void CheckKind(string kind)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(kind);
        if (kind.Length > EventOutboxRepository.MaxKindLength || !kind.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or ':' or '-'))
        {
            throw new ArgumentException($"An event kind is 1-{EventOutboxRepository.MaxKindLength} of a-z, A-Z, 0-9, '_', '.', ':', '-' (got '{kind}').", nameof(kind));
        }
    }

    private async Task<OutboxEvent> PublishRawAsync(string kind, string payload, CancellationToken cancellationToken,
        Func<SqliteTransaction, CancellationToken, Task>? alsoInTransaction = null)
    {
        await _publishGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var stored = await Outbox.AppendAsync(kind, payload, alsoInTransaction, cancellationToken).ConfigureAwait(false);
            foreach (var subscriber in _subscribers.Values)
            {
                subscriber.Deliver(stored);
            }

            return stored;
        }
        finally
        {
            _publishGate.Release();
        }
    }

    private async Task PublishPostedAsync(string kind, string payload, CancellationToken cancellationToken)
    {
        try
        {
            await PublishRawAsync(kind, payload, cancellationToken).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // A posted event that cannot be stored is logged; the queue goes on.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogPostFailed(_logger, kind, ex);
        }
    }

    private static string Compact(JsonElement payload) =>
        payload.ValueKind == JsonValueKind.Undefined ? "null" : JsonSerializer.Serialize(payload);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Event '{Kind}' dropped: the post queue is full or the host is stopping (Events:PostQueueCapacity)")]
    private static partial void LogPostDropped(ILogger logger, string kind);

    [LoggerMessage(Level = LogLevel.Error, Message = "Event '{Kind}' could not be stored")]
    private static partial void LogPostFailed(ILogger logger, string kind, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Events client {Subscriber} fell {Buffer} events behind and is disconnected; it resumes by cursor (Events:ClientBufferSize)")]
    private static partial void LogOverflow(ILogger logger, long subscriber, int buffer);
}
