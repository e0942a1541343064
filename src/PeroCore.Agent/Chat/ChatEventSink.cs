namespace PeroCore.Agent.Chat;

/// <summary>Adds an event to a running chat's event stream (tools use it through <c>ChatToolState</c>); called sequentially.</summary>
public delegate ValueTask ChatEventSink(ChatEvent chatEvent, CancellationToken cancellationToken);
