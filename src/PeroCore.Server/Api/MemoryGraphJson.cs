using System.Globalization;
using PeroCore.Memory.Storage;

namespace PeroCore.Server.Api;

/// <summary>
/// Builds the original's ECharts graph (<c>memory_service.get_memory_graph</c>): node size
/// <c>min(60, 10 + importance·2 + ln(access_count+1)·5)</c> with the label shown above 15, relation edges between listed
/// memories de-duplicated on source-target (width <c>1 + 4·strength</c>, curveness 0.2, the description as tooltip), and
/// dashed grey time-axis edges <c>prev → id</c> (value 1, opacity 0.3, curveness 0.1).
/// </summary>
internal static class MemoryGraphJson
{
    /// <summary>The graph of <paramref name="memories"/> and the relations between them.</summary>
    public static GraphResponse Build(IReadOnlyList<MemoryRecord> memories, IEnumerable<MemoryRelationRecord> relations)
    {
        ArgumentNullException.ThrowIfNull(memories);
        ArgumentNullException.ThrowIfNull(relations);
        var ids = memories.Select(m => m.Id).ToHashSet();
        var nodes = memories.Select(m =>
        {
            var size = Math.Min(60, 10 + (m.Importance * 2) + (Math.Log(m.AccessCount + 1) * 5));
            var shortText = m.Content.Length > 10 ? m.Content[..10] + "..." : m.Content;
            return new GraphNodeJson(
                Key(m.Id), shortText, new GraphLabel(size > 15, shortText), m.Content, m.Type, m.Importance, size, m.Sentiment,
                TagList.Join(m.Tags), MemoryJson.From(m).RealTime, m.AccessCount);
        }).ToList();
        var seen = new HashSet<(long, long)>();
        var edges = relations
            .Where(r => ids.Contains(r.SourceId) && ids.Contains(r.TargetId) && seen.Add((r.SourceId, r.TargetId)))
            .Select(r => new GraphEdgeJson(Key(r.SourceId), Key(r.TargetId), r.Strength, r.RelationType, new GraphLineStyle(1 + (4 * r.Strength), 0.2),
                new GraphTooltip(string.IsNullOrEmpty(r.Description) ? r.RelationType : r.Description)))
            .Concat(memories.Where(m => m.PrevId is { } p && ids.Contains(p)).Select(m => new GraphEdgeJson(
                Key(m.PrevId!.Value), Key(m.Id), 1.0, "temporal", new GraphLineStyle(1.0, 0.1, "dashed", "#cccccc", 0.3))))
            .ToList();
        return new GraphResponse(nodes, edges);
    }

    private static string Key(long id) => id.ToString(CultureInfo.InvariantCulture);
}
