namespace PeroCore.Memory.Storage;

/// <summary>One forward-only schema step.</summary>
/// <param name="Version">The schema version the database has after this step.</param>
/// <param name="Description">What the step does, recorded in <c>schema_version</c>.</param>
/// <param name="Sql">The statements, run in one transaction with the version row.</param>
/// <param name="Code">Optional C# step run after <paramref name="Sql"/> in the same transaction (data backfills).</param>
public sealed record Migration(int Version, string Description, string Sql, Func<Microsoft.Data.Sqlite.SqliteTransaction, CancellationToken, Task>? Code = null);
