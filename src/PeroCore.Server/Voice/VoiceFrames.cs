using System.Text.Json.Nodes;

namespace PeroCore.Server.Voice;

/// <summary>The server → client frames of <c>/ws/voice</c>, exactly as the original's pet view reads them (spec §3.1).</summary>
internal static class VoiceFrames
{
    /// <summary><c>{"type":"status","content":"listening|thinking|speaking|idle"}</c>, with the agent's progress line as <c>message</c>.</summary>
    public static JsonObject Status(string content, string? message = null)
    {
        var frame = new JsonObject { ["type"] = "status", ["content"] = content };
        if (message is not null)
        {
            frame["message"] = message;
        }

        return frame;
    }

    /// <summary><c>{"type":"transcription","content":"..."}</c>.</summary>
    public static JsonObject Transcription(string text) => new() { ["type"] = "transcription", ["content"] = text };

    /// <summary><c>{"type":"text_response","content":"..."}</c>.</summary>
    public static JsonObject TextResponse(string text) => new() { ["type"] = "text_response", ["content"] = text };

    /// <summary><c>{"type":"audio_response","data":"<base64>","format":"mp3|wav"}</c>.</summary>
    public static JsonObject AudioResponse(ReadOnlySpan<byte> audio, string format) =>
        new() { ["type"] = "audio_response", ["data"] = Convert.ToBase64String(audio), ["format"] = format };

    /// <summary><c>{"type":"triggers","data":{state, click_messages, idle_messages, back_messages}}</c>.</summary>
    public static JsonObject Triggers(JsonObject triggers) => new() { ["type"] = "triggers", ["data"] = triggers.DeepClone() };

    /// <summary><c>{"type":"error","content":"..."}</c>.</summary>
    public static JsonObject Error(string message) => new() { ["type"] = "error", ["content"] = message };
}
