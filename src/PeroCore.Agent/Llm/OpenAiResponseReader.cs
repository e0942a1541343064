using System.Text.Json;
using Microsoft.Extensions.AI;

namespace PeroCore.Agent.Llm;

/// <summary>Turns chat.completion and chat.completion.chunk JSON into M.E.AI objects.</summary>
internal static class OpenAiResponseReader
{
    public static ChatFinishReason? FinishReason(string? value) => value switch
    {
        null or "" => null,
        "stop" => ChatFinishReason.Stop,
        "length" => ChatFinishReason.Length,
        "tool_calls" or "function_call" => ChatFinishReason.ToolCalls,
        "content_filter" => ChatFinishReason.ContentFilter,
        _ => new ChatFinishReason(value),
    };

    public static UsageDetails? Usage(JsonElement root)
    {
        if (!root.TryGetProperty("usage", out var u) || u.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        return new UsageDetails
        {
            InputTokenCount = Long(u, "prompt_tokens"),
            OutputTokenCount = Long(u, "completion_tokens"),
            TotalTokenCount = Long(u, "total_tokens"),
        };
    }

    /// <summary>The provider error carried inside a 200 body or a stream event, or null.</summary>
    public static string? EmbeddedError(JsonElement root) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty("error", out var e) && e.ValueKind is JsonValueKind.Object or JsonValueKind.String
            ? LlmErrorText.Shorten(LlmErrorText.FromElement(root) ?? e.GetRawText())
            : null;

    /// <summary>Parses a non-streamed chat.completion.</summary>
    public static ChatResponse ParseCompletion(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("choices", out var choices) || choices.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException("the body has no 'choices' array");
        }

        var contents = new List<AIContent>();
        ChatFinishReason? finish = null;
        if (choices.GetArrayLength() > 0)
        {
            var choice = choices[0];
            finish = FinishReason(Str(choice, "finish_reason"));
            if (choice.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.Object)
            {
                if ((Str(message, "reasoning_content") ?? Str(message, "reasoning")) is { Length: > 0 } reasoning)
                {
                    contents.Add(new TextReasoningContent(reasoning));
                }

                if (Str(message, "content") is { Length: > 0 } text)
                {
                    contents.Add(new TextContent(text));
                }

                if (message.TryGetProperty("tool_calls", out var toolCalls))
                {
                    var acc = new ToolCallAccumulator();
                    acc.Add(toolCalls);
                    contents.AddRange(acc.Build());
                }
            }
        }

        var response = new ChatResponse(new ChatMessage(ChatRole.Assistant, contents))
        {
            ResponseId = Str(root, "id"),
            ModelId = Str(root, "model"),
            CreatedAt = Created(root),
            FinishReason = finish,
            Usage = Usage(root),
        };
        response.Messages[0].MessageId = response.ResponseId;
        return response;
    }

    public static string? Str(JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    public static DateTimeOffset? Created(JsonElement root) =>
        root.TryGetProperty("created", out var c) && c.ValueKind == JsonValueKind.Number && c.TryGetInt64(out var s) && s > 0 && s < 253_402_300_799
            ? DateTimeOffset.FromUnixTimeSeconds(s)
            : null;

    private static long? Long(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var l) ? l : null;
}
