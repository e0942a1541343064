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
internal sealed partial class VoiceEventRelay(IServiceProvider services, IHostApplicationLifetime lifetime, ILogger<VoiceEventRelay> logger)
    : BackgroundService
{
    private static readonly TimeSpan Idle = TimeSpan.FromSeconds(30);

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
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The store opens while the host starts; the relay reads the outbox once it has.
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        using (stoppingToken.Register(() => started.TrySetCanceled(stoppingToken)))
        {
            try
            {
                await started.Task.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        // Resolved once started: the hub and the announcer use the store, which exists only from then on.
        var hub = services.GetRequiredService<EventHub>();
        var announcer = services.GetRequiredService<VoiceAnnouncer>();
        long? cursor = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // Subscribed before the cursor is read, so nothing published in between is missed.
                using var subscription = hub.Subscribe();
                cursor ??= await hub.Outbox.LatestIdAsync(stoppingToken).ConfigureAwait(false);
                await foreach (var stored in subscription.ReadAsync(cursor, Idle, stoppingToken).ConfigureAwait(false))
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
