using System.Runtime.CompilerServices;
using System.Threading.Channels;
using PeroCore.Memory.Storage;

namespace PeroCore.Server.Realtime;

/// <summary>
/// One client of the events channel: a bounded buffer of live events (<see cref="EventHub"/> fills it), read together
/// with the outbox by <see cref="ReadAsync"/> so that replay and live events join without gap or duplicate.
/// </summary>
internal sealed class EventSubscription : IDisposable
{
    /// <summary>Outbox rows read per query while replaying.</summary>
    public const int ReplayPageSize = 500;

    private readonly EventHub _hub;
    private readonly long _id;
    private readonly Channel<OutboxEvent> _live;
    private readonly CancellationTokenSource _overflow = new();
    private int _disposed;

    internal EventSubscription(EventHub hub, long id, int capacity)
    {
        _hub = hub;
        _id = id;
        _live = Channel.CreateBounded<OutboxEvent>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            SingleWriter = true, // the hub delivers under its publish lock
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    /// <summary>Fires when the client fell <c>Events:ClientBufferSize</c> events behind: its connection must be dropped.</summary>
    public CancellationToken Overflowed => _overflow.Token;

    /// <summary>
    /// The events for this client, each once and in id order: with a <paramref name="cursor"/>, every stored event after
    /// it; without one (or one ahead of the outbox, as after a database restore), every unread event; then the live
    /// ones. Yields null when <paramref name="heartbeat"/> passes without an event. Ends when the client overflowed.
    /// </summary>
    public async IAsyncEnumerable<OutboxEvent?> ReadAsync(long? cursor, TimeSpan heartbeat, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // Subscribed (in the hub) before this replay reads the outbox: an event committed after that is in the buffer,
        // one committed before is in the outbox; the last id sent removes the overlap.
        var outbox = _hub.Outbox;
        var unreadOnly = cursor is null || cursor > await outbox.LatestIdAsync(cancellationToken).ConfigureAwait(false);
        var last = unreadOnly ? 0 : cursor!.Value;
        while (true)
        {
            var page = unreadOnly
                ? await outbox.ListUnreadAfterAsync(last, ReplayPageSize, cancellationToken).ConfigureAwait(false)
                : await outbox.ListAfterAsync(last, ReplayPageSize, cancellationToken).ConfigureAwait(false);
            foreach (var stored in page)
            {
                last = stored.Id;
                yield return stored;
            }

            if (page.Count < ReplayPageSize)
            {
                break;
            }
        }

        var reader = _live.Reader;
        while (!_overflow.IsCancellationRequested)
        {
            bool ready;
            using (var beat = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                beat.CancelAfter(heartbeat);
                try
                {
                    ready = await reader.WaitToReadAsync(beat.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    ready = true;
                }
            }

            if (!ready)
            {
                yield break; // overflowed: the buffer was closed
            }

            var any = false;
            while (reader.TryRead(out var live))
            {
                any = true;
                if (live.Id > last)
                {
                    last = live.Id;
                    yield return live;
                }
            }

            if (!any && !_overflow.IsCancellationRequested)
            {
                yield return null;
            }
        }
    }

    /// <summary>Buffers a live event; on a full buffer closes it and fires <see cref="Overflowed"/>.</summary>
    internal void Deliver(OutboxEvent stored)
    {
        if (_live.Writer.TryWrite(stored) || Volatile.Read(ref _disposed) != 0)
        {
            return;
        }

        if (_live.Writer.TryComplete())
        {
            _hub.NoteOverflow(_id);
            try
            {
                _overflow.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // Disposed meanwhile: the client is gone anyway.
            }
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _hub.Remove(_id);
        _live.Writer.TryComplete();
        _overflow.Dispose();
    }
}
