using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using PeroCore.Memory.Storage;

namespace PeroCore.Agent.Secretary.Steps;

/// <summary>
/// Live2D line refresh: new click, idle and back lines for the pet from recent memories, written to the pet state.
/// Answer: <c>{"click": {"head": [...], "chest": [...], "body": [...]}, "idle": [...], "back": [...]}</c> (each part
/// optional; lines are non-empty text of at most 200 characters, at most 20 per list).
/// </summary>
public sealed class PetLinesStep : SecretaryStep
{
    private static readonly string[] ClickAreas = ["head", "chest", "body"];
    private static readonly JsonSerializerOptions Readable = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <inheritdoc/>
    public override string Name => "pet_lines";

    /// <inheritdoc/>
    public override SecretaryCounter Counter => SecretaryCounter.PetLines;

    /// <inheritdoc/>
    public override async Task<SecretaryPlan?> PlanAsync(SecretaryStepContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var recent = await context.NewestAsync(SecretaryMemoryTypes.Fragments, 20, 0, cancellationToken).ConfigureAwait(false);
        context.BatchSize = recent.Count;
        if (recent.Count == 0)
        {
            return null;
        }

        var current = await context.Store.PetStates.GetCurrentAsync(cancellationToken).ConfigureAwait(false) ?? context.Options.PetStateDefaults;
        var answer = await context.AskAsync("secretary_pet_lines", new
        {
            memories = recent.Select(m => m.Content).ToList(),
            current = new
            {
                click = JsonNode.Parse(current.ClickMessagesJson),
                idle = JsonNode.Parse(current.IdleMessagesJson),
                back = JsonNode.Parse(current.BackMessagesJson),
            },
        }, 0.7f, cancellationToken).ConfigureAwait(false);
        var root = SecretaryJson.ExtractValue(answer);
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new SecretaryAnswerException("Expected a JSON object with \"click\", \"idle\" and/or \"back\".");
        }

        var click = JsonNode.Parse(current.ClickMessagesJson) as JsonObject ?? [];
        var changed = false;
        if (SecretaryJson.Property(root, "click") is { ValueKind: not JsonValueKind.Null } clickValue)
        {
            if (clickValue.ValueKind != JsonValueKind.Object)
            {
                throw new SecretaryAnswerException("click: expected an object of areas (head, chest, body).");
            }

            foreach (var area in clickValue.EnumerateObject())
            {
                if (!ClickAreas.Contains(area.Name, StringComparer.Ordinal))
                {
                    throw new SecretaryAnswerException($"click: unknown area \"{area.Name}\" (head, chest or body).");
                }

                click[area.Name] = Lines(area.Value, $"click.{area.Name}");
                changed = true;
            }
        }

        var idle = SecretaryJson.Property(root, "idle") is { ValueKind: not JsonValueKind.Null } i ? Lines(i, "idle") : null;
        var back = SecretaryJson.Property(root, "back") is { ValueKind: not JsonValueKind.Null } b ? Lines(b, "back") : null;
        if (!changed && idle is null && back is null)
        {
            return null;
        }

        var updated = current with
        {
            ClickMessagesJson = click.ToJsonString(Readable),
            IdleMessagesJson = idle?.ToJsonString(Readable) ?? current.IdleMessagesJson,
            BackMessagesJson = back?.ToJsonString(Readable) ?? current.BackMessagesJson,
        };
        return new SecretaryPlan([], 1)
        {
            ApplyOutside = ct => context.Store.PetStates.SaveAsync(updated, ct),
            PetLines = new PetLinesChange(PetLines.Of(current), PetLines.Of(updated)),
            Note = "Live2D lines are kept in the pet state, outside memory history: undoing the run puts the earlier lines back unless they were changed since.",
        };
    }

    private static JsonArray Lines(JsonElement value, string where)
    {
        if (value.ValueKind != JsonValueKind.Array)
        {
            throw new SecretaryAnswerException($"{where}: expected a list of lines.");
        }

        var lines = value.EnumerateArray().Select((l, n) => SecretaryJson.Text(l, $"{where}[{n}]", 200)).ToList();
        if (lines.Count is 0 or > 20)
        {
            throw new SecretaryAnswerException($"{where}: expected 1 to 20 lines, got {lines.Count}.");
        }

        return new JsonArray(lines.Select(l => (JsonNode?)JsonValue.Create(l)).ToArray());
    }
}
