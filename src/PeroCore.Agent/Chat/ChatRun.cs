using System.Text;
using PeroCore.Agent.Prompts;

namespace PeroCore.Agent.Chat;

/// <summary>
/// The state of one chat request while it runs: where its events go, what the user has seen so far, its language,
/// its tool state and its pause/inject control.
/// </summary>
internal sealed class ChatRun
{
    private readonly ChatEventSink _emit;
    private const int MaxToolOutputs = 20;
    private const int MaxToolOutputLength = 4000;
    private readonly StringBuilder _visible = new();
    private readonly List<string> _toolOutputs = [];

    public ChatRun(ChatRequest request, PromptLibrary library, ChatEventSink emit, ChatTaskControl control)
    {
        Request = request;
        Library = library;
        Texts = ChatTexts.For(library.Language);
        Control = control;
        _emit = emit;
        ToolState = new ChatToolState(request.Source, request.SessionId, emit) { Language = library.Language };
    }

    public ChatRequest Request { get; }

    public PromptLibrary Library { get; }

    public ChatTexts Texts { get; }

    public ChatTaskControl Control { get; }

    public ChatToolState ToolState { get; }

    /// <summary>The memories recalled into this request's prompt (the scorer must not extract them again).</summary>
    public IReadOnlyList<long> RecalledIds { get; set; } = [];

    /// <summary>What the tools returned during this request, bounded (the scorer must not store it as a memory).</summary>
    public IReadOnlyList<string> ToolOutputs => _toolOutputs;

    /// <summary>Everything the user has seen, across turns.</summary>
    public string Visible => _visible.ToString();

    /// <summary>Adds an event to the stream.</summary>
    public ValueTask EmitAsync(ChatEvent chatEvent, CancellationToken cancellationToken) => _emit(chatEvent, cancellationToken);

    /// <summary>Shows text to the user (empty text is skipped).</summary>
    public ValueTask ShowAsync(string text, CancellationToken cancellationToken)
    {
        if (text.Length == 0)
        {
            return ValueTask.CompletedTask;
        }

        _visible.Append(text);
        return _emit(ChatEvent.Delta(text), cancellationToken);
    }

    /// <summary>Remembers a tool's output (the first <c>MaxToolOutputs</c>, each cut to <c>MaxToolOutputLength</c> characters).</summary>
    public void RecordToolOutput(string output)
    {
        if (_toolOutputs.Count < MaxToolOutputs && !string.IsNullOrWhiteSpace(output))
        {
            _toolOutputs.Add(output.Length > MaxToolOutputLength ? output[..MaxToolOutputLength] : output);
        }
    }

    /// <summary>Reports an error the user can act on; its text counts as seen.</summary>
    public ValueTask FailAsync(ChatErrorEvent error, CancellationToken cancellationToken)
    {
        _visible.Append(error.Text);
        return _emit(error, cancellationToken);
    }
}
