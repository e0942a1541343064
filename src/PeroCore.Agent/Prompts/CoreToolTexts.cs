namespace PeroCore.Agent.Prompts;

/// <summary>The Chinese documentation of the core tools (Tools.CoreTools registers them in English), for Chinese prompts.</summary>
internal static class CoreToolTexts
{
    /// <summary>English text as registered → Chinese.</summary>
    public static IReadOnlyDictionary<string, string> Chinese { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["Tools"] = "工具",
        ["Core"] = "核心",
        ["Memory"] = "记忆",
        ["Task control and the companion's own state."] = "任务控制与你自己的状态。",
        ["Your long-term memory of the owner."] = "你关于主人的长期记忆。",
        ["Ends a task of several steps; the summary is shown to the owner."] = "结束一个多步骤的任务；总结会显示给主人。",
        ["What was done, in one or two sentences."] = "做了什么，一两句话。",
        ["success or failure."] = "success（成功）或 failure（失败）。",
        ["Changes your mood, vibe and inner thought, and the lines your avatar says when touched, idle or welcoming the owner back."] =
            "改变你的心情、氛围和内心想法，以及形象被触摸、主人空闲或主人回来时说的台词。",
        ["Your mood, e.g. happy."] = "你的心情，例如 开心。",
        ["Your overall vibe, e.g. lively."] = "你的整体氛围，例如 活泼。",
        ["What is on your mind."] = "你在想什么。",
        ["Lines when the head is touched (list or comma-separated)."] = "头部被触摸时的台词（列表或逗号分隔）。",
        ["Lines when the chest is touched."] = "胸部被触摸时的台词。",
        ["Lines when the body is touched."] = "身体被触摸时的台词。",
        ["Lines while the owner is idle."] = "主人空闲时的台词。",
        ["Lines when the owner comes back."] = "主人回来时的台词。",
        ["Searches your long-term memory and returns the most relevant memories."] = "搜索你的长期记忆，返回最相关的记忆。",
        ["What to look for."] = "要找什么。",
        ["How many memories (1-20)."] = "返回几条记忆（1-20）。",
        ["Saves something worth remembering about the owner to long-term memory."] = "把关于主人值得记住的事存入长期记忆。",
        ["The fact or event, in one sentence."] = "事实或事件，一句话。",
        ["Keywords (list or comma-separated)."] = "关键词（列表或逗号分隔）。",
        ["1 (trivial) to 10 (vital)."] = "1（琐碎）到 10（极其重要）。",

        // Scheduler tools (Scheduling.SchedulerTools).
        ["Scheduler"] = "日程",
        ["Reminders and topics you bring up later by yourself."] = "你之后会主动提起的提醒和话题。",
        ["Sets a reminder: at that time you will remind the owner of it yourself."] = "设置提醒：到时间你会主动提醒主人。",
        [Scheduling.SchedulerTools.TimeHelp] = "时间：“10分钟后”、“明天早上九点”、“明天下午3点”、“后天晚上8点半”、“下周一9:30”、" +
                                               "ISO-8601（如 2026-12-03T09:00，按主人的时区）或“YYYY-MM-DD HH:MM:SS”。",
        ["What to remind the owner of."] = "要提醒主人的事。",
        ["Saves a topic to bring up with the owner later (topics due together are raised in one message)."] = "记下一个之后要和主人聊的话题（同时到期的话题会合成一段话）。",
        ["The topic."] = "话题。",
        ["When to bring it up (same forms as add_reminder); now when omitted."] = "什么时候提起（格式同 add_reminder）；省略则为现在。",
        ["Lists the pending reminders and topics with their ids and times."] = "列出待办的提醒和话题，附编号和时间。",
        ["Deletes a pending reminder or topic by its id (see list_reminders)."] = "按编号删除一个待办的提醒或话题（见 list_reminders）。",
        ["The id of the reminder or topic."] = "提醒或话题的编号。",
    };
}
