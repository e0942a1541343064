namespace PeroCore.Agent.Secretary;

/// <summary>Which count of the maintenance record (the original's report keys) a step adds to.</summary>
public enum SecretaryCounter
{
    /// <summary>No original count (relations, for example: reported in the step results only).</summary>
    None,

    /// <summary><c>preferences_extracted</c>.</summary>
    PreferencesExtracted,

    /// <summary><c>important_tagged</c>.</summary>
    ImportantTagged,

    /// <summary><c>consolidated</c>.</summary>
    Consolidated,

    /// <summary><c>cleaned_count</c>.</summary>
    Cleaned,

    /// <summary><c>retired_count</c>.</summary>
    Retired,

    /// <summary><c>waifu_texts_updated</c> (Live2D lines).</summary>
    PetLines,
}
