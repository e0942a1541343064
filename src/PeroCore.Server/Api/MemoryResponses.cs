using System.Text.Json.Serialization;
using PeroCore.Memory.Recall;

namespace PeroCore.Server.Api;

/// <summary>One hit of <c>GET /api/memories/search</c>: the memory, its score breakdown and its time-axis neighbours.</summary>
internal sealed record SearchHitJson(MemoryJson Memory, ScoreBreakdown Score, bool IsCandidate, string? Previous, string? Next);

/// <summary><c>GET /api/memories/graph</c> in the shape of the original's ECharts graph view.</summary>
internal sealed record GraphResponse(IEnumerable<GraphNodeJson> Nodes, IEnumerable<GraphEdgeJson> Edges);

/// <summary>A graph node (the original's keys; <c>symbolSize</c> and <c>realTime</c> keep their camelCase).</summary>
internal sealed record GraphNodeJson(
    string Id,
    string Name,
    GraphLabel Label,
    string FullContent,
    string Category,
    int Value,
    [property: JsonPropertyName("symbolSize")] double SymbolSize,
    string Sentiment,
    string Tags,
    [property: JsonPropertyName("realTime")] string RealTime,
    int AccessCount);

/// <summary>A node's label: shown when the node is large enough, with its first ten characters.</summary>
internal sealed record GraphLabel(bool Show, string Formatter);

/// <summary>A graph edge (a relation, or a time-axis link with <c>relation_type</c> "temporal" and no tooltip).</summary>
internal sealed record GraphEdgeJson(
    string Source,
    string Target,
    double Value,
    string RelationType,
    [property: JsonPropertyName("lineStyle")] GraphLineStyle LineStyle,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] GraphTooltip? Tooltip = null);

/// <summary>How ECharts draws an edge (<c>type</c>, <c>color</c> and <c>opacity</c> only on time-axis edges).</summary>
internal sealed record GraphLineStyle(
    double Width,
    double Curveness,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Type = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Color = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? Opacity = null);

/// <summary>An edge's hover text.</summary>
internal sealed record GraphTooltip(string Formatter);

/// <summary><c>GET /api/memories/activation</c>: a recall's memories with how each was reached, and the graph between them.</summary>
internal sealed record ActivationResponse(string Query, int VectorHits, int LexicalHits, int Activated, IReadOnlyList<ActivatedMemoryJson> Memories,
    IEnumerable<GraphNodeJson> Nodes, IEnumerable<GraphEdgeJson> Edges);

/// <summary>One recalled memory: a candidate (vector or full-text hit) or reached only by spreading, with its energy and score.</summary>
internal sealed record ActivatedMemoryJson(long Id, bool IsCandidate, double Activation, double Semantic, double Lexical, double Final);
