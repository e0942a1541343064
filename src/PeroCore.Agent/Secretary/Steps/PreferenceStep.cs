using System.Text.Json;
using PeroCore.Agent.Prompts;
using PeroCore.Memory.Storage;

namespace PeroCore.Agent.Secretary.Steps;

/// <summary>
/// Preference extraction: lasting traits of the owner become memories of type <c>preference</c> (source
/// <c>secretary</c>). Answer: <c>["trait", ...]</c> or <c>{"preferences": [...]}</c>; a trait already stored with the
/// same text is left out.
/// </summary>
public sealed class PreferenceStep : SecretaryStep
{
    /// <inheritdoc/>
    public override string Name => "preferences";

    /// <inheritdoc/>
    public override SecretaryCounter Counter => SecretaryCounter.PreferencesExtracted;

    /// <inheritdoc/>
    public override async Task<SecretaryPlan?> PlanAsync(SecretaryStepContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var batch = await context.NewestAsync(SecretaryMemoryTypes.Fragments, context.Options.BatchSize, 0, cancellationToken).ConfigureAwait(false);
        context.BatchSize = batch.Count;
        if (batch.Count == 0)
        {
            return null;
        }

        var known = await context.NewestAsync(["preference"], 200, 0, cancellationToken).ConfigureAwait(false);
        var answer = await context.AskAsync("secretary_preferences", new
        {
            memories = batch.Select(m => new { id = m.Id, content = m.Content, time = SecretaryStepContext.TimeText(m.Timestamp) }).ToList(),
            known_preferences = known.Select(p => p.Content).ToList(),
        }, 0.3f, cancellationToken).ConfigureAwait(false);
        var list = SecretaryJson.ArrayOf(SecretaryJson.ExtractValue(answer), "preferences");
        var existing = known.Select(k => k.Content.Trim()).ToHashSet(StringComparer.Ordinal);
        var tag = context.Prompts.Language == PromptLanguage.Chinese ? "偏好" : "preference";
        var ops = new List<SecretaryOperation>();
        var index = 0;
        foreach (var item in list.EnumerateArray())
        {
            var where = $"preference {++index}";
            var text = SecretaryJson.Text(item.ValueKind == JsonValueKind.Object ? SecretaryJson.Property(item, "content") ?? default : item, where, 500);
            if (!existing.Add(text))
            {
                continue;
            }

            ops.Add(new AddMemoryOperation(new NewMemory { Content = text, Tags = [tag], Importance = 5, Source = "secretary", Type = "preference" }, []));
        }

        return new SecretaryPlan(ops, ops.Count);
    }
}
