using System.Globalization;
using PeroCore.Agent.Chat;
using PeroCore.Memory;
using PeroCore.Memory.History;
using PeroCore.Memory.Storage;
using PeroCore.Nit.Tools;

namespace PeroCore.Agent.Tools.Session;

/// <summary>
/// Work mode, plugin <c>SessionOps</c>: <c>enter_work_mode(task?)</c> marks the chat session as working on a task,
/// <c>exit_work_mode(summary)</c> ends it and keeps the summary as a memory (type <c>work_summary</c>).
/// </summary>
public sealed class SessionToolSource : IToolSource
{
    /// <summary>The plugin of the work-mode tools.</summary>
    public const string Plugin = "SessionOps";

    /// <summary>The type of the memory an exit summary is stored as.</summary>
    public const string SummaryType = "work_summary";

    private const string PluginDisplay = "Work mode";
    private const string PluginText = "Focused work sessions with the owner; the summary of each is remembered.";

    private readonly WorkModeSessions _sessions;
    private readonly MemoryEngine _engine;
    private readonly TimeProvider _time;

    /// <summary>Creates the source.</summary>
    public SessionToolSource(WorkModeSessions sessions, MemoryEngine engine, TimeProvider? time = null)
    {
        _sessions = sessions ?? throw new ArgumentNullException(nameof(sessions));
        _engine = engine ?? throw new ArgumentNullException(nameof(engine));
        _time = time ?? TimeProvider.System;
    }

    /// <inheritdoc/>
    public IEnumerable<NitTool> CreateTools()
    {
        yield return NitTool.Create("enter_work_mode")
            .InPlugin(Plugin, PluginDisplay, PluginText)
            .WithDescription("Starts a focused work session on a task in this chat.")
            .WithOptionalParameter("task", NitParameterType.String, "", "What you will work on.")
            .Handle(Enter)
            .Build();

        yield return NitTool.Create("exit_work_mode")
            .InPlugin(Plugin, PluginDisplay, PluginText)
            .WithDescription("Ends the work session and remembers its summary.")
            .WithParameter("summary", NitParameterType.String, "What was done and what is left, in a few sentences.", required: true)
            .Handle(ExitAsync)
            .Build();
    }

    private object? Enter(NitToolCall call)
    {
        var (source, session) = SessionOf(call);
        var task = call.GetString("task")?.Trim() ?? string.Empty;
        var previous = _sessions.Enter(source, session, new WorkModeState(task, _time.GetUtcNow()));
        if (previous is not null)
        {
            return ToolText.Say(call, "Already in work mode (task: {0}, since {1}).", "已经处于工作模式（任务：{0}，开始于 {1}）。",
                previous.Task.Length == 0 ? "-" : previous.Task, previous.StartedAt.ToLocalTime().ToString("HH:mm", CultureInfo.InvariantCulture));
        }

        return task.Length == 0
            ? ToolText.Say(call, "Work mode on.", "已进入工作模式。")
            : ToolText.Say(call, "Work mode on: {0}", "已进入工作模式：{0}", task);
    }

    private async ValueTask<object?> ExitAsync(NitToolCall call, CancellationToken ct)
    {
        var summary = call.GetString("summary")?.Trim();
        if (string.IsNullOrEmpty(summary))
        {
            throw ToolText.Fail(call, "'summary' must not be empty.", "“summary” 不能为空。");
        }

        var (source, session) = SessionOf(call);
        var state = _sessions.Get(source, session);
        if (state is null)
        {
            throw ToolText.Fail(call, "This chat is not in work mode; nothing to end.", "当前会话不在工作模式中，无需结束。");
        }

        var minutes = Math.Max(0, (int)Math.Round((_time.GetUtcNow() - state.StartedAt).TotalMinutes));
        var content = state.Task.Length == 0
            ? ToolText.Say(call, "Work session ({0} min): {1}", "工作时段（{0} 分钟）：{1}", minutes, summary)
            : ToolText.Say(call, "Work session on \"{0}\" ({1} min): {2}", "关于“{0}”的工作时段（{1} 分钟）：{2}", state.Task, minutes, summary);
        var tags = new List<string> { "work" };
        if (state.Task.Length is > 0 and <= 40)
        {
            tags.Add(state.Task);
        }

        var record = await _engine.AddAsync(new NewMemory
        {
            Content = content,
            Tags = tags,
            Importance = 6,
            Source = source,
            Type = SummaryType,
        }, ChangeOrigin.Tool, ct).ConfigureAwait(false);
        _sessions.Exit(source, session);
        return ToolText.Say(call, "Work mode off; the summary is saved as memory {0}.", "已退出工作模式；总结已保存为记忆 {0}。", record.Id);
    }

    private static (string Source, string Session) SessionOf(NitToolCall call)
    {
        var state = ChatToolState.From(call);
        return (state?.Source ?? "desktop", state?.SessionId ?? "default");
    }
}
