using System.Globalization;
using System.Text;
using PeroCore.Agent.Chat;
using PeroCore.Agent.Prompts;
using PeroCore.Agent.Tools;
using PeroCore.Memory.Storage;
using PeroCore.Nit.Tools;

namespace PeroCore.Agent.Scheduling;

/// <summary>
/// The scheduler's tools: <c>add_reminder(time, content)</c>, <c>add_topic(content, time?)</c>, <c>list_reminders()</c> and
/// <c>delete_reminder(id)</c>, for NIT 2.0, NIT 1.0 and native calls. Results and refusals are in the chat's prompt
/// language; times are shown in the user's zone.
/// </summary>
/// <param name="scheduler">Resolves the scheduler when a tool runs (it needs the chat agent, which needs these tools).</param>
public sealed class SchedulerTools(Func<ReminderScheduler> scheduler) : IToolSource
{
    private const string Plugin = "Scheduler";
    private const string PluginDescription = "Reminders and topics you bring up later by yourself.";

    /// <summary>The documentation of the <c>time</c> parameter (Chinese prompts get the glossary's translation).</summary>
    internal const string TimeHelp = "When: 'in 10 minutes', 'tomorrow 9:00', 'tomorrow at 9am', 'next monday 10:00', " +
                                     "ISO-8601 like 2026-12-03T09:00 (the owner's time zone) or 'YYYY-MM-DD HH:MM:SS'.";

    /// <inheritdoc />
    public IEnumerable<NitTool> CreateTools()
    {
        ArgumentNullException.ThrowIfNull(scheduler);
        const string timeHelp = TimeHelp;

        yield return NitTool.Create("add_reminder")
            .InPlugin(Plugin, "Scheduler", PluginDescription)
            .WithDescription("Sets a reminder: at that time you will remind the owner of it yourself.")
            .WithParameter("time", NitParameterType.String, timeHelp, required: true)
            .WithParameter("content", NitParameterType.String, "What to remind the owner of.", required: true)
            .Handle((call, ct) => AddAsync(call, "reminder", call.GetString("time"), ct))
            .Build();

        yield return NitTool.Create("add_topic")
            .InPlugin(Plugin, "Scheduler", PluginDescription)
            .WithDescription("Saves a topic to bring up with the owner later (topics due together are raised in one message).")
            .WithParameter("content", NitParameterType.String, "The topic.", required: true)
            .WithOptionalParameter("time", NitParameterType.String, null, "When to bring it up (same forms as add_reminder); now when omitted.")
            .Handle((call, ct) => AddAsync(call, "topic", call.GetString("time"), ct))
            .Build();

        yield return NitTool.Create("list_reminders")
            .InPlugin(Plugin, "Scheduler", PluginDescription)
            .WithDescription("Lists the pending reminders and topics with their ids and times.")
            .Handle(async (call, ct) =>
            {
                var s = scheduler();
                var texts = TextsOf(call);
                var pending = await StoreOf(s).ScheduledTasks.ListPendingAsync(ct).ConfigureAwait(false);
                if (pending.Count == 0)
                {
                    return (object?)texts.NoTasks;
                }

                var zone = await s.GetTimeZoneAsync(ct).ConfigureAwait(false);
                var sb = new StringBuilder();
                foreach (var t in pending)
                {
                    sb.AppendFormat(CultureInfo.InvariantCulture, texts.TaskLine, t.Id, t.Type, ReminderScheduler.Show(t.Time, zone), t.Content).Append('\n');
                }

                return sb.ToString().TrimEnd();
            })
            .Build();

        yield return NitTool.Create("delete_reminder")
            .InPlugin(Plugin, "Scheduler", PluginDescription)
            .WithDescription("Deletes a pending reminder or topic by its id (see list_reminders).")
            .WithParameter("id", NitParameterType.Any, "The id of the reminder or topic.", required: true)
            .Handle(async (call, ct) =>
            {
                var texts = TextsOf(call);
                var raw = Convert.ToString(call["id"], CultureInfo.InvariantCulture)?.Trim().TrimStart('#');
                if (!long.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
                {
                    throw new ArgumentException(texts.IdInvalid);
                }

                var store = StoreOf(scheduler());
                var task = await store.ScheduledTasks.GetAsync(id, ct).ConfigureAwait(false);
                if (task is null || task.Status != ScheduledTaskStatus.Pending || !await store.ScheduledTasks.DeleteAsync(id, ct).ConfigureAwait(false))
                {
                    throw new ArgumentException(string.Format(CultureInfo.InvariantCulture, texts.NotFound, id));
                }

                return (object?)string.Format(CultureInfo.InvariantCulture, texts.Deleted, id);
            })
            .Build();
    }

    private async ValueTask<object?> AddAsync(NitToolCall call, string type, string? time, CancellationToken ct)
    {
        var language = ChatToolState.From(call)?.Language ?? PromptLanguage.English;
        var s = scheduler();
        var result = await s.AddAsync(type, time, call.GetString("content"), language, ct).ConfigureAwait(false);
        if (result.Task is not { } task)
        {
            throw new ArgumentException(result.Error);
        }

        var texts = SchedulerTexts.For(language);
        return string.Format(CultureInfo.InvariantCulture, type == "reminder" ? texts.ReminderAdded : texts.TopicAdded,
            task.Id, ReminderScheduler.Show(task.Time, result.Zone!), task.Content);
    }

    private static SchedulerTexts TextsOf(NitToolCall call) => SchedulerTexts.For(ChatToolState.From(call)?.Language ?? PromptLanguage.English);

    private static PeroStore StoreOf(ReminderScheduler s) => s.Store;
}
