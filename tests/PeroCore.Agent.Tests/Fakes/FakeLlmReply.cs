using System.Net;

namespace PeroCore.Agent.Tests.Fakes;

/// <summary>
/// One scripted answer of <see cref="FakeLlmServer"/> to one chat request. Build with the static factories and adjust
/// timing with <c>with</c> expressions: <c>FakeLlmReply.Text("a", "b") with { DelayBetweenChunks = ... }</c>.
/// </summary>
/// <remarks>
/// For <c>stream: true</c> requests, text chunks become <c>chat.completion.chunk</c> events (one per chunk, in order),
/// tool calls become <c>tool_calls</c> deltas (one per argument piece, the first carrying index, id and name), followed
/// by a final chunk with <c>finish_reason</c> and <c>data: [DONE]</c>. For <c>stream: false</c> requests the same reply
/// becomes one <c>chat.completion</c> JSON.
/// </remarks>
public sealed record FakeLlmReply
{
    /// <summary>Text chunks, streamed in order (joined for non-stream requests).</summary>
    public IReadOnlyList<string> Chunks { get; init; } = [];

    /// <summary>Native tool calls, streamed after the text chunks.</summary>
    public IReadOnlyList<FakeToolCall> ToolCalls { get; init; } = [];

    /// <summary>When set, the server answers this HTTP status with <see cref="ErrorBody"/> instead of a completion.</summary>
    public HttpStatusCode? ErrorStatus { get; init; }

    /// <summary>Body of an error reply (JSON or text).</summary>
    public string ErrorBody { get; init; } = "";

    /// <summary>Extra response headers (e.g. <c>Retry-After</c>).</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>Raw SSE <c>data:</c> payloads sent verbatim instead of generated chunks (the terminator is not added).</summary>
    public IReadOnlyList<string>? RawEvents { get; init; }

    /// <summary>
    /// Raw stream text written verbatim, one write and flush per item (nothing is added: no <c>data:</c>, no blank
    /// lines), to test the client's SSE framing: comments, multi-line data, CRLF, an unterminated last event.
    /// </summary>
    public IReadOnlyList<string>? RawFrames { get; init; }

    /// <summary>Wait before anything is sent (no headers either).</summary>
    public TimeSpan DelayBeforeFirstChunk { get; init; }

    /// <summary>Wait between streamed events.</summary>
    public TimeSpan DelayBetweenChunks { get; init; }

    /// <summary>
    /// After sending <see cref="Chunks"/> (none: before even the headers), stop and wait until the client gives up.
    /// </summary>
    public bool Hang { get; init; }

    /// <summary>Answer with one <c>chat.completion</c> JSON even when the request asked for a stream (like some servers do).</summary>
    public bool IgnoreStream { get; init; }

    /// <summary>Content-Type of a streamed reply (default <c>text/event-stream</c>); to test servers that mislabel streams.</summary>
    public string? StreamContentType { get; init; }

    /// <summary><c>finish_reason</c> of the last chunk (default: <c>tool_calls</c> when there are tool calls, else <c>stop</c>).</summary>
    public string? FinishReason { get; init; }

    /// <summary>A text reply split into the given chunks (split a tag across chunks to test stream filters).</summary>
    public static FakeLlmReply Text(params string[] chunks) => new() { Chunks = chunks };

    /// <summary>A reply made only of native tool calls.</summary>
    public static FakeLlmReply Tools(params FakeToolCall[] calls) => new() { ToolCalls = calls };

    /// <summary>An HTTP error, e.g. <c>Error(HttpStatusCode.TooManyRequests, "{...}", retryAfterSeconds: 1)</c>.</summary>
    public static FakeLlmReply Error(HttpStatusCode status, string body = "", int? retryAfterSeconds = null) => new()
    {
        ErrorStatus = status,
        ErrorBody = body,
        Headers = retryAfterSeconds is { } s
            ? new Dictionary<string, string> { ["Retry-After"] = s.ToString(System.Globalization.CultureInfo.InvariantCulture) }
            : new Dictionary<string, string>(),
    };

    /// <summary>No answer at all: the server holds the request until the client aborts it.</summary>
    public static FakeLlmReply Hanging() => new() { Hang = true };

    /// <summary>Raw stream text written verbatim, e.g. <c>Frames(": ping\n\n", "data: {...}\n\n")</c>.</summary>
    public static FakeLlmReply Frames(params string[] frames) => new() { RawFrames = frames };

    /// <summary>Raw SSE data payloads, e.g. <c>Raw("{\"choices\":[...]}", "[DONE]")</c>.</summary>
    public static FakeLlmReply Raw(params string[] events) => new() { RawEvents = events };
}
