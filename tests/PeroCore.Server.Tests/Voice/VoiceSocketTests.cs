using System.Net;
using System.Net.WebSockets;
using System.Text.Json;
using PeroCore.Agent.Tests.Fakes;

namespace PeroCore.Server.Tests.Voice;

/// <summary>
/// <c>/ws/voice</c> driven by real WebSocket clients against the real server, with the fake OpenAI-compatible server
/// answering chat, transcription and speech.
/// </summary>
public sealed class VoiceSocketTests : ChatTestBase
{
    private async Task ConfigureSpeechAsync()
    {
        await PostAsync("/api/voice-configs", new { type = "stt", name = "FakeSTT", provider = "openai_compatible", api_base = Fake.BaseUrlV1, api_key = "k-stt", model = "whisper-1", is_active = true });
        await PostAsync("/api/voice-configs", new { type = "tts", name = "FakeTTS", provider = "openai_compatible", api_base = Fake.BaseUrl, api_key = "k-tts", model = "tts-1", config_json = "{\"voice\":\"alloy\"}", is_active = true });
    }

    private IReadOnlyList<FakeLlmRequest> Requests(string path) => Fake.Requests.Where(r => r.Path == path).ToList();

    [Fact]
    public async Task A_voice_turn_goes_from_wav_to_transcription_text_and_audio_with_nit_hidden()
    {
        await ConfigureSpeechAsync();
        Fake.TranscriptionText = "你好";
        Fake.Enqueue(
            FakeLlmReply.Text("主人好呀*挥手*[[[NIT_CALL]]]\nupdate_character_status\nmood: [START] 难过 [END]\n[[[NIT_END]]]"),
            FakeLlmReply.Text("\n<PEROCUE>{\"x\":1}</PEROCUE>今天也要加油。"));
        await using var client = await VoiceClient.ConnectAsync(Server.App.Addresses[0]);

        // audio_chunk is accepted and ignored: the first frame that comes back belongs to the utterance.
        await client.SendJsonAsync(new { type = "audio_chunk", data = "x" });
        await client.SpeakAsync(TestWav.Tone());
        var frames = await client.ReceiveTurnAsync();

        var kinds = frames.Select(f => VoiceClient.Type(f) + ":" + (f.TryGetProperty("content", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : "")).ToList();
        Assert.True(VoiceClient.IsStatus(frames[0], "listening"), string.Join(" | ", kinds));
        Assert.Equal("transcription", VoiceClient.Type(frames[1]));
        Assert.Equal("你好", frames[1].GetProperty("content").GetString());
        var thinking = frames.FindIndex(f => VoiceClient.IsStatus(f, "thinking"));
        var speaking = frames.FindIndex(f => VoiceClient.IsStatus(f, "speaking"));
        var text = frames.FindIndex(f => VoiceClient.Type(f) == "text_response");
        var audio = frames.FindIndex(f => VoiceClient.Type(f) == "audio_response");
        Assert.True(thinking > 1 && thinking < speaking && speaking < text && text < audio && audio == frames.Count - 2, string.Join(" | ", kinds));
        Assert.Contains(frames, f => VoiceClient.IsStatus(f, "thinking") && f.TryGetProperty("message", out _));

        var shown = frames[text].GetProperty("content").GetString()!;
        Assert.Contains("主人好呀", shown, StringComparison.Ordinal);
        Assert.Contains("今天也要加油。", shown, StringComparison.Ordinal);
        Assert.DoesNotContain("NIT", shown, StringComparison.Ordinal);
        Assert.DoesNotContain("update_character_status", shown, StringComparison.Ordinal);
        Assert.DoesNotContain("PEROCUE", shown, StringComparison.Ordinal);

        Assert.Equal("mp3", frames[audio].GetProperty("format").GetString());
        Assert.Equal(Fake.SpeechBytes.ToArray(), Convert.FromBase64String(frames[audio].GetProperty("data").GetString()!));
        var triggers = Assert.Single(frames, f => VoiceClient.Type(f) == "triggers");
        Assert.Equal("难过", triggers.GetProperty("data").GetProperty("state").GetProperty("mood").GetString());

        var transcription = Assert.Single(Requests("/v1/audio/transcriptions"));
        Assert.Equal("Bearer k-stt", transcription.Header("Authorization"));
        Assert.StartsWith("multipart/form-data", transcription.Header("Content-Type"), StringComparison.Ordinal);
        Assert.Contains("name=model", transcription.BodyText, StringComparison.Ordinal);
        Assert.Contains("whisper-1", transcription.BodyText, StringComparison.Ordinal);
        Assert.Contains("name=file", transcription.BodyText, StringComparison.Ordinal);
        Assert.Contains("RIFF", transcription.BodyText, StringComparison.Ordinal);

        // What is spoken: the last paragraph, without NIT, tags or the *action*; the voice follows the new mood (难过: +5 %).
        var speech = Assert.Single(Requests("/v1/audio/speech")).Body!.Value;
        Assert.Equal("今天也要加油。", speech.GetProperty("input").GetString());
        Assert.Equal("alloy", speech.GetProperty("voice").GetString());
        Assert.Equal("tts-1", speech.GetProperty("model").GetString());
        Assert.Equal(1.05, speech.GetProperty("speed").GetDouble(), 3);

        // The model is told it hears a transcript and will be spoken; a text chat is not.
        Assert.Contains("speech-recognition (ASR) transcript", SystemPrompt(StreamRequests[0]), StringComparison.Ordinal);

        var history = await HistoryAsync("voice_session");
        Assert.Equal("user", history[^2].GetProperty("role").GetString());
        Assert.Equal("你好", history[^2].GetProperty("content").GetString());
        Assert.Contains("主人好呀", history[^1].GetProperty("content").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("[[[NIT_CALL]]]", history[^1].GetProperty("content").GetString(), StringComparison.Ordinal);
        Assert.Equal(WebSocketState.Open, client.State);
    }

    [Fact]
    public async Task Two_clients_have_their_own_turns_and_an_interrupt_cuts_only_its_own()
    {
        await ConfigureSpeechAsync();
        Fake.Enqueue(FakeLlmReply.Hanging(), FakeLlmReply.Text("B的回答"));
        await using var a = await VoiceClient.ConnectAsync(Server.App.Addresses[0]);
        await using var b = await VoiceClient.ConnectAsync(Server.App.Addresses[0]);

        await a.SpeakAsync(TestWav.Tone());
        var aChat = await WaitForStreamRequestAsync(1);

        // B's utterance runs to the end while A's turn is still waiting for the model.
        await b.SpeakAsync(TestWav.Tone());
        var bFrames = await b.ReceiveTurnAsync();
        Assert.Equal("B的回答", Assert.Single(bFrames, f => VoiceClient.Type(f) == "text_response").GetProperty("content").GetString());
        Assert.Contains(bFrames, f => VoiceClient.Type(f) == "audio_response");
        Assert.False(aChat.Aborted, "B's turn must not cancel A's");

        // A interrupts its own turn: the model request is aborted, A hears idle, nothing of A's turn is logged.
        await a.SendJsonAsync(new { type = "interrupt" });
        var aFrames = new List<JsonElement>();
        do
        {
            aFrames.Add(await a.ReceiveAsync());
        }
        while (!VoiceClient.IsStatus(aFrames[^1], "idle"));
        Assert.DoesNotContain(aFrames, f => VoiceClient.Type(f) is "text_response" or "audio_response");
        await aChat.WhenAborted.WaitAsync(TimeSpan.FromSeconds(30));

        var history = await HistoryAsync("voice_session");
        Assert.Equal(["你好", "B的回答"], history.Select(h => h.GetProperty("content").GetString()));

        // A's socket still works: the next utterance completes.
        await a.SpeakAsync(TestWav.Tone());
        var next = await a.ReceiveTurnAsync();
        Assert.Equal("ok", Assert.Single(next, f => VoiceClient.Type(f) == "text_response").GetProperty("content").GetString());
    }

    [Fact]
    public async Task A_new_utterance_replaces_the_running_turn_of_the_same_client()
    {
        await ConfigureSpeechAsync();
        Fake.Enqueue(FakeLlmReply.Hanging(), FakeLlmReply.Text("第二句的回答"));
        await using var client = await VoiceClient.ConnectAsync(Server.App.Addresses[0]);
        await client.SpeakAsync(TestWav.Tone());
        var first = await WaitForStreamRequestAsync(1);
        await client.SpeakAsync(TestWav.Tone());
        await first.WhenAborted.WaitAsync(TimeSpan.FromSeconds(30));

        var frames = new List<JsonElement>();
        do
        {
            frames.Add(await client.ReceiveAsync());
        }
        while (VoiceClient.Type(frames[^1]) != "audio_response");
        Assert.Equal("第二句的回答", Assert.Single(frames, f => VoiceClient.Type(f) == "text_response").GetProperty("content").GetString());
        Assert.Equal(["你好", "第二句的回答"], (await HistoryAsync("voice_session")).Select(h => h.GetProperty("content").GetString()));
    }

    [Fact]
    public async Task Without_a_tts_configuration_the_socket_speaks_with_espeak_ng()
    {
        await PostAsync("/api/voice-configs", new { type = "stt", name = "FakeSTT", provider = "openai_compatible", api_base = Fake.BaseUrlV1, is_active = true });
        Fake.Enqueue(FakeLlmReply.Text("Nice to hear you."));
        await using var client = await VoiceClient.ConnectAsync(Server.App.Addresses[0]);
        await client.SpeakAsync(TestWav.Tone());
        var frames = await client.ReceiveTurnAsync();
        var audio = Assert.Single(frames, f => VoiceClient.Type(f) == "audio_response");
        Assert.Equal("wav", audio.GetProperty("format").GetString());
        var wav = Convert.FromBase64String(audio.GetProperty("data").GetString()!);
        Assert.True(PeroCore.Agent.Speech.WavHeader.IsWav(wav));
        Assert.True(wav.Length > 10_000, $"{wav.Length} bytes");
        Assert.Empty(Requests("/v1/audio/speech"));
    }

    [Fact]
    public async Task Bad_frames_get_an_error_frame_and_the_socket_stays_open()
    {
        await using var client = await VoiceClient.ConnectAsync(Server.App.Addresses[0]);
        await client.SendBinaryAsync([1, 2, 3]);
        Assert.Equal("error", VoiceClient.Type(await client.ReceiveAsync()));
        await client.SendTextAsync("not json");
        Assert.Equal("error", VoiceClient.Type(await client.ReceiveAsync()));
        await client.SendJsonAsync(new { type = "speech_end", data = "%%% not base64 %%%" });
        Assert.Equal("error", VoiceClient.Type(await client.ReceiveAsync()));
        await client.SendJsonAsync(new { type = "speech_end" });
        Assert.Equal("error", VoiceClient.Type(await client.ReceiveAsync()));

        // No speech-to-text configured: the turn says so in the original's text_response form, then idles.
        await client.SpeakAsync(TestWav.Tone());
        var frames = await client.ReceiveTurnAsync();
        Assert.True(VoiceClient.IsStatus(frames[0], "listening"));
        var said = Assert.Single(frames, f => VoiceClient.Type(f) == "text_response").GetProperty("content").GetString()!;
        Assert.StartsWith("[Speech recognition failed:", said, StringComparison.Ordinal);
        Assert.Contains("/api/voice-configs", said, StringComparison.Ordinal);
        Assert.Equal(WebSocketState.Open, client.State);
        Assert.Empty(Fake.ChatRequests);
    }

    [Fact]
    public async Task A_failing_speech_synthesis_still_shows_the_text_and_names_the_problem()
    {
        await PostAsync("/api/voice-configs", new { type = "stt", name = "FakeSTT", provider = "openai_compatible", api_base = Fake.BaseUrlV1, is_active = true });
        await PostAsync("/api/voice-configs", new { type = "tts", name = "Gone", provider = "openai_compatible", api_base = Fake.BaseUrl + "/missing", is_active = true });
        Fake.Enqueue(FakeLlmReply.Text("听到啦"));
        await using var client = await VoiceClient.ConnectAsync(Server.App.Addresses[0]);
        await client.SpeakAsync(TestWav.Tone());
        var frames = await client.ReceiveTurnAsync();
        Assert.Equal("听到啦", Assert.Single(frames, f => VoiceClient.Type(f) == "text_response").GetProperty("content").GetString());
        var error = Assert.Single(frames, f => VoiceClient.Type(f) == "error").GetProperty("content").GetString()!;
        Assert.Contains("404", error, StringComparison.Ordinal);
        Assert.DoesNotContain(frames, f => VoiceClient.Type(f) == "audio_response");
    }

    [Fact]
    public async Task A_cross_site_page_cannot_open_the_voice_socket()
    {
        var failure = await Assert.ThrowsAsync<WebSocketException>(() => VoiceClient.ConnectAsync(Server.App.Addresses[0], o =>
        {
            o.SetRequestHeader("Origin", "https://evil.example");
            o.CollectHttpResponseDetails = true;
        }));
        Assert.Contains("403", failure.Message, StringComparison.Ordinal);

        // The server's own origin may connect.
        await using var own = await VoiceClient.ConnectAsync(Server.App.Addresses[0], o => o.SetRequestHeader("Origin", Server.App.Addresses[0].GetLeftPart(UriPartial.Authority)));
        Assert.Equal(WebSocketState.Open, own.State);

        using var plain = await Server.Client.GetAsync("/ws/voice");
        Assert.Equal(HttpStatusCode.BadRequest, plain.StatusCode);
    }

    [Fact]
    public async Task A_text_chat_never_waits_for_speech_synthesis()
    {
        await ConfigureSpeechAsync();
        Fake.Enqueue(FakeLlmReply.Text("文字回答"));
        var result = await ChatAsync("hi");
        Assert.True(result.Done);
        Assert.Equal("文字回答", result.Visible);
        Assert.DoesNotContain("(ASR)", SystemPrompt(StreamRequests[^1]), StringComparison.Ordinal);
        Assert.DoesNotContain(result.Events, e => e.TryGetProperty("audio", out _));
        Assert.Empty(Requests("/v1/audio/speech"));
    }

    [Fact]
    public async Task Broadcast_reaches_every_connected_voice_client()
    {
        var connections = (Server.App.Services.GetService(typeof(PeroCore.Server.Voice.VoiceConnections)) as PeroCore.Server.Voice.VoiceConnections)!;
        await using var a = await VoiceClient.ConnectAsync(Server.App.Addresses[0]);
        await using var b = await VoiceClient.ConnectAsync(Server.App.Addresses[0]);
        var sent = await connections.BroadcastAsync(new System.Text.Json.Nodes.JsonObject { ["type"] = "text_response", ["content"] = "提醒：喝水" });
        Assert.Equal(2, sent);
        foreach (var client in new[] { a, b })
        {
            var frame = await client.ReceiveAsync();
            Assert.Equal("text_response", VoiceClient.Type(frame));
            Assert.Equal("提醒：喝水", frame.GetProperty("content").GetString());
        }
    }

    [Fact]
    public async Task An_announcement_is_shown_and_spoken_on_every_voice_client()
    {
        await ConfigureSpeechAsync();
        var announcer = (PeroCore.Server.Voice.VoiceAnnouncer)Server.App.Services.GetService(typeof(PeroCore.Server.Voice.VoiceAnnouncer))!;
        Assert.Equal(0, await announcer.AnnounceAsync("nobody listens"));
        Assert.Empty(Requests("/v1/audio/speech"));

        await using var a = await VoiceClient.ConnectAsync(Server.App.Addresses[0]);
        await using var b = await VoiceClient.ConnectAsync(Server.App.Addresses[0]);
        Assert.Equal(2, await announcer.AnnounceAsync("提醒：该喝水了 *递水*"));
        foreach (var client in new[] { a, b })
        {
            var frames = await client.ReceiveTurnAsync();
            Assert.Equal(["status", "text_response", "audio_response", "status"], frames.Select(VoiceClient.Type));
            Assert.Equal("提醒：该喝水了 *递水*", frames[1].GetProperty("content").GetString());
        }

        // Synthesised once for everyone, without the action.
        Assert.Equal("提醒：该喝水了", Assert.Single(Requests("/v1/audio/speech")).Body!.Value.GetProperty("input").GetString());
    }

    [Fact]
    public async Task A_reminder_published_on_the_events_channel_is_spoken_on_the_voice_clients()
    {
        await ConfigureSpeechAsync();
        var events = (PeroCore.Agent.Events.IEventPublisher)Server.App.Services.GetService(typeof(PeroCore.Agent.Events.IEventPublisher))!;
        await using var client = await VoiceClient.ConnectAsync(Server.App.Addresses[0]);

        // The handshake completes on the client before the server has registered the socket; a push published in that
        // gap reaches no voice client (none was connected yet), so wait for the registration first.
        var connections = (PeroCore.Server.Voice.VoiceConnections)Server.App.Services.GetService(typeof(PeroCore.Server.Voice.VoiceConnections))!;
        for (var i = 0; i < 400 && connections.Count == 0; i++)
        {
            await Task.Delay(25);
        }

        Assert.Equal(1, connections.Count);
        using var payload = System.Text.Json.JsonDocument.Parse("""{"text":"Time to stretch *waves*","task_id":7}""");
        await events.PublishAsync(PeroCore.Agent.Events.EventKinds.Reminder, payload.RootElement);
        using var other = System.Text.Json.JsonDocument.Parse("""{"state":{"mood":"happy"}}""");
        await events.PublishAsync(PeroCore.Agent.Events.EventKinds.PetState, other.RootElement); // not spoken

        var frames = await client.ReceiveTurnAsync();
        Assert.Equal(["status", "text_response", "audio_response", "status"], frames.Select(VoiceClient.Type));
        Assert.Equal("Time to stretch *waves*", frames[1].GetProperty("content").GetString());
        Assert.Equal("Time to stretch", Assert.Single(Requests("/v1/audio/speech")).Body!.Value.GetProperty("input").GetString());
    }

    private async Task<FakeLlmRequest> WaitForStreamRequestAsync(int count)
    {
        for (var i = 0; i < 600; i++)
        {
            if (StreamRequests.Count >= count)
            {
                return StreamRequests[count - 1];
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"the fake LLM never received chat request {count}");
    }
}
