namespace PeroCore.Server.Api;

/// <summary>One running chat request of a session.</summary>
internal sealed record ChatTaskJson(string Id, string Source, string Status, int Turn, int PendingInstructions, DateTimeOffset StartedAt);

/// <summary><c>GET /api/task/{session}/status</c>.</summary>
internal sealed record TaskStatusResponse(string SessionId, string Status, IEnumerable<ChatTaskJson> Tasks);

/// <summary><c>POST /api/task/{session}/pause|resume</c>.</summary>
internal sealed record TaskControlResponse(string Status, string SessionId, int Changed, IEnumerable<ChatTaskJson> Tasks);

/// <summary><c>POST /api/task/{session}/inject</c>.</summary>
internal sealed record TaskInjectResponse(string Status, string SessionId, IEnumerable<ChatTaskJson> Tasks);
