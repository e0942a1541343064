using System.Text.Json.Nodes;
using PeroCore.Agent.Prompts;
using PeroCore.Nit;
using PeroCore.Nit.Tools;

namespace PeroCore.Agent.Chat;

/// <summary>
/// Per-request state the core tools read and write, passed through <see cref="NitExecutionContext.Items"/> under
/// <see cref="ItemKey"/>: where the chat comes from, how to push triggers to the client, and whether
/// <c>finish_task</c> ran.
/// </summary>
public sealed class ChatToolState
{
    /// <summary>The item key in <see cref="NitExecutionContext.Items"/>.</summary>
    public const string ItemKey = "perocore.chat";

    /// <summary>Creates the state of one request.</summary>
    public ChatToolState(string source, string sessionId, ChatEventSink? sink)
    {
        Source = source;
        SessionId = sessionId;
        Sink = sink;
    }

    /// <summary>The chat source.</summary>
    public string Source { get; }

    /// <summary>The chat session.</summary>
    public string SessionId { get; }

    /// <summary>The chat's <c>prompt_language</c>: the language of what the core tools answer the model.</summary>
    public PromptLanguage Language { get; init; }

    /// <summary>Where events go (null outside a chat, e.g. the CLI).</summary>
    public ChatEventSink? Sink { get; }

    /// <summary>True once <c>finish_task</c> ran.</summary>
    public bool Finished { get; private set; }

    /// <summary>The summary given to <c>finish_task</c>, not yet shown to the user.</summary>
    public string? PendingSummary { get; set; }

    /// <summary>Marks the task finished.</summary>
    public void Finish(string? summary)
    {
        Finished = true;
        if (!string.IsNullOrWhiteSpace(summary))
        {
            PendingSummary = summary.Trim();
        }
    }

    /// <summary>Pushes a triggers event to the client, if there is one.</summary>
    public ValueTask EmitTriggersAsync(JsonObject triggers, CancellationToken cancellationToken) =>
        Sink is null ? ValueTask.CompletedTask : Sink(ChatEvent.StateTriggers(triggers), cancellationToken);

    /// <summary>A context that carries this state.</summary>
    public NitExecutionContext ToContext() => new() { Items = new Dictionary<string, object?> { [ItemKey] = this } };

    /// <summary>The state of the request a tool call belongs to, or null.</summary>
    public static ChatToolState? From(NitToolCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        return call.Context.Items.TryGetValue(ItemKey, out var value) ? value as ChatToolState : null;
    }
}
