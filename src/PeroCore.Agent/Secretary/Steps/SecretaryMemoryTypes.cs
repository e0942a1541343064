namespace PeroCore.Agent.Secretary.Steps;

/// <summary>The memory types the secretary works on.</summary>
internal static class SecretaryMemoryTypes
{
    /// <summary>Fragments of lived events: the original's <c>event</c> and the scorer's <c>interaction_summary</c> (the original looked at <c>event</c> only, so scorer memories were never maintained).</summary>
    public static readonly string[] Fragments = ["event", "interaction_summary"];

    /// <summary>Everything the audit may judge.</summary>
    public static readonly string[] Audited = ["event", "interaction_summary", "preference", "summary"];
}
