using PeroCore.Memory.Storage;

namespace PeroCore.Server.Configuration;

/// <summary>Section <c>PetState</c>: the state a new companion starts with.</summary>
[SettingsSection("PetState")]
internal sealed class PetStateOptions
{
    private const string DefaultMood = "开心";
    private const string DefaultVibe = "活泼";
    private const string DefaultMind = "正在想主人...";

    /// <summary><c>PetState:Mood</c>.</summary>
    public string Mood { get; set; } = DefaultMood;

    /// <summary><c>PetState:Vibe</c>.</summary>
    public string Vibe { get; set; } = DefaultVibe;

    /// <summary><c>PetState:Mind</c>.</summary>
    public string Mind { get; set; } = DefaultMind;

    /// <summary>The state record (a blank value keeps its default).</summary>
    public PetStateRecord ToRecord() => new()
    {
        Mood = Or(Mood, DefaultMood),
        Vibe = Or(Vibe, DefaultVibe),
        Mind = Or(Mind, DefaultMind),
    };

    private static string Or(string? value, string fallback) => string.IsNullOrWhiteSpace(value) ? fallback : value.Trim();
}
