using System.Text.Json.Nodes;
using PeroCore.Memory.History;

namespace PeroCore.Server.Api;

/// <summary>
/// One history row of a memory: who changed it (<c>actor</c>, <c>run_id</c>), how (<c>op</c>) and when, with the full
/// images before and after (vectors left out unless <c>?vectors=true</c>).
/// </summary>
internal sealed record MemoryHistoryJson(long Id, long? MemoryId, string Op, string Actor, long? RunId, DateTimeOffset CreatedAt, JsonObject? Before, JsonObject? After)
{
    /// <summary>Maps a row.</summary>
    public static MemoryHistoryJson From(MemoryHistoryEntry entry, bool vectors)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var shown = vectors ? entry : entry.WithoutVectors();
        return new MemoryHistoryJson(shown.Id, shown.MemoryId, shown.Op, shown.Actor, shown.RunId, shown.CreatedAt, shown.Before, shown.After);
    }
}
