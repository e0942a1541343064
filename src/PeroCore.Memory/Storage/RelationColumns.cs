using Microsoft.Data.Sqlite;

namespace PeroCore.Memory.Storage;

/// <summary>The ordinals of the <c>memory_relation</c> columns in a result, resolved by name once per query.</summary>
internal readonly record struct RelationColumns(int Id, int SourceId, int TargetId, int RelationType, int Strength, int Description, int CreatedAt)
{
    /// <summary>The columns to select (<see cref="Of"/> finds them by name, in any order).</summary>
    public const string Select = "id, source_id, target_id, relation_type, strength, description, created_at";

    /// <summary>Resolves the columns of a result selected with <see cref="Select"/>.</summary>
    public static RelationColumns Of(SqliteDataReader reader) => new(
        reader.GetOrdinal("id"), reader.GetOrdinal("source_id"), reader.GetOrdinal("target_id"), reader.GetOrdinal("relation_type"),
        reader.GetOrdinal("strength"), reader.GetOrdinal("description"), reader.GetOrdinal("created_at"));

    /// <summary>Reads the current row.</summary>
    public static MemoryRelationRecord Map(SqliteDataReader r, RelationColumns o) => new()
    {
        Id = r.GetInt64(o.Id),
        SourceId = r.GetInt64(o.SourceId),
        TargetId = r.GetInt64(o.TargetId),
        RelationType = r.GetString(o.RelationType),
        Strength = r.GetDouble(o.Strength),
        Description = r.GetNullableString(o.Description),
        CreatedAt = SqliteExtensions.FromMs(r.GetInt64(o.CreatedAt)),
    };
}
