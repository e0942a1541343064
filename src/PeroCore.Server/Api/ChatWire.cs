using System.Net.ServerSentEvents;
using System.Text.Json.Nodes;
using PeroCore.Agent.Chat;

namespace PeroCore.Server.Api;

/// <summary>
/// The original's chat stream format: each event is one <c>data: {json}</c> frame, and the stream ends with
/// <c>data: [DONE]</c>. Text and errors are OpenAI-style deltas (errors start with <c>Error:</c>), status lines and
/// tool starts are <c>{"status":{"type":"thinking","message":…}}</c>, state changes <c>{"triggers":{…}}</c>.
/// </summary>
internal static class ChatWire
{
    /// <summary>The closing frame's data.</summary>
    public const string Done = "[DONE]";

    /// <summary>The frame of an event, or null when the original protocol has none for it.</summary>
    public static SseItem<string>? Frame(ChatEvent chatEvent) => Payload(chatEvent) is { } payload ? new SseItem<string>(payload.ToJsonString()) : null;

    private static JsonObject? Payload(ChatEvent chatEvent) => chatEvent switch
    {
        ChatTextEvent or ChatErrorEvent => Delta(chatEvent.Text!),
        ChatStatusEvent status => Status(status.Message),
        ChatToolEvent { Succeeded: null } tool => Status(tool.Message),
        ChatTriggerEvent triggers => new JsonObject { ["triggers"] = triggers.Triggers.DeepClone() },
        _ => null,
    };

    /// <summary>An error the transport met itself (the agent failed unexpectedly), framed as the agent's errors are.</summary>
    public static SseItem<string> Error(string message) => new(Delta(new ChatErrorEvent(message).Text).ToJsonString());

    private static JsonObject Delta(string text) =>
        new() { ["choices"] = new JsonArray(new JsonObject { ["delta"] = new JsonObject { ["content"] = text } }) };

    private static JsonObject Status(string message) => new() { ["status"] = new JsonObject { ["type"] = "thinking", ["message"] = message } };
}
