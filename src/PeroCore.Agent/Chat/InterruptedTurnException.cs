namespace PeroCore.Agent.Chat;

/// <summary>A chat turn was cancelled after its prompt was built; carries what is needed to log the user's message.</summary>
internal sealed class InterruptedTurnException : OperationCanceledException
{
    public InterruptedTurnException(ChatRequest request, string userText, OperationCanceledException inner)
        : base(inner.Message, inner, inner.CancellationToken)
    {
        Request = request;
        UserText = userText;
    }

    public ChatRequest Request { get; }

    public string UserText { get; }
}
