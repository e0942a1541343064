using System.Globalization;
using PeroCore.Agent.Prompts;

namespace PeroCore.Agent.Scheduling;

/// <summary>
/// What the scheduler says, in the prompt language: the instructions of a system-triggered turn (the facts of the
/// original's, in our words), the tools' results and errors, and why a time was refused.
/// </summary>
public sealed record SchedulerTexts
{
    /// <summary>English.</summary>
    public static SchedulerTexts English { get; } = new()
    {
        ReminderInstruction = "[Scheduler notice: {0}, the time you agreed with your owner has come. Remind them now, in your own words. What you agreed: {1}]",
        TopicsInstruction = "[Scheduler notice: {0}, here are topics you earlier wanted to bring up with your owner (collected together):\n{1}\n\nWeave them naturally into one message that opens a conversation.]",
        ReactionInstruction = "[Scheduler notice: {0}, you decided earlier: '{1}'. The time has come; do it now.]",
        CompanionInstruction = "[Companion notice: {0}, your owner has been quiet for {1} minutes. If it feels natural, say something short and warm to keep them company; do not repeat yourself.]",
        LateNote = " (This is late: it was due at {0}, while the server was not running.)",
        FallbackReminder = "Reminder: {0}",
        FallbackTopic = "Something I wanted to talk about: {0}",
        FormatHint = "Use an ISO-8601 time such as 2026-12-03T09:00 (local) or 2026-12-03T09:00+08:00, 'YYYY-MM-DD HH:MM:SS', " +
                     "'in 10 minutes', 'in 2 hours', 'today 18:30', 'tomorrow 9:00', 'tomorrow at 9am' or 'next monday 10:00'.",
        TimeEmpty = "No time was given.",
        TimeUnrecognized = "'{0}' is not a time I can read.",
        TimeAmbiguous = "'{0}' is ambiguous (say am/pm or use 24-hour HH:MM, and give both a day and a time).",
        TimePast = "'{0}' is already in the past.",
        TimeGap = "'{0}' does not exist in time zone {1} (the clocks skip it for daylight saving).",
        TimeOverlap = "'{0}' happens twice in time zone {1} (the clocks repeat it for daylight saving); give an explicit offset.",
        TimeTooFar = "'{0}' is too far ahead.",
        ContentEmpty = "'content' must not be empty.",
        ContentTooLong = "'content' is too long (at most {0} characters).",
        ReminderAdded = "Reminder {0} set for {1}: {2}",
        TopicAdded = "Topic {0} saved for {1}: {2}",
        NoTasks = "No pending reminders or topics.",
        TaskLine = "- [{0}] {1} at {2}: {3}",
        Deleted = "Deleted reminder {0}.",
        NotFound = "There is no pending reminder or topic with id {0}.",
        IdInvalid = "'id' must be the number of a reminder (see list_reminders).",
    };

    /// <summary>Chinese.</summary>
    public static SchedulerTexts Chinese { get; } = new()
    {
        ReminderInstruction = "【日程系统通知：{0}，你和主人约好的时间到了。请现在用你自己的话提醒主人。约定的内容：{1}】",
        TopicsInstruction = "【日程系统通知：{0}，下面是你之前想和主人聊的话题（已合并）：\n{1}\n\n请把它们自然地串成一段话，主动开启一次聊天。】",
        ReactionInstruction = "【日程系统通知：{0}，你之前决定：“{1}”。时间已经到了，请现在去做。】",
        CompanionInstruction = "【陪伴模式通知：{0}，主人已经 {1} 分钟没有说话了。如果合适，就说一句简短温暖的话陪陪主人，不要重复之前说过的。】",
        LateNote = "（这条已经晚了：原定在 {0}，当时服务器没有运行。）",
        FallbackReminder = "提醒：{0}",
        FallbackTopic = "我想和你聊聊：{0}",
        FormatHint = "请使用 ISO-8601 时间（如 2026-12-03T09:00，或带时区 2026-12-03T09:00+08:00）、“YYYY-MM-DD HH:MM:SS”、" +
                     "“10分钟后”、“2小时后”、“明天早上九点”、“明天下午3点”、“后天晚上8点半”或“下周一9:30”。",
        TimeEmpty = "没有给出时间。",
        TimeUnrecognized = "无法识别时间“{0}”。",
        TimeAmbiguous = "时间“{0}”有歧义（请说明早上/下午/晚上或使用 24 小时制 HH:MM，并同时给出日期和钟点）。",
        TimePast = "时间“{0}”已经过去了。",
        TimeGap = "时间“{0}”在时区 {1} 中不存在（夏令时跳过了这个时刻）。",
        TimeOverlap = "时间“{0}”在时区 {1} 中出现两次（夏令时重复了这个时刻），请写明时区偏移。",
        TimeTooFar = "时间“{0}”太远了。",
        ContentEmpty = "“content” 不能为空。",
        ContentTooLong = "“content” 太长了（最多 {0} 个字符）。",
        ReminderAdded = "已设置提醒 {0}，时间 {1}：{2}",
        TopicAdded = "已记下话题 {0}，时间 {1}：{2}",
        NoTasks = "没有待办的提醒或话题。",
        TaskLine = "- [{0}] {1}，{2}：{3}",
        Deleted = "已删除提醒 {0}。",
        NotFound = "没有编号为 {0} 的待办提醒或话题。",
        IdInvalid = "“id” 必须是提醒的编号（见 list_reminders）。",
    };

    /// <summary>Instruction of a due reminder: {0} companion name, {1} content.</summary>
    public required string ReminderInstruction { get; init; }

    /// <summary>Instruction of due topics: {0} companion name, {1} the topics as "- " lines.</summary>
    public required string TopicsInstruction { get; init; }

    /// <summary>Instruction of a due reaction: {0} companion name, {1} content.</summary>
    public required string ReactionInstruction { get; init; }

    /// <summary>Instruction of a companion-mode turn: {0} companion name, {1} idle minutes.</summary>
    public required string CompanionInstruction { get; init; }

    /// <summary>Appended to an instruction delivered late: {0} the due time.</summary>
    public required string LateNote { get; init; }

    /// <summary>What a reminder says when no LLM is configured: {0} content.</summary>
    public required string FallbackReminder { get; init; }

    /// <summary>What a topic says when no LLM is configured: {0} content.</summary>
    public required string FallbackTopic { get; init; }

    /// <summary>The accepted time forms.</summary>
    public required string FormatHint { get; init; }

    /// <summary>No time.</summary>
    public required string TimeEmpty { get; init; }

    /// <summary>{0} the input.</summary>
    public required string TimeUnrecognized { get; init; }

    /// <summary>{0} the input.</summary>
    public required string TimeAmbiguous { get; init; }

    /// <summary>{0} the input.</summary>
    public required string TimePast { get; init; }

    /// <summary>{0} the input, {1} the zone.</summary>
    public required string TimeGap { get; init; }

    /// <summary>{0} the input, {1} the zone.</summary>
    public required string TimeOverlap { get; init; }

    /// <summary>{0} the input.</summary>
    public required string TimeTooFar { get; init; }

    /// <summary>Empty content.</summary>
    public required string ContentEmpty { get; init; }

    /// <summary>{0} the limit.</summary>
    public required string ContentTooLong { get; init; }

    /// <summary>{0} id, {1} time, {2} content.</summary>
    public required string ReminderAdded { get; init; }

    /// <summary>{0} id, {1} time, {2} content.</summary>
    public required string TopicAdded { get; init; }

    /// <summary>Nothing pending.</summary>
    public required string NoTasks { get; init; }

    /// <summary>{0} id, {1} type, {2} time, {3} content.</summary>
    public required string TaskLine { get; init; }

    /// <summary>{0} id.</summary>
    public required string Deleted { get; init; }

    /// <summary>{0} id.</summary>
    public required string NotFound { get; init; }

    /// <summary>Bad id.</summary>
    public required string IdInvalid { get; init; }

    /// <summary>The texts of a language.</summary>
    public static SchedulerTexts For(PromptLanguage language) => language == PromptLanguage.Chinese ? Chinese : English;

    /// <summary>Why a time was refused, with the forms to use.</summary>
    public string TimeRefusal(TaskTimeResult result, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var reason = result.Error switch
        {
            TaskTimeError.Empty => TimeEmpty,
            TaskTimeError.Ambiguous => TimeAmbiguous,
            TaskTimeError.Past => TimePast,
            TaskTimeError.DaylightSavingGap => TimeGap,
            TaskTimeError.DaylightSavingOverlap => TimeOverlap,
            TaskTimeError.TooFar => TimeTooFar,
            _ => TimeUnrecognized,
        };
        return string.Format(CultureInfo.InvariantCulture, reason, result.Input.Trim(), zone.Id) + " " + FormatHint;
    }
}
