using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using PeroCore.Agent.Llm;
using PeroCore.Nit;
using PeroCore.Nit.Runtime;
using PeroCore.Nit.Tools;

namespace PeroCore.Agent.Chat;

/// <summary>
/// Runs the tools a reply asks for, through one registry: native function calls and the NIT blocks of the reply
/// (run by the dispatcher and hidden from the user). Results are cut to their budgets before they reach the model.
/// </summary>
public sealed class ChatToolInvoker
{
    private readonly NitToolRegistry _tools;
    private readonly NitDispatcher _dispatcher;
    private readonly ChatAgentOptions _options;

    /// <summary>Creates the invoker.</summary>
    public ChatToolInvoker(NitToolRegistry tools, NitDispatcher dispatcher, IOptions<ChatAgentOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _tools = tools ?? throw new ArgumentNullException(nameof(tools));
        _dispatcher = dispatcher ?? throw new ArgumentNullException(nameof(dispatcher));
        _options = options.Value;
    }

    /// <summary>The registered tools that are enabled (groups switched off in config are left out).</summary>
    public IReadOnlyList<NitTool> Tools => _tools.EnabledTools;

    /// <summary>Every enabled tool as a native function declaration (tools switched off in config are left out).</summary>
    public IList<AITool> NativeTools() =>
        [.. _tools.EnabledTools.Select(t => (AITool)AIFunctionFactory.CreateDeclaration(t.Name, t.Description, t.ParametersSchema))];

    /// <summary>Every tool as a native function declaration, its descriptions in the language of <paramref name="texts"/>.</summary>
    internal IList<AITool> NativeTools(NitFeedbackTexts texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        if (texts.Glossary is null)
        {
            return NativeTools();
        }

        return [.. _tools.EnabledTools.Select(t => (AITool)AIFunctionFactory.CreateDeclaration(t.Name, texts.Translate(t.Description), TranslateSchema(t.ParametersSchema, texts)))];
    }

    /// <summary>The schema with every <c>description</c> string translated (names, types and defaults stay as they are).</summary>
    private static JsonElement TranslateSchema(JsonElement schema, NitFeedbackTexts texts)
    {
        if (JsonNode.Parse(schema.GetRawText()) is not { } root)
        {
            return schema;
        }

        Translate(root, texts);
        using var document = JsonDocument.Parse(root.ToJsonString());
        return document.RootElement.Clone();
    }

    private static void Translate(JsonNode node, NitFeedbackTexts texts)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj.ToList())
                {
                    if (key == "description" && value is JsonValue v && v.TryGetValue<string>(out var text))
                    {
                        obj[key] = texts.Translate(text);
                    }
                    else if (value is not null)
                    {
                        Translate(value, texts);
                    }
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    if (item is not null)
                    {
                        Translate(item, texts);
                    }
                }

                break;
        }
    }

    /// <summary>Runs one native call; the output is what the model reads back.</summary>
    internal async Task<(string Output, bool Ok)> InvokeNativeAsync(FunctionCallContent call, NitExecutionContext context, ChatTexts texts, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(texts);
        ArgumentNullException.ThrowIfNull(call);
        var raw = call.RawRepresentation is LlmToolCall tc ? tc.Arguments : null;
        if (raw is null && call.Arguments is not null)
        {
            raw = System.Text.Json.JsonSerializer.Serialize(call.Arguments.ToDictionary(kv => kv.Key, kv => kv.Value?.ToString()));
        }

        if (_tools.Find(call.Name) is null)
        {
            return (string.Format(System.Globalization.CultureInfo.InvariantCulture, texts.ToolNotFoundFormat, call.Name), false);
        }

        var outcome = await _tools.InvokeJsonAsync(call.Name, raw, context, ct).ConfigureAwait(false);
        if (outcome.Kind == NitToolOutcomeKind.InvalidArguments && raw is not null && outcome.Error?.Contains("JSON", StringComparison.OrdinalIgnoreCase) == true)
        {
            return (string.Format(System.Globalization.CultureInfo.InvariantCulture, texts.BadArgumentsFormat, texts.Nit.Localize(outcome.Error).TrimEnd('。')), false);
        }

        // Formatting stops at the cut: a huge tool result is never turned into text whole.
        // A failure's fixed texts (binder and registry errors) are shown in the prompt language; a result is the tool's own.
        var output = outcome.ToString(_options.ToolResultMaxLength, texts.Truncated);
        return (outcome.IsSuccess ? output : texts.Nit.Localize(output), outcome.IsSuccess);
    }

    /// <summary>Runs the NIT blocks of a reply.</summary>
    public ValueTask<NitDispatchResult> DispatchAsync(string reply, NitDispatchOptions options, NitExecutionContext context, CancellationToken ct) =>
        _dispatcher.DispatchAsync(reply, options, context, ct);
}
