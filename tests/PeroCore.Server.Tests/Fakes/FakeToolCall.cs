namespace PeroCore.Server.Tests.Fakes;

/// <summary>A scripted native tool call; <paramref name="ArgumentPieces"/> are streamed as separate deltas.</summary>
/// <param name="Id">Call id (<c>call_...</c>).</param>
/// <param name="Name">Function name.</param>
/// <param name="ArgumentPieces">Pieces of the JSON arguments text, concatenated by the client.</param>
public sealed record FakeToolCall(string Id, string Name, params string[] ArgumentPieces);
