namespace PeroCore.Agent.Chat;

/// <summary>Receives the events of a chat run as they happen (the SSE writer); called sequentially.</summary>
public delegate ValueTask ChatEventSink(ChatEvent chatEvent, CancellationToken cancellationToken);
