using PeroCore.Agent.Speech;
using PeroCore.Memory.Storage;

namespace PeroCore.Server.Voice;

/// <summary>
/// Speaks a push (a reminder, a companion message) to every connected voice client, as the original's scheduler did
/// (spec §3.5): <c>status speaking</c> → <c>text_response</c> → <c>audio_response</c> (synthesised once, with the mood's
/// voice) → <c>status idle</c>. Without a connected client nothing is synthesised. A speech provider that fails costs
/// only the audio frame (logged); the text still goes out.
/// </summary>
internal sealed partial class VoiceAnnouncer
{
    private readonly VoiceConnections _connections;
    private readonly SpeechProviders _speech;
    private readonly PeroStore _store;
    private readonly ILogger<VoiceAnnouncer> _logger;

    public VoiceAnnouncer(VoiceConnections connections, SpeechProviders speech, PeroStore store, ILogger<VoiceAnnouncer> logger)
    {
        _connections = connections;
        _speech = speech;
        _store = store;
        _logger = logger;
    }

    /// <summary>Shows and speaks <paramref name="text"/> on every voice client; returns how many clients got the text.</summary>
    public async Task<int> AnnounceAsync(string text, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        var display = SpeechText.ForDisplay(text);
        if (_connections.Count == 0 || display.Length == 0)
        {
            return 0;
        }

        await _connections.BroadcastAsync(VoiceFrames.Status("speaking"), cancellationToken).ConfigureAwait(false);
        var reached = await _connections.BroadcastAsync(VoiceFrames.TextResponse(display), cancellationToken).ConfigureAwait(false);
        var spoken = SpeechText.ForSpeech(display);
        if (spoken.Length > 0)
        {
            try
            {
                var tts = await _speech.GetTextToSpeechAsync(cancellationToken).ConfigureAwait(false);
                var mood = (await _store.PetStates.GetCurrentAsync(cancellationToken).ConfigureAwait(false))?.Mood;
                var speech = await tts.SynthesizeAsync(spoken, VoiceMoods.For(mood), cancellationToken).ConfigureAwait(false);
                await _connections.BroadcastAsync(VoiceFrames.AudioResponse(speech.Audio.Span, speech.Format), cancellationToken).ConfigureAwait(false);
            }
            catch (SpeechException ex)
            {
                LogSpeechFailed(_logger, ex.Message);
            }
        }

        await _connections.BroadcastAsync(VoiceFrames.Status("idle"), cancellationToken).ConfigureAwait(false);
        return reached;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A voice push was sent without audio: {Reason}")]
    private static partial void LogSpeechFailed(ILogger logger, string reason);
}
