using System.Text.Json;

namespace PeroCore.Server.Tests.Fakes;

/// <summary>One request received by <see cref="FakeLlmServer"/>.</summary>
public sealed class FakeLlmRequest
{
    private static readonly JsonElement EmptyArray = JsonDocument.Parse("[]").RootElement.Clone();
    private readonly TaskCompletionSource _aborted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal FakeLlmRequest(int sequence, string method, string path, IReadOnlyDictionary<string, string> headers, string bodyText, DateTimeOffset receivedAt)
    {
        Sequence = sequence;
        Method = method;
        Path = path;
        Headers = headers;
        BodyText = bodyText;
        ReceivedAt = receivedAt;
        if (bodyText.Length > 0)
        {
            try
            {
                using var doc = JsonDocument.Parse(bodyText);
                Body = doc.RootElement.Clone();
            }
            catch (JsonException)
            {
                Body = null;
            }
        }
    }

    /// <summary>1-based arrival order.</summary>
    public int Sequence { get; }

    /// <summary>HTTP method.</summary>
    public string Method { get; }

    /// <summary>Path, e.g. <c>/v1/chat/completions</c>.</summary>
    public string Path { get; }

    /// <summary>Request headers (case-insensitive names, multiple values joined with ", ").</summary>
    public IReadOnlyDictionary<string, string> Headers { get; }

    /// <summary>The raw body.</summary>
    public string BodyText { get; }

    /// <summary>The parsed JSON body, or null when empty or not JSON.</summary>
    public JsonElement? Body { get; }

    /// <summary>When the request arrived (server clock).</summary>
    public DateTimeOffset ReceivedAt { get; }

    /// <summary><c>stream</c> of a chat request.</summary>
    public bool IsStream => Body is { ValueKind: JsonValueKind.Object } b && b.TryGetProperty("stream", out var s) && s.ValueKind == JsonValueKind.True;

    /// <summary><c>messages</c> of a chat request (empty array otherwise).</summary>
    public JsonElement Messages => Body is { ValueKind: JsonValueKind.Object } b && b.TryGetProperty("messages", out var m) ? m : EmptyArray;

    /// <summary>True once the client aborted the request (closed the connection before the reply ended).</summary>
    public bool Aborted => _aborted.Task.IsCompleted;

    /// <summary>Completes when the client aborts the request.</summary>
    public Task WhenAborted => _aborted.Task;

    /// <summary>Completes when the server finished handling the request (normally or aborted).</summary>
    public Task WhenFinished => _finished.Task;

    /// <summary>The value of a header, or null.</summary>
    public string? Header(string name) => Headers.TryGetValue(name, out var v) ? v : null;

    internal void MarkAborted() => _aborted.TrySetResult();

    internal void MarkFinished() => _finished.TrySetResult();
}
