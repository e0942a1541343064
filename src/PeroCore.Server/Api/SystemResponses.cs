using System.Text.Json.Serialization;

namespace PeroCore.Server.Api;

/// <summary><c>{"status": "success"}</c> and the like.</summary>
internal sealed record StatusResponse(string Status);

/// <summary><c>GET /health</c>.</summary>
internal sealed record HealthResponse(string Status, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Detail = null);

/// <summary><c>GET /api/ping</c>.</summary>
internal sealed record PingResponse(string Status, DateTimeOffset Timestamp);

/// <summary><c>GET /api/companion/status</c>.</summary>
internal sealed record CompanionStatusResponse(bool Enabled);

/// <summary><c>POST /api/companion/toggle</c>.</summary>
internal sealed record CompanionToggleResponse(string Status, bool Enabled);

/// <summary><c>POST /api/models/remote</c>: the provider's model ids, or none and why.</summary>
internal sealed record RemoteModelsResponse(
    IReadOnlyList<string> Models,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Error = null);

/// <summary>A deleted memory.</summary>
internal sealed record DeletedMemoryResponse(string Status, long Id);

/// <summary>How many rows a delete removed.</summary>
internal sealed record DeletedCountResponse(string Status, int Deleted);

/// <summary><c>POST /api/history/{id}/retry_analysis</c>.</summary>
internal sealed record RetryAnalysisResponse(string Status, long LogId, string PairId, string Message);
