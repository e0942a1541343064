using System.Text.Encodings.Web;
using System.Text.Json;
using PeroCore.Agent.Prompts;
using PeroCore.Memory;
using PeroCore.Memory.Storage;

namespace PeroCore.Agent.Secretary;

/// <summary>What a step may use: the store and engine (read only), the bounds, the prompts, and the model (counted).</summary>
public sealed class SecretaryStepContext
{
    private static readonly JsonSerializerOptions InputJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly Func<string, string, float, CancellationToken, Task<string>> _ask;
    private readonly SecretaryBudget _budget;

    internal SecretaryStepContext(long runId, PeroStore store, MemoryEngine engine, MemorySecretaryOptions options, PromptLibrary prompts,
        DateTimeOffset now, SecretaryBudget budget, Func<string, string, float, CancellationToken, Task<string>> ask, ISecretaryChanges changes)
    {
        Changes = changes;
        RunId = runId;
        Store = store;
        Engine = engine;
        Options = options;
        Prompts = prompts;
        Now = now;
        _budget = budget;
        _ask = ask;
    }

    /// <summary>The run's writer (for passes that write by themselves, such as forgetting).</summary>
    internal ISecretaryChanges Changes { get; }

    /// <summary>The run's record id.</summary>
    public long RunId { get; }

    /// <summary>The store (read it; writes go through the plan).</summary>
    public PeroStore Store { get; }

    /// <summary>The memory engine (recall; writes go through the plan).</summary>
    public MemoryEngine Engine { get; }

    /// <summary>Bounds.</summary>
    public MemorySecretaryOptions Options { get; }

    /// <summary>The prompt templates of the owner's language.</summary>
    public PromptLibrary Prompts { get; }

    /// <summary>The run's clock.</summary>
    public DateTimeOffset Now { get; }

    /// <summary>Model calls this step made.</summary>
    public int LlmCalls { get; private set; }

    /// <summary>The system prompt of the step's latest model call (the junk guard refuses memories copied from it).</summary>
    public string? LastSystemPrompt { get; private set; }

    /// <summary>Memories this step showed the model or looked at (set by the step).</summary>
    public int BatchSize { get; set; }

    /// <summary>
    /// Renders the template <paramref name="promptName"/> as the system message, sends <paramref name="input"/> as JSON
    /// in the user message, and returns the answer text. Throws <see cref="SecretaryBudgetExhaustedException"/> past the run's budget.
    /// </summary>
    public async Task<string> AskAsync(string promptName, object input, float temperature, CancellationToken cancellationToken)
    {
        if (!_budget.TryTake())
        {
            throw new SecretaryBudgetExhaustedException($"The run's budget of {Options.MaxLlmCallsPerRun} model calls is used up.");
        }

        LlmCalls++;
        var system = Prompts.Render(promptName).Text;
        LastSystemPrompt = system;
        var user = JsonSerializer.Serialize(input, InputJson);
        return await _ask(system, user, temperature, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The newest memories of the given types, at most <paramref name="limit"/>.</summary>
    public Task<List<MemoryRecord>> NewestAsync(IReadOnlyList<string> types, int limit, int offset, CancellationToken cancellationToken) =>
        Store.Memories.ListAsync(new MemoryListQuery { Types = types, Limit = Math.Clamp(limit, 1, 1000), Offset = offset }, cancellationToken);

    /// <summary>Local time text of a memory for prompts (<c>yyyy-MM-dd HH:mm</c>).</summary>
    public static string TimeText(DateTimeOffset t) => t.ToLocalTime().ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture);
}
