using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PeroCore.Agent.Speech;

namespace PeroCore.Server.Tests.Voice;

/// <summary>The local espeak-ng voice (installed by <c>.ci/run</c>), and what happens without it.</summary>
public sealed class EspeakTests
{
    [Fact]
    public async Task Without_a_tts_configuration_espeak_ng_speaks_a_real_wav()
    {
        Assert.True(EspeakTextToSpeech.Find("espeak-ng") is not null, "espeak-ng is not installed: " + EspeakTextToSpeech.HowToInstall);
        await using var server = await ServerFixture.StartAsync("--Agent:ScorerEnabled=false");
        using var made = await server.Client.PostAsJsonAsync("/api/voice/tts", new { text = "Hello, I am Pero. *waves* 今天也要加油。" });
        var body = await made.Content.ReadAsStringAsync();
        Assert.True(made.StatusCode == HttpStatusCode.OK, body);
        var url = JsonDocument.Parse(body).RootElement.GetProperty("audio_url").GetString()!;
        Assert.EndsWith(".wav", url, StringComparison.Ordinal);

        using var response = await server.Client.GetAsync(url);
        Assert.Equal("audio/wav", response.Content.Headers.ContentType?.MediaType);
        var wav = await response.Content.ReadAsByteArrayAsync();
        Assert.True(WavHeader.IsWav(wav), "not a RIFF/WAVE file");
        Assert.Equal("fmt "u8.ToArray(), wav[12..16]);
        var sampleRate = BinaryPrimitives.ReadInt32LittleEndian(wav.AsSpan(24));
        var bytesPerSecond = BinaryPrimitives.ReadInt32LittleEndian(wav.AsSpan(28));
        Assert.InRange(sampleRate, 8000, 48000);

        // A sentence lasts between half a second and a minute; the header's sizes are the real ones (espeak-ng writes
        // placeholders to a pipe).
        var seconds = (wav.Length - 44) / (double)bytesPerSecond;
        Assert.InRange(seconds, 0.5, 60);
        Assert.Equal(wav.Length - 8, BinaryPrimitives.ReadInt32LittleEndian(wav.AsSpan(4)));
        Assert.Equal(wav.Length - 44, BinaryPrimitives.ReadInt32LittleEndian(wav.AsSpan(40)));
    }

    [Fact]
    public async Task A_missing_espeak_ng_is_a_503_that_says_how_to_install_it()
    {
        await using var server = await ServerFixture.StartAsync("--Agent:ScorerEnabled=false", "--Voice:EspeakPath=/nonexistent/espeak-ng");
        using (var response = await server.Client.PostAsJsonAsync("/api/voice/tts", new { text = "hello" }))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Contains("apt-get install espeak-ng", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // An explicit espeak_ng configuration says the same.
        using (await server.Client.PostAsJsonAsync("/api/voice-configs", new { type = "tts", name = "espeak", provider = "espeak_ng", is_active = true }))
        {
        }

        using (var response = await server.Client.PostAsJsonAsync("/api/voice/tts", new { text = "hello" }))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Contains("apt-get install espeak-ng", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Old_tts_files_are_cleaned_up_and_other_files_are_left_alone()
    {
        await using var server = await ServerFixture.StartAsync("--Agent:ScorerEnabled=false");
        var store = (PeroCore.Server.Voice.VoiceAudioStore)server.App.Services.GetService(typeof(PeroCore.Server.Voice.VoiceAudioStore))!;
        Directory.CreateDirectory(store.Folder);
        var old = Path.Combine(store.Folder, "3f2504e0-4f89-11d3-9a0c-0305e82c3301.mp3");
        var fresh = Path.Combine(store.Folder, "3f2504e0-4f89-11d3-9a0c-0305e82c3302.wav");
        var foreign = Path.Combine(store.Folder, "notes.txt");
        foreach (var path in new[] { old, fresh, foreign })
        {
            await File.WriteAllTextAsync(path, "x");
        }

        File.SetLastWriteTimeUtc(old, DateTime.UtcNow.AddHours(-3));
        File.SetLastWriteTimeUtc(foreign, DateTime.UtcNow.AddHours(-3));
        Assert.Equal(1, store.DeleteOlderThan(TimeSpan.FromHours(1)));
        Assert.False(File.Exists(old));
        Assert.True(File.Exists(fresh));
        Assert.True(File.Exists(foreign));
    }
}
