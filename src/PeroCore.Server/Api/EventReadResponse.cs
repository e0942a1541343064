namespace PeroCore.Server.Api;

/// <summary>The answer of <c>POST /api/events/read</c>: how many unread events were marked read.</summary>
internal sealed record EventReadResponse(int Marked);
