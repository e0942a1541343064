namespace PeroCore.Agent.Chat;

/// <summary>What a <see cref="ChatEvent"/> carries.</summary>
public enum ChatEventKind
{
    /// <summary>Progress text (<c>{"status":{"type":"thinking","message":...}}</c>).</summary>
    Status,

    /// <summary>A visible text chunk (<c>{"choices":[{"delta":{"content":...}}]}</c>).</summary>
    Text,

    /// <summary>The pet state changed (<c>{"triggers":{...}}</c>).</summary>
    Triggers,
}
