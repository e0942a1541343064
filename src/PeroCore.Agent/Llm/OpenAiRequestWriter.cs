using System.Buffers;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace PeroCore.Agent.Llm;

/// <summary>Writes the JSON body of a <c>/chat/completions</c> request from M.E.AI messages and options.</summary>
internal static class OpenAiRequestWriter
{
    private static readonly JsonSerializerOptions Json = AIJsonUtilities.DefaultOptions;

    public static byte[] Write(LlmEndpoint endpoint, IEnumerable<ChatMessage> messages, ChatOptions? options, bool stream, out int messageCount, out int toolCount)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        using (var w = new Utf8JsonWriter(buffer))
        {
            var written = new HashSet<string>(StringComparer.Ordinal);
            void Name(string name)
            {
                written.Add(name);
                w.WritePropertyName(name);
            }

            w.WriteStartObject();
            Name("model");
            w.WriteStringValue(string.IsNullOrWhiteSpace(options?.ModelId) ? endpoint.Model : options.ModelId);

            Name("messages");
            w.WriteStartArray();
            messageCount = 0;
            if (!string.IsNullOrEmpty(options?.Instructions))
            {
                w.WriteStartObject();
                w.WriteString("role", "system");
                w.WriteString("content", options.Instructions);
                w.WriteEndObject();
                messageCount++;
            }

            foreach (var message in messages)
            {
                messageCount += WriteMessage(w, message);
            }

            w.WriteEndArray();

            Name("stream");
            w.WriteBooleanValue(stream);

            Name("temperature");
            if (options?.Temperature is { } t)
            {
                w.WriteNumberValue(t);
            }
            else
            {
                w.WriteNumberValue(endpoint.Temperature);
            }

            if (options?.TopP is { } topP)
            {
                Name("top_p");
                w.WriteNumberValue(topP);
            }
            else if (endpoint.TopP is { } cardTopP)
            {
                Name("top_p");
                w.WriteNumberValue(cardTopP);
            }

            if ((options?.MaxOutputTokens ?? endpoint.MaxTokens) is { } maxTokens)
            {
                Name("max_tokens");
                w.WriteNumberValue(maxTokens);
            }

            if (options?.FrequencyPenalty is { } fp)
            {
                Name("frequency_penalty");
                w.WriteNumberValue(fp);
            }

            if (options?.PresencePenalty is { } pp)
            {
                Name("presence_penalty");
                w.WriteNumberValue(pp);
            }

            if (options?.Seed is { } seed)
            {
                Name("seed");
                w.WriteNumberValue(seed);
            }

            if (options?.StopSequences is { Count: > 0 } stops)
            {
                Name("stop");
                w.WriteStartArray();
                foreach (var s in stops)
                {
                    w.WriteStringValue(s);
                }

                w.WriteEndArray();
            }

            WriteResponseFormat(w, options?.ResponseFormat, Name);
            toolCount = WriteTools(w, options, Name);

            if (options?.AdditionalProperties is { Count: > 0 } extra)
            {
                foreach (var (key, value) in extra)
                {
                    if (written.Contains(key))
                    {
                        continue;
                    }

                    Name(key);
                    JsonSerializer.Serialize(w, value, Json.GetTypeInfo(typeof(object)));
                }
            }

            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteResponseFormat(Utf8JsonWriter w, ChatResponseFormat? format, Action<string> name)
    {
        switch (format)
        {
            case ChatResponseFormatJson { Schema: { } schema } json:
                name("response_format");
                w.WriteStartObject();
                w.WriteString("type", "json_schema");
                w.WriteStartObject("json_schema");
                w.WriteString("name", string.IsNullOrWhiteSpace(json.SchemaName) ? "response" : json.SchemaName);
                if (!string.IsNullOrWhiteSpace(json.SchemaDescription))
                {
                    w.WriteString("description", json.SchemaDescription);
                }

                w.WritePropertyName("schema");
                schema.WriteTo(w);
                w.WriteEndObject();
                w.WriteEndObject();
                break;
            case ChatResponseFormatJson:
                name("response_format");
                w.WriteStartObject();
                w.WriteString("type", "json_object");
                w.WriteEndObject();
                break;
            default:
                // Text (or null): the server's default; nothing to send.
                break;
        }
    }

    private static int WriteTools(Utf8JsonWriter w, ChatOptions? options, Action<string> name)
    {
        var functions = options?.Tools?.OfType<AIFunctionDeclaration>().ToList() ?? [];
        if (functions.Count == 0 || options!.ToolMode is NoneChatToolMode)
        {
            if (functions.Count > 0)
            {
                // Tools were given but explicitly disabled for this call.
                name("tool_choice");
                w.WriteStringValue("none");
                WriteToolArray(w, functions, name);
            }

            return functions.Count;
        }

        WriteToolArray(w, functions, name);
        switch (options.ToolMode)
        {
            case RequiredChatToolMode { RequiredFunctionName: { } fn }:
                name("tool_choice");
                w.WriteStartObject();
                w.WriteString("type", "function");
                w.WriteStartObject("function");
                w.WriteString("name", fn);
                w.WriteEndObject();
                w.WriteEndObject();
                break;
            case RequiredChatToolMode:
                name("tool_choice");
                w.WriteStringValue("required");
                break;
            case AutoChatToolMode:
                name("tool_choice");
                w.WriteStringValue("auto");
                break;
            default:
                break;
        }

        if (options.AllowMultipleToolCalls is { } parallel)
        {
            name("parallel_tool_calls");
            w.WriteBooleanValue(parallel);
        }

        return functions.Count;
    }

    private static void WriteToolArray(Utf8JsonWriter w, List<AIFunctionDeclaration> functions, Action<string> name)
    {
        name("tools");
        w.WriteStartArray();
        foreach (var f in functions)
        {
            w.WriteStartObject();
            w.WriteString("type", "function");
            w.WriteStartObject("function");
            w.WriteString("name", f.Name);
            if (!string.IsNullOrWhiteSpace(f.Description))
            {
                w.WriteString("description", f.Description);
            }

            w.WritePropertyName("parameters");
            if (f.JsonSchema.ValueKind == JsonValueKind.Object)
            {
                f.JsonSchema.WriteTo(w);
            }
            else
            {
                w.WriteStartObject();
                w.WriteString("type", "object");
                w.WriteStartObject("properties");
                w.WriteEndObject();
                w.WriteEndObject();
            }

            w.WriteEndObject();
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    /// <summary>Writes one M.E.AI message as one or more wire messages; returns how many.</summary>
    private static int WriteMessage(Utf8JsonWriter w, ChatMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var results = message.Contents.OfType<FunctionResultContent>().ToList();
        var calls = message.Contents.OfType<FunctionCallContent>().ToList();
        var count = 0;

        var hasOtherContent = message.Contents.Any(c => c is TextContent { Text.Length: > 0 } or DataContent or UriContent);
        if (results.Count == 0 || hasOtherContent || calls.Count > 0)
        {
            var role = message.Role == ChatRole.Tool && results.Count > 0 ? ChatRole.User : message.Role;
            w.WriteStartObject();
            w.WriteString("role", role.Value);
            if (!string.IsNullOrEmpty(message.AuthorName))
            {
                w.WriteString("name", message.AuthorName);
            }

            WriteContent(w, message, calls.Count > 0);
            if (calls.Count > 0)
            {
                w.WriteStartArray("tool_calls");
                foreach (var call in calls)
                {
                    w.WriteStartObject();
                    w.WriteString("id", call.CallId);
                    w.WriteString("type", "function");
                    w.WriteStartObject("function");
                    w.WriteString("name", call.Name);
                    w.WriteString("arguments", ArgumentsText(call));
                    w.WriteEndObject();
                    w.WriteEndObject();
                }

                w.WriteEndArray();
            }

            w.WriteEndObject();
            count++;
        }

        foreach (var result in results)
        {
            w.WriteStartObject();
            w.WriteString("role", "tool");
            w.WriteString("tool_call_id", result.CallId);
            w.WriteString("content", ResultText(result.Result));
            w.WriteEndObject();
            count++;
        }

        return count;
    }

    private static void WriteContent(Utf8JsonWriter w, ChatMessage message, bool hasToolCalls)
    {
        var hasMedia = message.Contents.Any(c => c is DataContent or UriContent);
        if (!hasMedia)
        {
            var text = string.Concat(message.Contents.OfType<TextContent>().Select(t => t.Text));
            if (text.Length == 0 && hasToolCalls)
            {
                w.WriteNull("content");
            }
            else
            {
                w.WriteString("content", text);
            }

            return;
        }

        w.WriteStartArray("content");
        foreach (var content in message.Contents)
        {
            switch (content)
            {
                case TextContent { Text.Length: > 0 } text:
                    w.WriteStartObject();
                    w.WriteString("type", "text");
                    w.WriteString("text", text.Text);
                    w.WriteEndObject();
                    break;
                case DataContent data:
                    w.WriteStartObject();
                    w.WriteString("type", "image_url");
                    w.WriteStartObject("image_url");
                    w.WriteString("url", data.Uri);
                    w.WriteEndObject();
                    w.WriteEndObject();
                    break;
                case UriContent uri:
                    w.WriteStartObject();
                    w.WriteString("type", "image_url");
                    w.WriteStartObject("image_url");
                    w.WriteString("url", uri.Uri.ToString());
                    w.WriteEndObject();
                    w.WriteEndObject();
                    break;
                default:
                    break;
            }
        }

        w.WriteEndArray();
    }

    private static string ArgumentsText(FunctionCallContent call)
    {
        if (call.RawRepresentation is LlmToolCall raw)
        {
            return raw.Arguments;
        }

        return call.Arguments is null ? "{}" : JsonSerializer.Serialize(call.Arguments, Json.GetTypeInfo(typeof(IDictionary<string, object?>)));
    }

    private static string ResultText(object? result) => result switch
    {
        null => string.Empty,
        string s => s,
        JsonElement { ValueKind: JsonValueKind.String } e => e.GetString() ?? string.Empty,
        JsonElement e => e.GetRawText(),
        _ => JsonSerializer.Serialize(result, Json.GetTypeInfo(typeof(object))),
    };
}
