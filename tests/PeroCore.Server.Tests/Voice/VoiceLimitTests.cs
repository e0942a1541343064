using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using PeroCore.Server.Configuration;

namespace PeroCore.Server.Tests.Voice;

/// <summary>The voice socket's frame size limit (<c>Voice:MaxAudioMegabytes</c>).</summary>
public sealed class VoiceLimitTests
{
    [Fact]
    public async Task A_frame_over_the_audio_limit_gets_an_error_and_closes_the_socket_with_1009()
    {
        await using var server = await ServerFixture.StartAsync("--Agent:ScorerEnabled=false", "--Voice:MaxAudioMegabytes=1");
        using var socket = new ClientWebSocket();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await socket.ConnectAsync(new UriBuilder(server.App.Addresses[0]) { Scheme = "ws", Path = "/ws/voice" }.Uri, timeout.Token);

        var huge = Encoding.UTF8.GetBytes("{\"type\":\"speech_end\",\"data\":\"" + new string('A', 2 * 1024 * 1024) + "\"}");
        try
        {
            await socket.SendAsync(huge, WebSocketMessageType.Text, true, timeout.Token);
        }
        catch (WebSocketException)
        {
            // The server may close while the rest of the frame is still being sent.
        }

        var buffer = new byte[64 * 1024];
        var first = await socket.ReceiveAsync(buffer, timeout.Token);
        Assert.Equal(WebSocketMessageType.Text, first.MessageType);
        Assert.Equal("error", JsonDocument.Parse(buffer.AsMemory(0, first.Count)).RootElement.GetProperty("type").GetString());
        var second = await socket.ReceiveAsync(buffer, timeout.Token);
        Assert.Equal(WebSocketMessageType.Close, second.MessageType);
        Assert.Equal(WebSocketCloseStatus.MessageTooBig, socket.CloseStatus);
    }

    [Fact]
    public void Bad_voice_settings_are_refused_at_start_naming_each_key()
    {
        var ex = Assert.Throws<SettingsException>(() => PeroCoreSettings.Load(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Voice:MaxAudioMegabytes"] = "0",
            ["Voice:TtsTimeoutSeconds"] = "abc",
            ["Voice:AudioRetentionMinutes"] = "99999999",
        }).Build()));
        Assert.Equal(3, ex.Errors.Count);
        Assert.Contains(ex.Errors, e => e.StartsWith("Voice:MaxAudioMegabytes", StringComparison.Ordinal));
        Assert.Contains(ex.Errors, e => e.StartsWith("Voice:TtsTimeoutSeconds", StringComparison.Ordinal));
        Assert.Contains(ex.Errors, e => e.StartsWith("Voice:AudioRetentionMinutes", StringComparison.Ordinal));
    }
}
