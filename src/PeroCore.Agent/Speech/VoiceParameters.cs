namespace PeroCore.Agent.Speech;

/// <summary>Voice offsets from a provider's normal voice, as the original's edge-tts settings wrote them (<c>+15%</c>, <c>+5Hz</c>).</summary>
/// <param name="RatePercent">Speaking rate change in percent (<c>15</c> = 15 % faster).</param>
/// <param name="PitchHz">Pitch change in hertz.</param>
public sealed record VoiceParameters(int RatePercent, int PitchHz)
{
    /// <summary>No change.</summary>
    public static VoiceParameters Neutral { get; } = new(0, 0);

    /// <summary>The OpenAI <c>speed</c> value (<c>+15%</c> → 1.15), within the API's 0.25–4.0.</summary>
    public double Speed => Math.Clamp(1 + (RatePercent / 100.0), 0.25, 4.0);

    /// <summary>espeak-ng's <c>-s</c> words per minute: its default 175 scaled by the rate, within 80–450.</summary>
    public int EspeakWordsPerMinute => (int)Math.Clamp(Math.Round(175 * (1 + (RatePercent / 100.0))), 80, 450);

    /// <summary>espeak-ng's <c>-p</c> pitch (0–99, 50 normal): two steps per hertz of the offset.</summary>
    public int EspeakPitch => Math.Clamp(50 + (2 * PitchHz), 0, 99);
}
