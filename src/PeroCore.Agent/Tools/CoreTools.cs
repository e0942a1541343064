using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using PeroCore.Agent.Chat;
using PeroCore.Agent.Prompts;
using PeroCore.Memory;
using PeroCore.Memory.Ingestion;
using PeroCore.Memory.Recall;
using PeroCore.Memory.Storage;
using PeroCore.Nit.Tools;
using PeroCore.Memory.History;

namespace PeroCore.Agent.Tools;

/// <summary>
/// The built-in tools every chat can use: <c>finish_task</c>, <c>update_character_status</c> (aliases
/// <c>update_status</c>, <c>set_status</c>), <c>recall_memories</c> and <c>save_memory</c>. The same tools answer NIT
/// scripts and native function calls.
/// </summary>
public static class CoreTools
{
    /// <summary>The tool that ends the ReAct loop.</summary>
    public const string FinishTask = "finish_task";

    /// <summary>The tool that changes the pet state.</summary>
    public const string UpdateCharacterStatus = "update_character_status";

    /// <summary>What <c>finish_task</c> answers in English (Chinese chats get <see cref="CoreToolResultTexts.Chinese"/>).</summary>
    public const string FinishedMessage = "Task finished. Terminating loop.";

    private static readonly string[] ClickAreas = ["head", "chest", "body"];

    // Stored and returned JSON keeps non-ASCII text readable (the model and the database see the real characters).
    private static readonly JsonSerializerOptions Readable = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Creates a registry holding the core tools.</summary>
    /// <param name="store">The store (pet state).</param>
    /// <param name="engine">The memory engine, or null to leave the memory tools out.</param>
    /// <param name="petDefaults">The state a new companion starts with.</param>
    public static NitToolRegistry CreateRegistry(PeroStore store, MemoryEngine? engine, PetStateRecord petDefaults)
    {
        var registry = new NitToolRegistry();
        registry.AddRange(Create(store, engine, petDefaults));
        return registry;
    }

    /// <summary>The core tools.</summary>
    public static IEnumerable<NitTool> Create(PeroStore store, MemoryEngine? engine, PetStateRecord petDefaults)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(petDefaults);

        yield return NitTool.Create(FinishTask)
            .InPlugin("CoreOps", "Core", "Task control and the companion's own state.")
            .WithDescription("Ends a task of several steps; the summary is shown to the owner.")
            .WithParameter("summary", NitParameterType.String, "What was done, in one or two sentences.", required: true)
            .WithOptionalParameter("status", NitParameterType.String, "success", "success or failure.")
            .Handle(call =>
            {
                var state = ChatToolState.From(call);
                state?.Finish(call.GetString("summary"));
                return (object?)TextsOf(state).Finished;
            })
            .Build();

        yield return NitTool.Create(UpdateCharacterStatus)
            .InPlugin("CoreOps", "Core", "Task control and the companion's own state.")
            .WithAlias("update_status")
            .WithAlias("set_status")
            .WithDescription("Changes your mood, vibe and inner thought, and the lines your avatar says when touched, idle or welcoming the owner back.")
            .WithOptionalParameter("mood", NitParameterType.String, null, "Your mood, e.g. happy.")
            .WithOptionalParameter("vibe", NitParameterType.String, null, "Your overall vibe, e.g. lively.")
            .WithOptionalParameter("mind", NitParameterType.String, null, "What is on your mind.")
            .WithOptionalParameter("click_head_msgs", NitParameterType.Any, null, "Lines when the head is touched (list or comma-separated).")
            .WithOptionalParameter("click_chest_msgs", NitParameterType.Any, null, "Lines when the chest is touched.")
            .WithOptionalParameter("click_body_msgs", NitParameterType.Any, null, "Lines when the body is touched.")
            .WithOptionalParameter("idle_msgs", NitParameterType.Any, null, "Lines while the owner is idle.")
            .WithOptionalParameter("back_msgs", NitParameterType.Any, null, "Lines when the owner comes back.")
            .Handle((call, ct) => UpdateStatusAsync(call, store, petDefaults, ct))
            .Build();

        if (engine is null)
        {
            yield break;
        }

        yield return NitTool.Create("recall_memories")
            .InPlugin("MemoryOps", "Memory", "Your long-term memory of the owner.")
            .WithDescription("Searches your long-term memory and returns the most relevant memories.")
            .WithParameter("query", NitParameterType.String, "What to look for.", required: true)
            .WithOptionalParameter("limit", NitParameterType.Integer, 5L, "How many memories (1-20).")
            .Handle(async (call, ct) =>
            {
                var query = call.GetString("query") ?? string.Empty;
                var limit = (int)Math.Clamp(call.GetInt64("limit") ?? 5, 1, 20);
                var result = await engine.RecallAsync(new RecallRequest
                {
                    Query = query,
                    Options = engine.Options.Recall with { Limit = limit },
                }, ct).ConfigureAwait(false);
                if (result.Memories.Count == 0)
                {
                    return TextsOf(ChatToolState.From(call)).NoMemories;
                }

                var sb = new StringBuilder();
                foreach (var m in result.Memories)
                {
                    sb.Append("- [").Append(m.Memory.Id.ToString(CultureInfo.InvariantCulture)).Append("] ").Append(m.Memory.Content).Append('\n');
                }

                return sb.ToString().TrimEnd();
            })
            .Build();

        yield return NitTool.Create("save_memory")
            .InPlugin("MemoryOps", "Memory", "Your long-term memory of the owner.")
            .WithDescription("Saves something worth remembering about the owner to long-term memory.")
            .WithParameter("content", NitParameterType.String, "The fact or event, in one sentence.", required: true)
            .WithOptionalParameter("tags", NitParameterType.Any, null, "Keywords (list or comma-separated).")
            .WithOptionalParameter("importance", NitParameterType.Integer, 5L, "1 (trivial) to 10 (vital).")
            .Handle(async (call, ct) =>
            {
                var content = call.GetString("content");
                var state = ChatToolState.From(call);
                if (string.IsNullOrWhiteSpace(content))
                {
                    throw new ArgumentException(TextsOf(state).ContentEmpty);
                }

                var record = await engine.AddAsync(new NewMemory
                {
                    Content = content.Trim(),
                    Tags = ToList(call["tags"]) ?? [],
                    Importance = (int)Math.Clamp(call.GetInt64("importance") ?? 5, 1, 10),
                    Source = state?.Source ?? "desktop",
                    Type = "event",
                }, ChangeOrigin.Tool, ct).ConfigureAwait(false);
                return string.Format(CultureInfo.InvariantCulture, TextsOf(state).SavedMemoryFormat, record.Id);
            })
            .Build();
    }

    private static async ValueTask<object?> UpdateStatusAsync(NitToolCall call, PeroStore store, PetStateRecord defaults, CancellationToken ct)
    {
        var mood = Blank(call.GetString("mood"));
        var vibe = Blank(call.GetString("vibe"));
        var mind = Blank(call.GetString("mind"));
        var clicks = ClickAreas.Select(a => (Area: a, Lines: ToList(call[$"click_{a}_msgs"]))).Where(c => c.Lines is not null).ToList();
        var idle = ToList(call["idle_msgs"]);
        var back = ToList(call["back_msgs"]);
        if (mood is null && vibe is null && mind is null && clicks.Count == 0 && idle is null && back is null)
        {
            return TextsOf(ChatToolState.From(call)).NoStatusUpdates;
        }

        var current = await store.PetStates.GetOrCreateAsync(defaults, ct).ConfigureAwait(false);
        var clickObject = ParseObject(current.ClickMessagesJson);
        foreach (var (area, lines) in clicks)
        {
            clickObject[area] = new JsonArray(lines!.Select(l => (JsonNode?)JsonValue.Create(l)).ToArray());
        }

        var idleArray = idle is null ? ParseArray(current.IdleMessagesJson) : new JsonArray(idle.Select(l => (JsonNode?)JsonValue.Create(l)).ToArray());
        var backArray = back is null ? ParseArray(current.BackMessagesJson) : new JsonArray(back.Select(l => (JsonNode?)JsonValue.Create(l)).ToArray());
        var saved = await store.PetStates.SaveAsync(current with
        {
            Mood = mood ?? current.Mood,
            Vibe = vibe ?? current.Vibe,
            Mind = mind ?? current.Mind,
            ClickMessagesJson = clickObject.ToJsonString(Readable),
            IdleMessagesJson = idleArray.ToJsonString(Readable),
            BackMessagesJson = backArray.ToJsonString(Readable),
        }, ct).ConfigureAwait(false);

        var triggers = new JsonObject
        {
            ["state"] = new JsonObject { ["mood"] = saved.Mood, ["vibe"] = saved.Vibe, ["mind"] = saved.Mind },
            ["click_messages"] = clickObject.DeepClone(),
            ["idle_messages"] = idleArray.DeepClone(),
            ["back_messages"] = backArray.DeepClone(),
        };
        if (ChatToolState.From(call) is { } state)
        {
            await state.EmitTriggersAsync(triggers, ct).ConfigureAwait(false);
        }

        return triggers.ToJsonString(Readable);
    }

    /// <summary>A list argument given as a list, a JSON array string or comma-separated text; null when absent.</summary>
    internal static List<string>? ToList(object? value)
    {
        switch (value)
        {
            case null:
                return null;
            case string s:
                var text = s.Trim();
                if (text.StartsWith('['))
                {
                    try
                    {
                        if (JsonNode.Parse(text) is JsonArray array)
                        {
                            return array.Select(n => n is JsonValue v && v.TryGetValue<string>(out var str) ? str : n?.ToJsonString() ?? string.Empty)
                                .Where(x => x.Length > 0).ToList();
                        }
                    }
                    catch (JsonException)
                    {
                        // Not JSON: split below.
                    }
                }

                return text.Split([',', '，', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
            case System.Collections.IEnumerable items:
                return items.Cast<object?>().Select(i => i is string str ? str : Convert.ToString(i, CultureInfo.InvariantCulture) ?? string.Empty)
                    .Where(x => x.Length > 0).ToList();
            default:
                return [Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty];
        }
    }

    private static JsonObject ParseObject(string json)
    {
        try
        {
            return JsonNode.Parse(json) as JsonObject ?? [];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    private static JsonArray ParseArray(string json)
    {
        try
        {
            return JsonNode.Parse(json) as JsonArray ?? [];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    private static CoreToolResultTexts TextsOf(ChatToolState? state) => CoreToolResultTexts.For(state?.Language ?? PromptLanguage.English);

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
