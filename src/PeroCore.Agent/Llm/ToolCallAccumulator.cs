using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace PeroCore.Agent.Llm;

/// <summary>
/// Merges streamed <c>tool_calls</c> deltas by <c>index</c>: id and name are set by the first delta that carries them
/// (a later non-empty value overwrites), argument pieces are concatenated in arrival order.
/// </summary>
internal sealed class ToolCallAccumulator
{
    private readonly SortedDictionary<int, Builder> _calls = [];
    private int _lastIndex = -1;

    public bool HasCalls => _calls.Count > 0;

    /// <summary>Adds every element of a <c>tool_calls</c> array (delta or full message).</summary>
    public void Add(JsonElement toolCalls)
    {
        if (toolCalls.ValueKind != JsonValueKind.Array)
        {
            return;
        }

        foreach (var call in toolCalls.EnumerateArray())
        {
            if (call.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            var id = call.TryGetProperty("id", out var idEl) && idEl.ValueKind == JsonValueKind.String ? idEl.GetString() : null;
            int index;
            if (call.TryGetProperty("index", out var indexEl) && indexEl.ValueKind == JsonValueKind.Number && indexEl.TryGetInt32(out var i))
            {
                index = i;
            }
            else if (_lastIndex < 0 || (!string.IsNullOrEmpty(id) && _calls[_lastIndex].Id is { Length: > 0 } lastId && lastId != id))
            {
                // Servers that omit the index: a new id starts a new call.
                index = _lastIndex + 1;
            }
            else
            {
                index = _lastIndex;
            }

            if (!_calls.TryGetValue(index, out var builder))
            {
                builder = new Builder();
                _calls[index] = builder;
            }

            _lastIndex = index;
            if (!string.IsNullOrEmpty(id))
            {
                builder.Id = id;
            }

            if (call.TryGetProperty("function", out var fn) && fn.ValueKind == JsonValueKind.Object)
            {
                if (fn.TryGetProperty("name", out var nameEl) && nameEl.ValueKind == JsonValueKind.String && nameEl.GetString() is { Length: > 0 } name)
                {
                    builder.Name = name;
                }

                if (fn.TryGetProperty("arguments", out var args))
                {
                    if (args.ValueKind == JsonValueKind.String)
                    {
                        builder.Arguments.Append(args.GetString());
                    }
                    else if (args.ValueKind is JsonValueKind.Object or JsonValueKind.Array)
                    {
                        // Some servers send the arguments as an object instead of a JSON string.
                        builder.Arguments.Append(args.GetRawText());
                    }
                }
            }
        }
    }

    /// <summary>The merged calls as M.E.AI contents, in index order.</summary>
    public List<AIContent> Build()
    {
        var list = new List<AIContent>(_calls.Count);
        foreach (var (index, b) in _calls)
        {
            var id = string.IsNullOrEmpty(b.Id) ? "call_" + index.ToString(System.Globalization.CultureInfo.InvariantCulture) + "_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6)) : b.Id;
            var raw = new LlmToolCall(index, id, b.Name ?? string.Empty, b.Arguments.ToString());
            var content = FunctionCallContent.CreateFromParsedArguments(raw.Arguments, raw.Id, raw.Name, ParseArguments);
            content.RawRepresentation = raw;
            list.Add(content);
        }

        return list;
    }

    private static Dictionary<string, object?>? ParseArguments(string json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return [];
        }

        return JsonSerializer.Deserialize(json, AIJsonUtilities.DefaultOptions.GetTypeInfo(typeof(Dictionary<string, object?>))) as Dictionary<string, object?>;
    }

    private sealed class Builder
    {
        public string? Id { get; set; }

        public string? Name { get; set; }

        public StringBuilder Arguments { get; } = new();
    }
}
