using System.Text.Json;
using PeroCore.Agent.Events;
using PeroCore.Memory.Storage;
using PeroCore.Server.Realtime;

namespace PeroCore.Server.Voice;

/// <summary>
/// Speaks the pushes a user should hear on every connected voice client, as the original's pet view did (spec §3.5):
/// each <see cref="EventKinds.Reminder"/> and <see cref="EventKinds.CompanionMessage"/> event published from now on
/// whose data holds a <c>text</c> (or <c>content</c>) string goes to <see cref="VoiceAnnouncer"/>. The events channel
/// stays the record: a push made while no voice client is open is not spoken later (it would be stale), but every
/// events client still gets it.
/// </summary>
internal sealed partial class VoiceEventRelay(IServiceProvider services, ILogger<VoiceEventRelay> logger) : BackgroundService, IHostedLifecycleService
{
    private static readonly TimeSpan Idle = TimeSpan.FromSeconds(30);

    private readonly TaskCompletionSource<(EventHub Hub, VoiceAnnouncer Announcer, EventSubscription Subscription, long Cursor)> _ready =
        new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The text a voice client should hear for an event, or null when the event is not spoken.</summary>
    public static string? SpokenText(OutboxEvent stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        if (stored.Kind is not (EventKinds.Reminder or EventKinds.CompanionMessage))
        {
            return null;
        }

        using var payload = JsonDocument.Parse(stored.PayloadJson);
        var data = payload.RootElement;
        if (data.ValueKind == JsonValueKind.String)
        {
            return data.GetString();
        }

        foreach (var name in (ReadOnlySpan<string>)["text", "content"])
        {
            if (data.ValueKind == JsonValueKind.Object && data.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String)
            {
                return value.GetString();
            }
        }

        return null;
    }

    /// <inheritdoc />
    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// Once every service has started (the store is open) and before the host reports itself started: the cursor is
    /// the newest stored event, and the subscription is made after reading it, so every event published from here on
    /// is relayed (the replay after the cursor covers the moment in between). Older pushes are not spoken (stale).
    /// </summary>
    public async Task StartedAsync(CancellationToken cancellationToken)
    {
        var hub = services.GetRequiredService<EventHub>();
        var announcer = services.GetRequiredService<VoiceAnnouncer>();
        var cursor = await hub.Outbox.LatestIdAsync(cancellationToken).ConfigureAwait(false);
        _ready.TrySetResult((hub, announcer, hub.Subscribe(), cursor));
    }

    /// <inheritdoc />
    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        EventHub hub;
        VoiceAnnouncer announcer;
        EventSubscription? subscription;
        long cursor;
        try
        {
            (hub, announcer, subscription, cursor) = await _ready.Task.WaitAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // After an overflow or a failure, a new subscription resumes after the last event relayed.
                using var current = subscription ?? hub.Subscribe();
                subscription = null;
                await foreach (var stored in current.ReadAsync(cursor, Idle, stoppingToken).ConfigureAwait(false))
                {
                    if (stored is null)
                    {
                        continue;
                    }

                    cursor = stored.Id;
                    if (SpokenText(stored) is { Length: > 0 } text)
                    {
                        await announcer.AnnounceAsync(text, stoppingToken).ConfigureAwait(false);
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogRelayFailed(logger, ex);
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken).ConfigureAwait(false);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Relaying a push to the voice clients failed; resuming")]
    private static partial void LogRelayFailed(ILogger logger, Exception exception);
}
