using System.Text.Json.Serialization;

namespace PeroCore.Agent.Secretary;

/// <summary>
/// The report of a run: the original's keys (<c>preferences_extracted</c>, <c>important_tagged</c>,
/// <c>consolidated</c>, <c>cleaned_count</c>, <c>retired_count</c>, <c>waifu_texts_updated</c>, <c>record_id</c>)
/// and ours beside them (<c>kind</c>, <c>status</c>, <c>llm_calls</c>, <c>relations_added</c>, <c>steps</c>).
/// </summary>
public sealed record SecretaryReport
{
    /// <summary>Preferences extracted.</summary>
    [JsonPropertyName("preferences_extracted")]
    public int PreferencesExtracted { get; init; }

    /// <summary>Memories tagged with an importance.</summary>
    [JsonPropertyName("important_tagged")]
    public int ImportantTagged { get; init; }

    /// <summary>Merges (consolidation) or memories summarised (daily summary).</summary>
    [JsonPropertyName("consolidated")]
    public int Consolidated { get; init; }

    /// <summary>Memories archived by the audit.</summary>
    [JsonPropertyName("cleaned_count")]
    public int CleanedCount { get; init; }

    /// <summary>Memories archived by the size boundary or forgetting.</summary>
    [JsonPropertyName("retired_count")]
    public int RetiredCount { get; init; }

    /// <summary>Whether the Live2D lines were refreshed.</summary>
    [JsonPropertyName("waifu_texts_updated")]
    public bool WaifuTextsUpdated { get; init; }

    /// <summary>The maintenance record (for undo).</summary>
    [JsonPropertyName("record_id")]
    public long RecordId { get; init; }

    /// <summary>What ran (<see cref="SecretaryJobs"/>).</summary>
    [JsonPropertyName("kind")]
    public string Kind { get; init; } = SecretaryJobs.Maintenance;

    /// <summary><c>completed</c>, or <c>interrupted</c> when the host stopped during the run.</summary>
    [JsonPropertyName("status")]
    public string Status { get; init; } = "completed";

    /// <summary>Model calls made.</summary>
    [JsonPropertyName("llm_calls")]
    public int LlmCalls { get; init; }

    /// <summary>Relations added.</summary>
    [JsonPropertyName("relations_added")]
    public int RelationsAdded { get; init; }

    /// <summary>One result per step, in order.</summary>
    [JsonPropertyName("steps")]
    public IReadOnlyList<SecretaryStepResult> Steps { get; init; } = [];
}
