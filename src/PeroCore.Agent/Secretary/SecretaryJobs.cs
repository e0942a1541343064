namespace PeroCore.Agent.Secretary;

/// <summary>The kinds of run: the secretary's full maintenance and the reflection jobs (spec memory §5), each its own record.</summary>
public static class SecretaryJobs
{
    /// <summary>Every maintenance step in order.</summary>
    public const string Maintenance = "maintenance";

    /// <summary>Reflection: summarise quiet days into one memory each.</summary>
    public const string DailySummary = "daily_summary";

    /// <summary>Reflection: relation analysis between recent and older memories.</summary>
    public const string RelationAnalysis = "relation_analysis";

    /// <summary>All kinds.</summary>
    public static IReadOnlyList<string> All { get; } = [Maintenance, DailySummary, RelationAnalysis];
}
