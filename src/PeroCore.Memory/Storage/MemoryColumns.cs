using Microsoft.Data.Sqlite;

namespace PeroCore.Memory.Storage;

/// <summary>
/// The ordinals of the <c>memory</c> columns in a result, resolved by name once per query (see
/// <see cref="MemoryRepository.Columns"/>); <see cref="Map"/> reads a row with them.
/// </summary>
internal readonly record struct MemoryColumns(int Id, int Content, int Tags, int Clusters, int Importance, int BaseImportance, int AccessCount,
    int LastAccessed, int Sentiment, int Timestamp, int PrevId, int NextId, int MsgTimestamp, int Source, int Type, int Embedding, int EmbeddingModel,
    int UpdatedAt, int ArchivedAt)
{
    /// <summary>Resolves the columns of a result selected with <see cref="MemoryRepository.Columns"/> (or its variants).</summary>
    public static MemoryColumns Of(SqliteDataReader reader) => new(
        reader.GetOrdinal("id"), reader.GetOrdinal("content"), reader.GetOrdinal("tags"), reader.GetOrdinal("clusters"), reader.GetOrdinal("importance"),
        reader.GetOrdinal("base_importance"), reader.GetOrdinal("access_count"), reader.GetOrdinal("last_accessed"), reader.GetOrdinal("sentiment"),
        reader.GetOrdinal("timestamp"), reader.GetOrdinal("prev_id"), reader.GetOrdinal("next_id"), reader.GetOrdinal("msg_timestamp"),
        reader.GetOrdinal("source"), reader.GetOrdinal("type"), reader.GetOrdinal("embedding"), reader.GetOrdinal("embedding_model"),
        reader.GetOrdinal("updated_at"), reader.GetOrdinal("archived_at"));

    /// <summary>Reads the current row.</summary>
    public static MemoryRecord Map(SqliteDataReader r, MemoryColumns o) => new()
    {
        Id = r.GetInt64(o.Id),
        Content = r.GetString(o.Content),
        Tags = TagList.Parse(r.GetString(o.Tags)),
        Clusters = r.GetNullableString(o.Clusters),
        Importance = r.GetInt32(o.Importance),
        BaseImportance = r.GetDouble(o.BaseImportance),
        AccessCount = r.GetInt32(o.AccessCount),
        LastAccessed = SqliteExtensions.FromMs(r.GetInt64(o.LastAccessed)),
        Sentiment = r.GetString(o.Sentiment),
        Timestamp = SqliteExtensions.FromMs(r.GetInt64(o.Timestamp)),
        PrevId = r.GetNullableInt64(o.PrevId),
        NextId = r.GetNullableInt64(o.NextId),
        MsgTimestamp = r.GetNullableString(o.MsgTimestamp),
        Source = r.GetString(o.Source),
        Type = r.GetString(o.Type),
        Embedding = r.IsDBNull(o.Embedding) ? null : VectorBlob.Decode((byte[])r.GetValue(o.Embedding)),
        EmbeddingModel = r.GetNullableString(o.EmbeddingModel),
        UpdatedAt = SqliteExtensions.FromMs(r.GetInt64(o.UpdatedAt)),
        ArchivedAt = r.IsDBNull(o.ArchivedAt) ? null : SqliteExtensions.FromMs(r.GetInt64(o.ArchivedAt)),
    };
}
