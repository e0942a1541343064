namespace PeroCore.Server.Api;

/// <summary>One running chat request of a session.</summary>
internal sealed record ChatTaskJson(string Id, string Source, string Status, int Turn, int PendingInstructions, DateTimeOffset StartedAt);

/// <summary><c>GET /api/task/{session}/status</c>: the original's <c>status</c> (running, paused or idle) and ours beside it.</summary>
internal sealed record TaskStatusResponse(string SessionId, string Status, IEnumerable<ChatTaskJson> Tasks);

/// <summary><c>POST /api/task/{session}/pause|resume</c>: the original's <c>status</c>/<c>message</c>, then the new <c>state</c> and the tasks.</summary>
internal sealed record TaskControlResponse(string Status, string Message, string State, string SessionId, int Changed, IEnumerable<ChatTaskJson> Tasks);

/// <summary><c>POST /api/task/{session}/inject</c>: the original's <c>status</c>/<c>message</c>, then ours.</summary>
internal sealed record TaskInjectResponse(string Status, string Message, string State, string SessionId, IEnumerable<ChatTaskJson> Tasks);
