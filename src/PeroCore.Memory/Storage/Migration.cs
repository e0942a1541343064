namespace PeroCore.Memory.Storage;

/// <summary>One forward-only schema step.</summary>
/// <param name="Version">The schema version the database has after this step.</param>
/// <param name="Description">What the step does, recorded in <c>schema_version</c>.</param>
/// <param name="Sql">The statements, run in one transaction with the version row.</param>
public sealed record Migration(int Version, string Description, string Sql);
