namespace PeroCore.Agent.Llm;

/// <summary>What an LLM call is for; each role may use its own model card.</summary>
public enum LlmRole
{
    /// <summary>The main chat (config key <c>current_model_id</c>).</summary>
    Chat,

    /// <summary>The memory scorer (<c>scorer_model_id</c>, then <c>current_model_id</c>).</summary>
    Scorer,

    /// <summary>Reflection on tool errors (<c>reflection_model_id</c>, only when <c>reflection_enabled</c> is "true").</summary>
    Reflection,

    /// <summary>The memory secretary (<c>secretary_model_id</c>, then <c>current_model_id</c>).</summary>
    Secretary,
}
