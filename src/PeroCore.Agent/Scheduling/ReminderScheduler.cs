using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PeroCore.Agent.Chat;
using PeroCore.Agent.Events;
using PeroCore.Agent.Llm;
using PeroCore.Agent.Prompts;
using PeroCore.Memory.Storage;

namespace PeroCore.Agent.Scheduling;

/// <summary>
/// Reminders and topics, kept and delivered exactly once. Creating a task (<see cref="AddAsync"/>: the tools and the API)
/// parses its time in the user's zone and wakes the delivery loop. A tick (<see cref="TickAsync"/>) claims every due task
/// in one UPDATE (the legacy poll claims through the same column, so a task is delivered by one of them only), then runs
/// one system-triggered agent turn per reminder (or reaction) and one for all due topics together, logs it as the
/// original did (source <c>system_trigger</c>, user row <c>【系统触发】…</c> with role <c>system</c>) and pushes the reply
/// on the events channel (<see cref="EventKinds.Reminder"/> or <see cref="EventKinds.CompanionMessage"/>, with <c>text</c>,
/// <c>content</c>, the task ids and <c>late</c>). A failed turn is retried with a doubling delay, then marked failed with its
/// error. Without an LLM configured, reminders and topics are still delivered with their own words
/// (<c>generated: false</c>). Companion mode (<see cref="CompanionTickAsync"/>) starts a turn after the owner has been quiet.
/// </summary>
public sealed partial class ReminderScheduler
{
    /// <summary>The config key of the user's time zone (IANA id; the host's zone when unset).</summary>
    public const string TimeZoneKey = "timezone";

    /// <summary>The config key that turns companion mode on (<c>"true"</c>).</summary>
    public const string CompanionEnabledKey = "companion_mode_enabled";

    /// <summary>The config key of the owner idle time (minutes) before companion mode speaks.</summary>
    public const string CompanionIdleKey = "companion_idle_minutes";

    /// <summary>The longest content of a task.</summary>
    public const int MaxContentLength = 2000;

    /// <summary>The conversation session of companion-mode turns.</summary>
    public const string CompanionSession = "companion_mode";

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private readonly PeroStore _store;
    private readonly ChatAgent _agent;
    private readonly LlmSettingsResolver _resolver;
    private readonly PromptLibraryProvider _prompts;
    private readonly IEventPublisher? _events;
    private readonly SchedulerClock _clock;
    private readonly SchedulerOptions _options;
    private readonly IReadOnlyDictionary<string, string> _defaults;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _wake = new(0, 1);
    private readonly SemaphoreSlim _deliver = new(1, 1);
    private DateTimeOffset? _lastCompanionTurn;

    /// <summary>Creates the scheduler.</summary>
    public ReminderScheduler(PeroStore store, ChatAgent agent, LlmSettingsResolver resolver, PromptLibraryProvider prompts, SchedulerClock clock,
        IOptions<SchedulerOptions> options, IOptions<ChatAgentOptions>? chatOptions = null, IEventPublisher? events = null, ILogger<ReminderScheduler>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _agent = agent ?? throw new ArgumentNullException(nameof(agent));
        _resolver = resolver ?? throw new ArgumentNullException(nameof(resolver));
        _prompts = prompts ?? throw new ArgumentNullException(nameof(prompts));
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
        _options = options.Value;
        _defaults = chatOptions?.Value.ConfigDefaults ?? new Dictionary<string, string>();
        _events = events;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        StartedAt = _clock.UtcNow;
    }

    /// <summary>When this scheduler was created (the host started): a task due before then is delivered late.</summary>
    public DateTimeOffset StartedAt { get; private set; }

    /// <summary>The clock.</summary>
    public SchedulerClock Clock => _clock;

    /// <summary>The store the tasks live in.</summary>
    public PeroStore Store => _store;

    /// <summary>Marks the start of the host (for <c>late</c>) and returns tasks a stopped process left claimed to pending.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        StartedAt = _clock.UtcNow;
        var released = await _store.ScheduledTasks.ReleaseClaimsAsync(cancellationToken).ConfigureAwait(false);
        if (released > 0)
        {
            Log.Released(_logger, released);
        }
    }

    /// <summary>Wakes the delivery loop (a task was added or changed, or a test moved the clock).</summary>
    public void Wake()
    {
        try
        {
            _wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already awake.
        }
    }

    /// <summary>Sleeps until the next task falls due, <see cref="SchedulerOptions.PollInterval"/> passes or <see cref="Wake"/> is called.</summary>
    public async Task WaitAsync(CancellationToken cancellationToken)
    {
        var next = await _store.ScheduledTasks.NextDueAsync(cancellationToken).ConfigureAwait(false);
        var wait = _options.PollInterval;
        if (next is { } due)
        {
            var until = due - _clock.UtcNow;
            wait = until <= TimeSpan.Zero ? TimeSpan.Zero : until < wait ? until : wait;
        }

        if (wait == TimeSpan.Zero)
        {
            return;
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var sleep = Task.Delay(wait, _clock.Time, linked.Token);
        var woken = _wake.WaitAsync(linked.Token);
        await Task.WhenAny(sleep, woken).ConfigureAwait(false);
        await linked.CancelAsync().ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
    }

    /// <summary>The user's time zone: config key <c>timezone</c>, else the host's.</summary>
    public async Task<TimeZoneInfo> GetTimeZoneAsync(CancellationToken cancellationToken = default) =>
        TaskTimeParser.FindZone(await SettingAsync(TimeZoneKey, cancellationToken).ConfigureAwait(false)) ?? TimeZoneInfo.Local;

    /// <summary>A time shown to the user: ISO-8601 with the offset of the user's zone.</summary>
    public static string Show(DateTimeOffset time, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(time, zone).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    /// <summary>
    /// Adds a task. Refused (with the reason in <paramref name="language"/>, naming the field) when the type is unknown, the
    /// content empty or too long, or the time unreadable, ambiguous or past; a topic without a time is due now.
    /// </summary>
    public async Task<TaskAddResult> AddAsync(string type, string? time, string? content, PromptLanguage language, CancellationToken cancellationToken = default)
    {
        var texts = SchedulerTexts.For(language);
        if (type is not ("reminder" or "topic" or "reaction"))
        {
            return TaskAddResult.Refused("type", language == PromptLanguage.Chinese ? "“type” 必须是 reminder 或 topic。" : "'type' must be reminder or topic.");
        }

        if (string.IsNullOrWhiteSpace(content))
        {
            return TaskAddResult.Refused("content", texts.ContentEmpty);
        }

        if (content.Trim().Length > MaxContentLength)
        {
            return TaskAddResult.Refused("content", string.Format(CultureInfo.InvariantCulture, texts.ContentTooLong, MaxContentLength));
        }

        var now = _clock.UtcNow;
        var zone = await GetTimeZoneAsync(cancellationToken).ConfigureAwait(false);
        DateTimeOffset due;
        if (type == "topic" && string.IsNullOrWhiteSpace(time))
        {
            due = now;
        }
        else
        {
            var parsed = TaskTimeParser.Parse(time, now, zone);
            if (!parsed.Succeeded)
            {
                return TaskAddResult.Refused("time", texts.TimeRefusal(parsed, zone));
            }

            due = parsed.Time;
        }

        var row = await _store.ScheduledTasks.InsertAsync(new ScheduledTaskRecord { Type = type, Time = due, Content = content.Trim() }, cancellationToken)
            .ConfigureAwait(false);
        Wake();
        return TaskAddResult.Added(row, zone);
    }

    /// <summary>Changes a pending (or failed) task's time, content or type; a failed one is pending again.</summary>
    public async Task<TaskAddResult> UpdateAsync(long id, string? type, string? time, string? content, PromptLanguage language, CancellationToken cancellationToken = default)
    {
        var texts = SchedulerTexts.For(language);
        if (type is not null and not ("reminder" or "topic" or "reaction"))
        {
            return TaskAddResult.Refused("type", "'type' must be reminder or topic.");
        }

        if (content is not null && content.Trim().Length == 0)
        {
            return TaskAddResult.Refused("content", texts.ContentEmpty);
        }

        if (content is not null && content.Trim().Length > MaxContentLength)
        {
            return TaskAddResult.Refused("content", string.Format(CultureInfo.InvariantCulture, texts.ContentTooLong, MaxContentLength));
        }

        var zone = await GetTimeZoneAsync(cancellationToken).ConfigureAwait(false);
        DateTimeOffset? due = null;
        if (time is not null)
        {
            var parsed = TaskTimeParser.Parse(time, _clock.UtcNow, zone);
            if (!parsed.Succeeded)
            {
                return TaskAddResult.Refused("time", texts.TimeRefusal(parsed, zone));
            }

            due = parsed.Time;
        }

        var conflict = false;
        var updated = await _store.ScheduledTasks.UpdateAsync(id, row =>
        {
            if (row.Status is not (ScheduledTaskStatus.Pending or ScheduledTaskStatus.Failed))
            {
                conflict = true;
                return row;
            }

            return row with
            {
                Type = type ?? row.Type,
                Time = due ?? row.Time,
                Content = content?.Trim() ?? row.Content,
                Status = ScheduledTaskStatus.Pending,
                IsTriggered = false,
                Attempts = row.Status == ScheduledTaskStatus.Failed ? 0 : row.Attempts,
                LastError = row.Status == ScheduledTaskStatus.Failed ? null : row.LastError,
                NotBefore = null,
            };
        }, cancellationToken).ConfigureAwait(false);
        if (updated is null)
        {
            return TaskAddResult.Missing();
        }

        if (conflict)
        {
            return TaskAddResult.Refused("id", $"Task {id} is {updated.Status}; only a pending or failed task can be changed.", conflict: true);
        }

        Wake();
        return TaskAddResult.Added(updated, zone);
    }

    /// <summary>
    /// The legacy poll (<c>POST /api/tasks/check</c>): takes every due task the scheduler has not claimed, marks it
    /// delivered (by <c>poll</c>) and returns the instructions the client should run, as the original did.
    /// </summary>
    public async Task<IReadOnlyList<string>> PollAsync(CancellationToken cancellationToken = default)
    {
        var now = _clock.UtcNow;
        var taken = await _store.ScheduledTasks.TakeDueAsync(now, cancellationToken).ConfigureAwait(false);
        if (taken.Count == 0)
        {
            return [];
        }

        var library = await _prompts.GetForStoreAsync(_store, cancellationToken).ConfigureAwait(false);
        var texts = SchedulerTexts.For(library.Language);
        var name = await CompanionNameAsync(cancellationToken).ConfigureAwait(false);
        var zone = await GetTimeZoneAsync(cancellationToken).ConfigureAwait(false);
        return Group(taken).Select(g => Instruction(g, texts, name, IsLate(g, now), zone)).ToList();
    }

    /// <summary>Claims every due task and delivers it; returns how many turns were delivered.</summary>
    public async Task<int> TickAsync(CancellationToken cancellationToken = default)
    {
        var now = _clock.UtcNow;
        var claimed = await _store.ScheduledTasks.ClaimDueAsync(now, cancellationToken).ConfigureAwait(false);
        if (claimed.Count == 0)
        {
            return 0;
        }

        // One turn at a time: the companion speaks in order, and two ticks never interleave their replies.
        await _deliver.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var delivered = 0;
            foreach (var group in Group(claimed))
            {
                if (await DeliverAsync(group, now, cancellationToken).ConfigureAwait(false))
                {
                    delivered++;
                }
            }

            return delivered;
        }
        finally
        {
            _deliver.Release();
        }
    }

    /// <summary>
    /// Companion mode: when <c>companion_mode_enabled</c> is <c>"true"</c>, an LLM is configured and the owner has said
    /// nothing for <c>companion_idle_minutes</c> (since their last message or the companion's last such turn), runs one
    /// turn and pushes it as a <see cref="EventKinds.CompanionMessage"/>. It is never played on the server itself.
    /// Returns whether a turn was delivered.
    /// </summary>
    public async Task<bool> CompanionTickAsync(CancellationToken cancellationToken = default)
    {
        if (await SettingAsync(CompanionEnabledKey, cancellationToken).ConfigureAwait(false) != "true" ||
            await _resolver.TryResolveAsync(LlmRole.Chat, cancellationToken).ConfigureAwait(false) is null)
        {
            return false;
        }

        var idleSetting = await SettingAsync(CompanionIdleKey, cancellationToken).ConfigureAwait(false);
        var idleMinutes = int.TryParse(idleSetting, NumberStyles.None, CultureInfo.InvariantCulture, out var m) && m is >= 1 and <= 10_080 ? m : _options.CompanionIdleMinutes;
        var now = _clock.UtcNow;
        var lastUser = await _store.Logs.LatestUserMessageAsync(cancellationToken).ConfigureAwait(false);
        if (lastUser is null)
        {
            return false; // The owner has never spoken: nobody to keep company yet.
        }

        var since = _lastCompanionTurn is { } last && last > lastUser.Value ? last : lastUser.Value;
        if (now - since < TimeSpan.FromMinutes(idleMinutes))
        {
            return false;
        }

        await _deliver.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _lastCompanionTurn = now;
            var library = await _prompts.GetForStoreAsync(_store, cancellationToken).ConfigureAwait(false);
            var texts = SchedulerTexts.For(library.Language);
            var name = await CompanionNameAsync(cancellationToken).ConfigureAwait(false);
            var instruction = string.Format(CultureInfo.InvariantCulture, texts.CompanionInstruction, name, idleMinutes);
            var (reply, error) = await RunTurnAsync(instruction, CompanionSession, cancellationToken).ConfigureAwait(false);
            if (reply is null)
            {
                Log.CompanionFailed(_logger, error ?? "no reply");
                return false;
            }

            await PublishAsync(EventKinds.CompanionMessage, new Dictionary<string, object?>
            {
                ["text"] = reply, ["type"] = "companion", ["generated"] = true, ["late"] = false, ["idle_minutes"] = idleMinutes,
            }, cancellationToken).ConfigureAwait(false);
            return true;
        }
        finally
        {
            _deliver.Release();
        }
    }

    private static List<List<ScheduledTaskRecord>> Group(List<ScheduledTaskRecord> tasks)
    {
        var groups = tasks.Where(t => t.Type != "topic").OrderBy(t => t.Time).ThenBy(t => t.Id).Select(t => new List<ScheduledTaskRecord> { t }).ToList();
        var topics = tasks.Where(t => t.Type == "topic").OrderBy(t => t.Time).ThenBy(t => t.Id).ToList();
        if (topics.Count > 0)
        {
            groups.Add(topics);
        }

        return groups;
    }

    private bool IsLate(List<ScheduledTaskRecord> group, DateTimeOffset now) =>
        group.Any(t => t.Time < StartedAt || now - t.Time > _options.LateAfter);

    private static string Instruction(List<ScheduledTaskRecord> group, SchedulerTexts texts, string name, bool late, TimeZoneInfo zone)
    {
        var first = group[0];
        var text = first.Type switch
        {
            "topic" => string.Format(CultureInfo.InvariantCulture, texts.TopicsInstruction, name, string.Join("\n", group.Select(t => "- " + t.Content))),
            "reaction" => string.Format(CultureInfo.InvariantCulture, texts.ReactionInstruction, name, first.Content),
            _ => string.Format(CultureInfo.InvariantCulture, texts.ReminderInstruction, name, first.Content),
        };
        return late ? text + string.Format(CultureInfo.InvariantCulture, texts.LateNote, Show(first.Time, zone)) : text;
    }

    private async Task<bool> DeliverAsync(List<ScheduledTaskRecord> group, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var ids = group.Select(t => t.Id).ToList();
        var first = group[0];
        var late = IsLate(group, now);
        var library = await _prompts.GetForStoreAsync(_store, cancellationToken).ConfigureAwait(false);
        var texts = SchedulerTexts.For(library.Language);
        var zone = await GetTimeZoneAsync(cancellationToken).ConfigureAwait(false);
        var name = await CompanionNameAsync(cancellationToken).ConfigureAwait(false);
        var instruction = Instruction(group, texts, name, late, zone);
        string? reply;
        string? error;
        var generated = true;
        try
        {
            if (await _resolver.TryResolveAsync(LlmRole.Chat, cancellationToken).ConfigureAwait(false) is null)
            {
                // No LLM: the task still reaches the owner, in its own words, and the history says so.
                generated = false;
                reply = Fallback(group, texts);
                error = null;
                var pairId = Guid.NewGuid().ToString();
                await _store.Logs.AddAsync(
                [
                    new ConversationLogEntry
                    {
                        SessionId = ChatRequest.DefaultSession, Source = _options.Source, Role = "system", PairId = pairId, AnalysisStatus = "skipped",
                        Content = ChatPromptBuilder.SystemTriggerPrefix + instruction, MetadataJson = """{"generated":false}""",
                    },
                    new ConversationLogEntry
                    {
                        SessionId = ChatRequest.DefaultSession, Source = _options.Source, Role = "assistant", PairId = pairId, AnalysisStatus = "skipped",
                        Content = reply, MetadataJson = """{"generated":false}""",
                    },
                ], cancellationToken).ConfigureAwait(false);
            }
            else
            {
                (reply, error) = await RunTurnAsync(instruction, ChatRequest.DefaultSession, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            (reply, error) = (null, ex.Message);
        }

        if (reply is null)
        {
            var attempts = group.Max(t => t.Attempts);
            var retry = attempts < _options.MaxAttempts ? now + (_options.RetryDelay * Math.Pow(2, attempts - 1)) : (DateTimeOffset?)null;
            Log.DeliveryFailed(_logger, string.Join(",", ids), attempts, error ?? "no reply", retry is null);
            if (retry is not null || _events is null)
            {
                await _store.ScheduledTasks.MarkAttemptFailedAsync(ids, error ?? "The model gave no reply.", retry, CancellationToken.None).ConfigureAwait(false);
                return false;
            }

            // The last attempt failed: the owner still gets the task, in its own words, with the reason beside it.
            generated = false;
            reply = Fallback(group, texts);
        }

        var payload = new Dictionary<string, object?>
        {
            ["text"] = reply,
            ["content"] = string.Join("\n", group.Select(t => t.Content)),
            ["type"] = first.Type,
            ["task_id"] = first.Id,
            ["task_ids"] = ids,
            ["due"] = Show(first.Time, zone),
            ["late"] = late,
            ["generated"] = generated,
        };
        var keptError = generated ? null : error;
        if (keptError is not null)
        {
            payload["error"] = keptError;
        }

        var deliveredAt = _clock.UtcNow;
        if (_events is null)
        {
            await _store.ScheduledTasks.MarkDeliveredAsync(ids, deliveredAt, "scheduler", late, CancellationToken.None).ConfigureAwait(false);
        }
        else
        {
            // The push and the "delivered" mark commit together: a crash cannot lose the push nor send it twice.
            await _events.PublishAsync(first.Type == "reminder" ? EventKinds.Reminder : EventKinds.CompanionMessage,
                JsonSerializer.SerializeToElement(payload, Json),
                (tx, ct) => ScheduledTaskRepository.MarkDeliveredAsync(tx, ids, deliveredAt, "scheduler", late, ct, keptError),
                CancellationToken.None).ConfigureAwait(false);
        }

        Log.Delivered(_logger, first.Type, string.Join(",", ids), late);
        return true;
    }

    private static string Fallback(List<ScheduledTaskRecord> group, SchedulerTexts texts) =>
        string.Join("\n", group.Select(t => string.Format(CultureInfo.InvariantCulture,
            t.Type == "topic" ? texts.FallbackTopic : texts.FallbackReminder, t.Content)));

    /// <summary>Runs a system-triggered turn; returns the reply (null on failure) and the error.</summary>
    private async Task<(string? Reply, string? Error)> RunTurnAsync(string instruction, string session, CancellationToken cancellationToken)
    {
        var request = new ChatRequest { Messages = [], Source = _options.Source, SessionId = session, SystemInstruction = instruction };
        string? error = null;
        ChatOutcome? outcome = null;
        await foreach (var e in _agent.RunAsync(request, cancellationToken).ConfigureAwait(false))
        {
            switch (e)
            {
                case ChatErrorEvent failed:
                    error = failed.Message;
                    break;
                case ChatCompletedEvent completed:
                    outcome = completed.Outcome;
                    break;
            }
        }

        if (outcome is null || outcome.Failed)
        {
            return (null, error ?? "The turn failed.");
        }

        if (outcome.PairId is null)
        {
            return (null, "The model gave no reply.");
        }

        var reply = PeroCore.Nit.Blocks.NitBlockExtractor.Default.RemoveBlocks(outcome.VisibleText).Trim();
        return reply.Length == 0 ? (null, "The model gave no reply.") : (reply, null);
    }

    private async Task PublishAsync(string kind, Dictionary<string, object?> payload, CancellationToken cancellationToken)
    {
        if (_events is null)
        {
            return;
        }

        var element = JsonSerializer.SerializeToElement(payload, Json);
        await _events.PublishAsync(kind, element, cancellationToken).ConfigureAwait(false);
    }

    private async Task<string?> SettingAsync(string key, CancellationToken cancellationToken)
    {
        var stored = await _store.Config.GetAsync(key, cancellationToken).ConfigureAwait(false);
        return !string.IsNullOrWhiteSpace(stored) ? stored : _defaults.GetValueOrDefault(key);
    }

    private async Task<string> CompanionNameAsync(CancellationToken cancellationToken) =>
        await SettingAsync("companion_name", cancellationToken).ConfigureAwait(false) is { Length: > 0 } n ? n.Trim() : PromptComposer.DefaultCompanionName;

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Scheduler: {Count} task(s) left claimed by a stopped process are pending again.")]
        public static partial void Released(ILogger logger, int count);

        [LoggerMessage(2, LogLevel.Information, "Scheduler: delivered {Type} task(s) {Ids} (late: {Late}).")]
        public static partial void Delivered(ILogger logger, string type, string ids, bool late);

        [LoggerMessage(3, LogLevel.Warning, "Scheduler: delivery of task(s) {Ids} failed (attempt {Attempt}, final: {Final}): {Error}")]
        public static partial void DeliveryFailed(ILogger logger, string ids, int attempt, string error, bool final);

        [LoggerMessage(4, LogLevel.Warning, "Companion mode: the turn failed: {Error}")]
        public static partial void CompanionFailed(ILogger logger, string error);
    }
}
