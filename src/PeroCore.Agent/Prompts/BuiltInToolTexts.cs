namespace PeroCore.Agent.Prompts;

/// <summary>
/// The Chinese documentation of the built-in tool groups (registered in English), for Chinese prompts and native tool
/// lists; merged with <see cref="CoreToolTexts"/> into the Chinese glossary.
/// </summary>
internal static class BuiltInToolTexts
{
    /// <summary>English text as registered → Chinese.</summary>
    public static IReadOnlyDictionary<string, string> Chinese { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        // MemoryOps
        ["Searches long-term memory and shows why each memory matched: its score and the parts of it (semantic, lexical, activation, importance, recency)."] =
            "搜索长期记忆，并说明每条记忆为何匹配：得分及其组成（语义、关键词、激活、重要性、新近度）。",
        ["How many memories (1-50)."] = "返回几条记忆（1-50）。",
        ["Changes a memory: its text, tags, importance or type. Fields left out stay as they are."] = "修改一条记忆的文字、标签、重要度或类型；未给出的字段保持不变。",
        ["The memory's id."] = "记忆的 id。",
        ["The new text."] = "新的文字。",
        ["The new tags (list or comma-separated); replaces the old ones."] = "新的标签（列表或逗号分隔），替换原有标签。",
        ["The new importance, 0 (trivial) to 10 (vital)."] = "新的重要度，0（琐碎）到 10（极其重要）。",
        ["The new type, e.g. event, fact, preference, reflection."] = "新的类型，例如 event、fact、preference、reflection。",
        ["Links two memories so that one brings the other to mind (or changes the strength of their link)."] = "关联两条记忆，使其中一条能唤起另一条（或修改关联强度）。",
        ["The first memory's id."] = "第一条记忆的 id。",
        ["Forgets a memory: it is archived, so recall no longer brings it up, and the owner can still restore it from its history."] = "忘记一条记忆：它会被归档，回忆时不再出现，主人仍可从修改记录中恢复。",
        ["The second memory's id."] = "第二条记忆的 id。",
        ["One of: associative, causal, thematic, temporal, contradictory."] = "可选：associative（联想）、causal（因果）、thematic（主题）、temporal（时间）、contradictory（矛盾）。",
        ["How strong the link is, 0 to 1."] = "关联强度，0 到 1。",
        ["Why they are related."] = "它们为何相关。",
        ["Shows the latest messages of a conversation (this one by default), oldest first."] = "显示一段对话（默认当前对话）的最新消息，按时间从早到晚。",
        ["How many messages (1-100)."] = "返回几条消息（1-100）。",
        ["Another session id of the same source; this chat's session when left out."] = "同一来源的另一个会话 id；不填则为当前会话。",
        ["Lists the memories of a cluster (a theme the memory secretary grouped them under), newest first; without a cluster, lists the clusters."] =
            "列出某个簇（记忆秘书归纳的主题）中的记忆，最新的在前；不填簇时列出所有簇。",
        ["The cluster label, with or without brackets."] = "簇的名称，带不带方括号均可。",
        ["How many memories (1-100)."] = "返回几条记忆（1-100）。",

        // WorkspaceOps
        ["Workspace"] = "工作区",
        ["Your workspace folder: notes and documents you and the owner share. Paths are relative to it; nothing outside it can be read or written."] =
            "你的工作区文件夹：你和主人共享的笔记与文档。路径都相对于它；工作区之外的任何文件都不能读写。",
        ["Reads a file of the workspace (text, Markdown, PDF or DOCX)."] = "读取工作区中的文件（文本、Markdown、PDF 或 DOCX）。",
        ["The file's path inside the workspace, e.g. notes/todo.md."] = "文件在工作区中的路径，例如 notes/todo.md。",
        ["Writes a text file in the workspace (creates folders as needed, replaces an existing file)."] = "在工作区中写入文本文件（按需创建文件夹，覆盖已有文件）。",
        ["The file's path inside the workspace."] = "文件在工作区中的路径。",
        ["The whole new content."] = "完整的新内容。",
        ["Lists a folder of the workspace (the top folder by default)."] = "列出工作区中的一个文件夹（默认顶层）。",
        ["A folder inside the workspace."] = "工作区中的文件夹。",
        ["Changes a workspace file with a unified diff (@@ -a,b +c,d @@ hunks). Every hunk must apply, or nothing changes."] =
            "用 unified diff（@@ -a,b +c,d @@ 块）修改工作区文件。所有块都必须能应用，否则不做任何修改。",
        ["The unified diff."] = "unified diff 内容。",
        ["Finds workspace files whose name or text contains the query."] = "查找文件名或内容包含关键词的工作区文件。",
        ["Text to look for (case-insensitive)."] = "要查找的文字（不区分大小写）。",
        ["How many hits (1-100)."] = "返回几条结果（1-100）。",
        ["Reads a file (text, Markdown, PDF or DOCX); paths are inside the workspace."] = "读取文件（文本、Markdown、PDF 或 DOCX）；路径在工作区内。",
        ["The most characters to return."] = "最多返回的字符数。",
        ["Lists a folder; paths are inside the workspace."] = "列出文件夹；路径在工作区内。",
        ["A folder inside the workspace (the top folder by default)."] = "工作区中的文件夹（默认顶层）。",

        // WebOps
        ["Web"] = "网页",
        ["Reading public web pages."] = "阅读公开网页。",
        ["Downloads a public web page and returns its readable text (title and main content)."] = "下载公开网页并返回可读文字（标题和正文）。",
        ["The page's http or https URL."] = "网页的 http 或 https 地址。",

        // BrowserOps
        ["Browser"] = "浏览器",
        ["The owner's own web browser, through the PeroCore browser extension."] = "主人自己的浏览器，通过 PeroCore 浏览器扩展控制。",
        ["Opens a URL in the owner's browser and returns the page."] = "在主人的浏览器中打开网址并返回页面。",
        ["The URL to open."] = "要打开的网址。",
        ["Clicks an element of the current page (CSS selector or its visible text)."] = "点击当前页面上的元素（CSS 选择器或其可见文字）。",
        ["A CSS selector or the element's text."] = "CSS 选择器或元素的文字。",
        ["Types text into a field of the current page."] = "在当前页面的输入框中输入文字。",
        ["A CSS selector or the field's label."] = "CSS 选择器或输入框的标签。",
        ["The text to type."] = "要输入的文字。",
        ["Scrolls the current page."] = "滚动当前页面。",
        ["up, down, top or bottom."] = "up（上）、down（下）、top（顶部）或 bottom（底部）。",
        ["Goes back to the previous page."] = "返回上一页。",
        ["Reloads the current page."] = "刷新当前页面。",
        ["Returns the text (Markdown) of the page open in the owner's browser."] = "返回主人浏览器中当前页面的文字（Markdown）。",
        ["Returns the title and URL of the page open in the owner's browser."] = "返回主人浏览器中当前页面的标题和网址。",

        // SessionOps
        ["Work mode"] = "工作模式",
        ["Focused work sessions with the owner; the summary of each is remembered."] = "与主人一起专注工作的时段；每次的总结都会被记住。",
        ["Starts a focused work session on a task in this chat."] = "在当前对话中开始一段专注于某个任务的工作。",
        ["What you will work on."] = "要做的工作。",
        ["Ends the work session and remembers its summary."] = "结束工作时段并记住总结。",
        ["What was done and what is left, in a few sentences."] = "做了什么、还剩什么，用几句话说明。",

        // SystemOps
        ["System"] = "系统",
        ["The time and the machine PeroCore runs on."] = "时间以及 PeroCore 所在的机器。",
        ["Returns the current date, weekday and time in the owner's time zone."] = "返回主人时区的当前日期、星期和时间。",
        ["Returns facts about the machine PeroCore runs on: OS, CPUs, memory, uptime and version."] = "返回 PeroCore 所在机器的信息：操作系统、CPU、内存、运行时间和版本。",
    };
}
