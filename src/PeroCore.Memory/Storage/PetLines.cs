using System.Text.Json.Serialization;

namespace PeroCore.Memory.Storage;

/// <summary>The Live2D lines of a pet state, as stored: the click reactions (a JSON object) and the idle and back lines (JSON arrays).</summary>
/// <param name="Click">JSON object of click reactions by area.</param>
/// <param name="Idle">JSON array of idle lines.</param>
/// <param name="Back">JSON array of welcome-back lines.</param>
public sealed record PetLines(
    [property: JsonPropertyName("click")] string Click,
    [property: JsonPropertyName("idle")] string Idle,
    [property: JsonPropertyName("back")] string Back)
{
    /// <summary>The lines of <paramref name="state"/>.</summary>
    public static PetLines Of(PetStateRecord state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return new PetLines(state.ClickMessagesJson, state.IdleMessagesJson, state.BackMessagesJson);
    }
}
