using System.Text.Json.Serialization;

namespace PeroCore.Agent.Secretary;

/// <summary>What one step of a run did, as kept in the record's <c>steps</c> JSON.</summary>
public sealed record SecretaryStepResult
{
    /// <summary>Step name (<c>importance</c>, <c>consolidation</c>...).</summary>
    [JsonPropertyName("step")]
    public required string Step { get; init; }

    /// <summary><c>applied</c>, <c>nothing_to_do</c>, <c>rejected</c> (the answer failed validation), <c>failed</c> or <c>skipped</c>.</summary>
    [JsonPropertyName("status")]
    public required string Status { get; init; }

    /// <summary>Model calls the step made.</summary>
    [JsonPropertyName("llm_calls")]
    public int LlmCalls { get; init; }

    /// <summary>Memories shown to the model (or looked at).</summary>
    [JsonPropertyName("batch_size")]
    public int BatchSize { get; init; }

    /// <summary>The count the step reports (memories tagged, merges, archived...).</summary>
    [JsonPropertyName("count")]
    public int Count { get; init; }

    /// <summary>Memories added.</summary>
    [JsonPropertyName("created_ids")]
    public IReadOnlyList<long> CreatedIds { get; init; } = [];

    /// <summary>Memories edited.</summary>
    [JsonPropertyName("updated_ids")]
    public IReadOnlyList<long> UpdatedIds { get; init; } = [];

    /// <summary>Memories archived.</summary>
    [JsonPropertyName("archived_ids")]
    public IReadOnlyList<long> ArchivedIds { get; init; } = [];

    /// <summary>Relations added.</summary>
    [JsonPropertyName("relations_added")]
    public int RelationsAdded { get; init; }

    /// <summary>The Live2D lines the step replaced and the ones it wrote (the <c>pet_lines</c> step only), for undo.</summary>
    [JsonPropertyName("pet_lines")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public PetLinesChange? PetLines { get; init; }

    /// <summary>Why nothing was applied (validation message or error), or a note.</summary>
    [JsonPropertyName("message")]
    public string? Message { get; init; }
}
