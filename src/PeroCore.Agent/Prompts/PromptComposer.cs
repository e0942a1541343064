using System.Globalization;

namespace PeroCore.Agent.Prompts;

/// <summary>
/// Builds the prompts of the agent from a <see cref="PromptLibrary"/>: the chat system prompt (template <c>system</c>),
/// the scorer's system prompt (<c>scorer</c>) and its user message (<c>scorer_input</c> or
/// <c>scorer_input_system_event</c>).
/// </summary>
/// <remarks>
/// Variables of the system prompt: <c>companion_name</c>, <c>owner_name</c>, <c>user_persona</c>, <c>current_time</c>,
/// <c>mood</c>, <c>vibe</c>, <c>mind</c>, <c>memory_context</c>, <c>nit_tools</c>, <c>nit_id</c>, plus
/// <see cref="SystemPromptContext.Extra"/>. With <see cref="SystemPromptContext.IncludeTools"/> false the variable
/// <c>nit_usage</c> is set to empty text, which hides the template of that name.
/// </remarks>
public sealed class PromptComposer
{
    /// <summary>The companion's default name.</summary>
    public const string DefaultCompanionName = "Pero";

    private static readonly string[] EnglishDays = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
    private static readonly string[] ChineseDays = ["星期日", "星期一", "星期二", "星期三", "星期四", "星期五", "星期六"];

    /// <summary>Creates a composer over a library.</summary>
    public PromptComposer(PromptLibrary library) => Library = library ?? throw new ArgumentNullException(nameof(library));

    /// <summary>The templates in use.</summary>
    public PromptLibrary Library { get; }

    /// <summary>The variables the system prompt is rendered with (useful for custom templates and for tests).</summary>
    public Dictionary<string, string?> SystemVariables(SystemPromptContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var vars = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (key, value) in context.Extra)
        {
            vars[key] = value;
        }

        vars["companion_name"] = Blank(context.CompanionName) ?? DefaultCompanionName;
        vars["owner_name"] = Blank(context.OwnerName) ?? Fragment("default_owner_name");
        vars["user_persona"] = Blank(context.UserPersona) ?? Fragment("default_user_persona");
        vars["current_time"] = FormatTime(context.CurrentTime);
        vars["mood"] = context.Mood ?? string.Empty;
        vars["vibe"] = context.Vibe ?? string.Empty;
        vars["mind"] = context.Mind ?? string.Empty;
        vars["memory_context"] = context.MemoryContextOverride
            ?? RagBlock.Format(context.Memories, context.RecallTime ?? context.CurrentTime, context.QueryUserLength, context.QueryAssistantLength)
            ?? NoMemoriesText;
        vars["nit_tools"] = Blank(context.NitTools) ?? Fragment("no_tools");
        if (context.IncludeTools)
        {
            if (string.IsNullOrWhiteSpace(context.NitId))
            {
                throw new ArgumentException("A NIT ID is required when the tool section is included.", nameof(context));
            }

            vars["nit_id"] = context.NitId.Trim();
        }
        else
        {
            vars["nit_usage"] = string.Empty;
            vars["nit_id"] = string.Empty;
        }

        return vars;
    }

    /// <summary>The text shown when no memory was recalled (template <c>no_memories</c>).</summary>
    public string NoMemoriesText => Fragment("no_memories");

    /// <summary>Renders the chat system prompt.</summary>
    public PromptRenderResult BuildSystemPrompt(SystemPromptContext context) => Library.Render("system", SystemVariables(context));

    /// <summary>Renders the scorer's system prompt.</summary>
    public PromptRenderResult BuildScorerSystemPrompt(string? companionName = null) =>
        Library.Render("scorer", new Dictionary<string, string?> { ["companion_name"] = Blank(companionName) ?? DefaultCompanionName });

    /// <summary>Renders the scorer's user message for one exchange.</summary>
    /// <param name="userContent">What the owner said (or the system event text).</param>
    /// <param name="assistantContent">What the companion answered (already cleaned of bulky tool output).</param>
    /// <param name="systemEvent">True when the exchange was started by a system event, not by the owner.</param>
    /// <param name="companionName">The companion's name.</param>
    public PromptRenderResult BuildScorerUserMessage(string userContent, string assistantContent, bool systemEvent = false, string? companionName = null) =>
        Library.Render(systemEvent ? "scorer_input_system_event" : "scorer_input", new Dictionary<string, string?>
        {
            ["user_content"] = userContent ?? string.Empty,
            ["assistant_content"] = assistantContent ?? string.Empty,
            ["companion_name"] = Blank(companionName) ?? DefaultCompanionName,
        });

    /// <summary>Renders the reflection model's system prompt with the list of existing tools.</summary>
    public PromptRenderResult BuildReflectionSystemPrompt(string tools) =>
        Library.Render("reflection", new Dictionary<string, string?> { ["tools"] = tools ?? string.Empty });

    /// <summary>Renders the reflection model's user message: the owner's request and the recent steps.</summary>
    public PromptRenderResult BuildReflectionUserMessage(string task, string steps) =>
        Library.Render("reflection_input", new Dictionary<string, string?> { ["task"] = task ?? string.Empty, ["steps"] = steps ?? string.Empty });

    /// <summary>Formats a time as <c>yyyy-MM-dd HH:mm:ss</c> and the weekday in the library's language.</summary>
    public string FormatTime(DateTimeOffset time)
    {
        var days = Library.Language == PromptLanguage.Chinese ? ChineseDays : EnglishDays;
        return time.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " (" + days[(int)time.DayOfWeek] + ")";
    }

    private string Fragment(string name) => Library.Find(name)?.Text ?? string.Empty;

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
