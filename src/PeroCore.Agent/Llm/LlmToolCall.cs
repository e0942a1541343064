namespace PeroCore.Agent.Llm;

/// <summary>
/// One native tool call exactly as the model produced it, after the streamed deltas were merged by index. The client
/// attaches it as <see cref="Microsoft.Extensions.AI.AIContent.RawRepresentation"/> of each
/// <see cref="Microsoft.Extensions.AI.FunctionCallContent"/> it returns, so callers can report unparsable arguments
/// verbatim; when such a content is sent back in an assistant message, <see cref="Arguments"/> is echoed unchanged.
/// </summary>
/// <param name="Index">Position of the call in the model's answer (the <c>index</c> of the deltas).</param>
/// <param name="Id">The call id (<c>call_...</c>); generated when the server sent none.</param>
/// <param name="Name">The function name.</param>
/// <param name="Arguments">The raw JSON text of the arguments, possibly invalid or empty.</param>
public sealed record LlmToolCall(int Index, string Id, string Name, string Arguments);
