using Microsoft.Extensions.Options;
using PeroCore.Server.Configuration;

namespace PeroCore.Server.Voice;

/// <summary>Deletes TTS files older than <c>Voice:AudioRetentionMinutes</c>: at start, then every tenth of that period (between 1 and 10 minutes).</summary>
internal sealed partial class VoiceAudioCleanupService : BackgroundService
{
    private readonly VoiceAudioStore _audio;
    private readonly TimeSpan _retention;
    private readonly TimeProvider _time;
    private readonly ILogger<VoiceAudioCleanupService> _logger;

    public VoiceAudioCleanupService(VoiceAudioStore audio, IOptions<VoiceOptions> options, TimeProvider time, ILogger<VoiceAudioCleanupService> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _audio = audio;
        _retention = TimeSpan.FromMinutes(options.Value.AudioRetentionMinutes);
        _time = time;
        _logger = logger;
    }

    /// <summary>How often the folder is swept.</summary>
    public TimeSpan Period => TimeSpan.FromTicks(Math.Clamp(_retention.Ticks / 10, TimeSpan.FromMinutes(1).Ticks, TimeSpan.FromMinutes(10).Ticks));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Period, _time);
        do
        {
            try
            {
                var deleted = _audio.DeleteOlderThan(_retention);
                if (deleted > 0)
                {
                    LogDeleted(_logger, deleted);
                }
            }
            catch (IOException ex)
            {
                LogFailed(_logger, ex.Message);
            }
            catch (UnauthorizedAccessException ex)
            {
                LogFailed(_logger, ex.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted {Count} old TTS audio files")]
    private static partial void LogDeleted(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not clean the TTS audio folder: {Reason}")]
    private static partial void LogFailed(ILogger logger, string reason);
}
