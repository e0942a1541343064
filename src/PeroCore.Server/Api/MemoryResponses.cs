using System.Text.Json.Serialization;
using PeroCore.Memory.Recall;

namespace PeroCore.Server.Api;

/// <summary>One hit of <c>GET /api/memories/search</c>: the memory, its score breakdown and its time-axis neighbours.</summary>
internal sealed record SearchHitJson(MemoryJson Memory, ScoreBreakdown Score, bool IsCandidate, string? Previous, string? Next);

/// <summary><c>GET /api/memories/graph</c> in the shape of the original's ECharts graph view.</summary>
internal sealed record GraphResponse(IEnumerable<GraphNodeJson> Nodes, IEnumerable<GraphEdgeJson> Edges);

/// <summary>A graph node.</summary>
internal sealed record GraphNodeJson(
    string Id,
    string Name,
    string FullContent,
    string Category,
    int Value,
    [property: JsonPropertyName("symbolSize")] double SymbolSize,
    string Sentiment,
    string Tags,
    [property: JsonPropertyName("realTime")] string RealTime,
    int AccessCount);

/// <summary>A graph edge (a relation, or a time-axis link with <c>relation_type</c> "temporal").</summary>
internal sealed record GraphEdgeJson(
    string Source,
    string Target,
    double Value,
    string RelationType,
    [property: JsonPropertyName("lineStyle")] GraphLineStyle LineStyle);

/// <summary>How ECharts draws an edge.</summary>
internal sealed record GraphLineStyle(double Width, double Curveness);
