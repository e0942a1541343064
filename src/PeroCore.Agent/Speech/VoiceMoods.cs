namespace PeroCore.Agent.Speech;

/// <summary>
/// The voice of a mood, after the original's <c>_get_voice_params</c> (<c>voice_manager.py</c>): a lively default of
/// +15 % rate and +5 Hz pitch; excited or happy moods +20 %/+7 Hz; sad or low moods +5 %/+2 Hz; angry moods +25 %/+4 Hz;
/// warm or loving moods +10 %/+5 Hz. The first matching row wins, in that order, and each row has Chinese and English
/// keywords (the original's Chinese ones first).
/// </summary>
public static class VoiceMoods
{
    /// <summary>The voice when no keyword matches.</summary>
    public static VoiceParameters Default { get; } = new(15, 5);

    /// <summary>The table, in matching order: keywords and their voice.</summary>
    public static IReadOnlyList<(string[] Keywords, VoiceParameters Voice)> Table { get; } =
    [
        (["兴奋", "开心", "高兴", "快乐", "激动", "excited", "happy", "joy", "cheerful", "glad"], new(20, 7)),
        (["难过", "低落", "伤心", "悲伤", "失落", "sad", "down", "low", "unhappy", "gloomy"], new(5, 2)),
        (["生气", "愤怒", "哼", "angry", "annoyed", "mad", "furious"], new(25, 4)),
        (["温馨", "爱", "主人", "warm", "love", "tender", "affectionate"], new(10, 5)),
    ];

    /// <summary>The voice for a mood text (a PetState <c>mood</c> such as <c>开心</c> or <c>happy</c>).</summary>
    public static VoiceParameters For(string? mood)
    {
        if (string.IsNullOrWhiteSpace(mood))
        {
            return Default;
        }

        foreach (var (keywords, voice) in Table)
        {
            if (keywords.Any(k => mood.Contains(k, StringComparison.OrdinalIgnoreCase)))
            {
                return voice;
            }
        }

        return Default;
    }
}
