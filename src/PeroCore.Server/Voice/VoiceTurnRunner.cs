using System.Text;
using Microsoft.Extensions.AI;
using PeroCore.Agent.Chat;
using PeroCore.Agent.Speech;
using PeroCore.Memory.Storage;
using PeroCore.Server.Configuration;

namespace PeroCore.Server.Voice;

/// <summary>
/// One voice turn (spec §3.3): <c>status listening</c> → speech-to-text → <c>transcription</c> → <c>status thinking</c>
/// (with the agent's progress lines) → the same agent run as <c>POST /api/chat</c> (ReAct loop, NIT hidden; source
/// <c>desktop</c>, session <c>voice_session</c> as in the original) → <c>status speaking</c> → <c>text_response</c> (display
/// text) → text-to-speech of the spoken text with the mood's voice → <c>audio_response</c> → <c>status idle</c>. A
/// cancelled turn sends nothing more and logs nothing.
/// </summary>
internal sealed partial class VoiceTurnRunner
{
    /// <summary>The original's conversation source of voice turns.</summary>
    public const string Source = "desktop";

    /// <summary>The original's session of voice turns.</summary>
    public const string Session = "voice_session";

    private readonly ChatAgent _agent;
    private readonly SpeechProviders _speech;
    private readonly PeroStore _store;
    private readonly UserSettings _settings;
    private readonly ILogger<VoiceTurnRunner> _logger;

    public VoiceTurnRunner(ChatAgent agent, SpeechProviders speech, PeroStore store, UserSettings settings, ILogger<VoiceTurnRunner> logger)
    {
        _agent = agent;
        _speech = speech;
        _store = store;
        _settings = settings;
        _logger = logger;
    }

    /// <summary>Runs one turn for <paramref name="connection"/>; never throws except <see cref="OperationCanceledException"/> on cancellation.</summary>
    public async Task RunAsync(VoiceConnection connection, ReadOnlyMemory<byte> audio, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var texts = await VoiceTexts.ForSettingsAsync(_settings, cancellationToken).ConfigureAwait(false);
        try
        {
            await RunCoreAsync(connection, audio, texts, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // Any failure of a turn becomes an error frame; the socket stays usable.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogTurnFailed(_logger, connection.Id, ex);
            await connection.SendAsync(VoiceFrames.Error(texts.TurnFailed), cancellationToken).ConfigureAwait(false);
            await connection.SendAsync(VoiceFrames.Status("idle"), cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task RunCoreAsync(VoiceConnection connection, ReadOnlyMemory<byte> audio, VoiceTexts texts, CancellationToken ct)
    {
        await connection.SendAsync(VoiceFrames.Status("listening"), ct).ConfigureAwait(false);
        string heard;
        try
        {
            var stt = await _speech.GetSpeechToTextAsync(ct).ConfigureAwait(false);
            heard = await stt.TranscribeAsync(audio, "speech.wav", ct).ConfigureAwait(false);
        }
        catch (SpeechException ex)
        {
            await connection.SendAsync(VoiceFrames.TextResponse(string.Format(System.Globalization.CultureInfo.InvariantCulture, texts.SpeechFailedFormat, ex.Message)), ct)
                .ConfigureAwait(false);
            await connection.SendAsync(VoiceFrames.Status("idle"), ct).ConfigureAwait(false);
            return;
        }

        if (heard.Length == 0)
        {
            await connection.SendAsync(VoiceFrames.Status("idle"), ct).ConfigureAwait(false);
            return;
        }

        await connection.SendAsync(VoiceFrames.Transcription(heard), ct).ConfigureAwait(false);
        await connection.SendAsync(VoiceFrames.Status("thinking"), ct).ConfigureAwait(false);

        var request = new ChatRequest { Messages = [new ChatMessage(ChatRole.User, heard)], Source = Source, SessionId = Session, IsVoice = true };
        var visible = new StringBuilder();
        string? error = null;
        await foreach (var chatEvent in _agent.RunAsync(request, ct).ConfigureAwait(false))
        {
            switch (chatEvent)
            {
                case ChatTextEvent text:
                    visible.Append(text.Content);
                    break;
                case ChatStatusEvent status:
                    await connection.SendAsync(VoiceFrames.Status("thinking", status.Message), ct).ConfigureAwait(false);
                    break;
                case ChatTriggerEvent triggers:
                    await connection.SendAsync(VoiceFrames.Triggers(triggers.Triggers), ct).ConfigureAwait(false);
                    break;
                case ChatErrorEvent failure:
                    error = failure.Message;
                    break;
            }
        }

        if (error is not null)
        {
            // Nothing was logged; the user reads why (no LLM configured, the LLM failed...).
            await connection.SendAsync(VoiceFrames.Error(error), ct).ConfigureAwait(false);
            await connection.SendAsync(VoiceFrames.Status("idle"), ct).ConfigureAwait(false);
            return;
        }

        var display = SpeechText.ForDisplay(visible.ToString());
        var spoken = SpeechText.ForSpeech(visible.ToString());
        if (display.Length == 0)
        {
            display = texts.Fallback;
        }

        if (spoken.Length == 0)
        {
            spoken = SpeechText.ForSpeech(display) is { Length: > 0 } s ? s : texts.Fallback;
        }

        await connection.SendAsync(VoiceFrames.Status("speaking"), ct).ConfigureAwait(false);
        await connection.SendAsync(VoiceFrames.TextResponse(display), ct).ConfigureAwait(false);
        try
        {
            var tts = await _speech.GetTextToSpeechAsync(ct).ConfigureAwait(false);
            var mood = (await _store.PetStates.GetCurrentAsync(ct).ConfigureAwait(false))?.Mood;
            var speech = await tts.SynthesizeAsync(spoken, VoiceMoods.For(mood), ct).ConfigureAwait(false);
            await connection.SendAsync(VoiceFrames.AudioResponse(speech.Audio.Span, speech.Format), ct).ConfigureAwait(false);
        }
        catch (SpeechException ex)
        {
            await connection.SendAsync(VoiceFrames.Error(string.Format(System.Globalization.CultureInfo.InvariantCulture, texts.SynthesisFailedFormat, ex.Message)), ct)
                .ConfigureAwait(false);
        }

        await connection.SendAsync(VoiceFrames.Status("idle"), ct).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Voice turn on connection {Connection} failed")]
    private static partial void LogTurnFailed(ILogger logger, long connection, Exception exception);
}
