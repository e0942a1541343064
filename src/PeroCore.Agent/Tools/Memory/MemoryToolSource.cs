using System.Globalization;
using System.Text;
using PeroCore.Agent.Chat;
using PeroCore.Memory;
using PeroCore.Memory.History;
using PeroCore.Memory.Ingestion;
using PeroCore.Memory.Recall;
using PeroCore.Memory.Storage;
using PeroCore.Nit.Tools;

namespace PeroCore.Agent.Tools.Memory;

/// <summary>
/// The memory tools of plugin <c>MemoryOps</c> beside the core <c>recall_memories</c>/<c>save_memory</c>:
/// <c>search_memories</c> (with each score's breakdown), <c>update_memory</c>, <c>relate_memories</c>,
/// <c>recent_history</c> and <c>memories_by_cluster</c>. The MCP server exposes every MemoryOps tool, so each one has a
/// complete parameter schema and answers plain text.
/// </summary>
public sealed class MemoryToolSource : IToolSource
{
    /// <summary>The plugin every memory tool belongs to.</summary>
    public const string Plugin = "MemoryOps";

    private const string PluginDisplay = "Memory";
    private const string PluginText = "Your long-term memory of the owner.";
    private const int HistoryEntryCharacters = 600;

    private readonly MemoryEngine _engine;
    private readonly PeroStore _store;

    /// <summary>Creates the source over the host's engine and store.</summary>
    public MemoryToolSource(MemoryEngine engine, PeroStore store)
    {
        _engine = engine ?? throw new ArgumentNullException(nameof(engine));
        _store = store ?? throw new ArgumentNullException(nameof(store));
    }

    /// <inheritdoc/>
    public IEnumerable<NitTool> CreateTools()
    {
        yield return NitTool.Create("search_memories")
            .InPlugin(Plugin, PluginDisplay, PluginText)
            .WithDescription("Searches long-term memory and shows why each memory matched: its score and the parts of it (semantic, lexical, activation, importance, recency).")
            .WithParameter("query", NitParameterType.String, "What to look for.", required: true)
            .WithOptionalParameter("limit", NitParameterType.Integer, 5L, "How many memories (1-50).")
            .Handle(SearchAsync)
            .Build();

        yield return NitTool.Create("update_memory")
            .InPlugin(Plugin, PluginDisplay, PluginText)
            .WithDescription("Changes a memory: its text, tags, importance or type. Fields left out stay as they are.")
            .WithParameter("id", NitParameterType.Integer, "The memory's id.", required: true)
            .WithOptionalParameter("content", NitParameterType.String, null, "The new text.")
            .WithOptionalParameter("tags", NitParameterType.Any, null, "The new tags (list or comma-separated); replaces the old ones.")
            .WithOptionalParameter("importance", NitParameterType.Integer, null, "The new importance, 0 (trivial) to 10 (vital).")
            .WithOptionalParameter("type", NitParameterType.String, null, "The new type, e.g. event, fact, preference, reflection.")
            .Handle(UpdateAsync)
            .Build();

        yield return NitTool.Create("relate_memories")
            .InPlugin(Plugin, PluginDisplay, PluginText)
            .WithDescription("Links two memories so that one brings the other to mind (or changes the strength of their link).")
            .WithParameter("source_id", NitParameterType.Integer, "The first memory's id.", required: true)
            .WithParameter("target_id", NitParameterType.Integer, "The second memory's id.", required: true)
            .WithOptionalParameter("relation_type", NitParameterType.String, RelationTypes.Associative, "One of: " + string.Join(", ", LinkTypes) + ".")
            .WithOptionalParameter("strength", NitParameterType.Number, 0.5, "How strong the link is, 0 to 1.")
            .WithOptionalParameter("description", NitParameterType.String, null, "Why they are related.")
            .Handle(RelateAsync)
            .Build();

        yield return NitTool.Create("forget_memory")
            .InPlugin(Plugin, PluginDisplay, PluginText)
            .WithDescription("Forgets a memory: it is archived, so recall no longer brings it up, and the owner can still restore it from its history.")
            .WithParameter("id", NitParameterType.Integer, "The memory's id.", required: true)
            .Handle(ForgetAsync)
            .Build();

        yield return NitTool.Create("recent_history")
            .InPlugin(Plugin, PluginDisplay, PluginText)
            .WithDescription("Shows the latest messages of a conversation (this one by default), oldest first.")
            .WithOptionalParameter("limit", NitParameterType.Integer, 10L, "How many messages (1-100).")
            .WithOptionalParameter("session", NitParameterType.String, null, "Another session id of the same source; this chat's session when left out.")
            .Handle(RecentHistoryAsync)
            .Build();

        yield return NitTool.Create("memories_by_cluster")
            .InPlugin(Plugin, PluginDisplay, PluginText)
            .WithAlias("read_memory_by_cluster")
            .WithDescription("Lists the memories of a cluster (a theme the memory secretary grouped them under), newest first; without a cluster, lists the clusters.")
            .WithOptionalParameter("cluster", NitParameterType.String, null, "The cluster label, with or without brackets.")
            .WithOptionalParameter("limit", NitParameterType.Integer, 20L, "How many memories (1-100).")
            .Handle(ByClusterAsync)
            .Build();
    }

    private async ValueTask<object?> SearchAsync(NitToolCall call, CancellationToken ct)
    {
        var query = call.GetString("query");
        if (string.IsNullOrWhiteSpace(query))
        {
            throw ToolText.Fail(call, "'query' must not be empty.", "“query” 不能为空。");
        }

        var limit = Limit(call, "limit", 50);
        var result = await _engine.RecallAsync(new RecallRequest
        {
            Query = query.Trim(),
            Options = _engine.Options.Recall with { Limit = limit },
        }, ct).ConfigureAwait(false);
        if (result.Memories.Count == 0)
        {
            return ToolText.Say(call, "No matching memories.", "没有找到相关的记忆。");
        }

        var sb = new StringBuilder();
        foreach (var m in result.Memories)
        {
            var s = m.Score;
            sb.Append('[').Append(m.Memory.Id.ToString(CultureInfo.InvariantCulture)).Append("] ").Append(m.Memory.Content).Append('\n')
              .Append("    ").Append(ToolText.Say(call,
                  "score {0} = semantic {1}, lexical {2}, activation {3}, importance {4}, recency {5}{6}; tags: {7}; importance {8}; {9}",
                  "得分 {0} = 语义 {1}，关键词 {2}，激活 {3}，重要性 {4}，新近 {5}{6}；标签：{7}；重要度 {8}；{9}",
                  F(s.Final), F(s.Semantic), F(s.Lexical), F(s.Activation), F(s.Importance), F(s.Recency),
                  m.IsCandidate ? string.Empty : ToolText.Say(call, " (reached by association)", "（由联想激活）"),
                  m.Memory.Tags.Count == 0 ? "-" : string.Join(", ", m.Memory.Tags), m.Memory.Importance,
                  m.Memory.Timestamp.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)))
              .Append('\n');
        }

        return sb.ToString().TrimEnd();
    }

    private async ValueTask<object?> UpdateAsync(NitToolCall call, CancellationToken ct)
    {
        var id = call.GetInt64("id") ?? 0;
        var content = call.GetString("content");
        var tags = CoreTools.ToList(call["tags"]);
        var importance = call.GetInt64("importance");
        var type = call.GetString("type");
        if (content is not null && string.IsNullOrWhiteSpace(content))
        {
            throw ToolText.Fail(call, "'content' must not be empty.", "“content” 不能为空。");
        }

        if (importance is < 0 or > 10)
        {
            throw ToolText.Fail(call, "'importance' must be between 0 and 10.", "“importance” 必须在 0 到 10 之间。");
        }

        if (type is not null && (string.IsNullOrWhiteSpace(type) || type.Trim().Length > 64))
        {
            throw ToolText.Fail(call, "'type' must be a short word such as event or fact.", "“type” 必须是一个简短的词，例如 event 或 fact。");
        }

        if (content is null && tags is null && importance is null && type is null)
        {
            throw ToolText.Fail(call, "Nothing to change: give content, tags, importance or type.", "没有要修改的内容：请提供 content、tags、importance 或 type。");
        }

        var updated = await _engine.UpdateAsync(id, new MemoryEdit
        {
            Content = content?.Trim(),
            Tags = tags,
            Importance = importance is { } i ? (int)i : null,
            Type = type?.Trim(),
        }, ChangeOrigin.Tool, ct).ConfigureAwait(false);
        if (updated is null)
        {
            throw ToolText.Fail(call, "Memory {0} does not exist.", "记忆 {0} 不存在。", id);
        }

        return ToolText.Say(call, "Updated memory {0}: {1}", "已更新记忆 {0}：{1}", updated.Id, updated.Content);
    }

    // The relation types a tool may create; derived_from is the secretary's own link from a merged memory to its sources.
    private static readonly string[] LinkTypes = [.. RelationTypes.All.Where(t => t != RelationTypes.DerivedFrom)];

    private async ValueTask<object?> ForgetAsync(NitToolCall call, CancellationToken ct)
    {
        var id = call.GetInt64("id") ?? 0;
        var archived = await _engine.ArchiveAsync(id, ChangeOrigin.Tool, ct).ConfigureAwait(false)
            ?? throw ToolText.Fail(call, "Memory {0} does not exist.", "记忆 {0} 不存在。", id);
        return ToolText.Say(call, "Forgot memory {0} (archived; it can be restored from its history): {1}", "已忘记记忆 {0}（已归档，可从修改记录中恢复）：{1}",
            archived.Id, archived.Content);
    }

    private async ValueTask<object?> RelateAsync(NitToolCall call, CancellationToken ct)
    {
        var source = call.GetInt64("source_id") ?? 0;
        var target = call.GetInt64("target_id") ?? 0;
        var type = (call.GetString("relation_type") ?? RelationTypes.Associative).Trim().ToLowerInvariant();
        var strength = call.GetDouble("strength") ?? 0.5;
        if (!LinkTypes.Contains(type, StringComparer.Ordinal))
        {
            throw ToolText.Fail(call, "Unknown relation_type '{0}'; use one of: {1}.", "未知的 relation_type“{0}”；可用：{1}。", type, string.Join(", ", LinkTypes));
        }

        if (strength is < 0 or > 1 || double.IsNaN(strength))
        {
            throw ToolText.Fail(call, "'strength' must be between 0 and 1.", "“strength” 必须在 0 到 1 之间。");
        }

        if (source == target)
        {
            throw ToolText.Fail(call, "A memory cannot be related to itself.", "记忆不能与自身关联。");
        }

        try
        {
            var relation = await _engine.RelateAsync(source, target, type, strength, call.GetString("description"), ChangeOrigin.Tool, ct).ConfigureAwait(false);
            return ToolText.Say(call, "Related memory {0} and memory {1} ({2}, strength {3}).", "已关联记忆 {0} 与记忆 {1}（{2}，强度 {3}）。",
                relation.SourceId, relation.TargetId, relation.RelationType, F(relation.Strength));
        }
        catch (KeyNotFoundException)
        {
            throw ToolText.Fail(call, "Memory {0} or memory {1} does not exist.", "记忆 {0} 或记忆 {1} 不存在。", source, target);
        }
    }

    private async ValueTask<object?> RecentHistoryAsync(NitToolCall call, CancellationToken ct)
    {
        var state = ChatToolState.From(call);
        var limit = Limit(call, "limit", 100);
        var session = call.GetString("session") is { } s && !string.IsNullOrWhiteSpace(s) ? s.Trim() : state?.SessionId ?? "default";
        var source = state?.Source ?? "desktop";
        var rows = await _store.Logs.ListSessionAsync(source, session, limit, cancellationToken: ct).ConfigureAwait(false);
        if (rows.Count == 0)
        {
            return ToolText.Say(call, "No messages in session '{0}'.", "会话“{0}”中没有消息。", session);
        }

        var sb = new StringBuilder();
        foreach (var row in rows)
        {
            var text = row.Content.Length > HistoryEntryCharacters ? row.Content[..HistoryEntryCharacters] + "…" : row.Content;
            sb.Append('[').Append(row.Timestamp.ToLocalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)).Append("] ")
              .Append(row.Role).Append(": ").Append(text.Replace("\n", " ", StringComparison.Ordinal)).Append('\n');
        }

        return sb.ToString().TrimEnd();
    }

    private async ValueTask<object?> ByClusterAsync(NitToolCall call, CancellationToken ct)
    {
        var cluster = call.GetString("cluster")?.Trim();
        if (string.IsNullOrEmpty(cluster))
        {
            var clusters = await _store.Memories.CountClustersAsync(ct).ConfigureAwait(false);
            return clusters.Count == 0
                ? ToolText.Say(call, "No memory belongs to a cluster yet.", "还没有任何记忆被归入簇。")
                : ToolText.Say(call, "Clusters: {0}", "簇：{0}", string.Join(", ", clusters.Select(c => $"[{c.Cluster}] ({c.Count})")));
        }

        var memories = await _store.Memories.ListAsync(new MemoryListQuery { Cluster = cluster, Limit = Limit(call, "limit", 100) }, ct).ConfigureAwait(false);
        if (memories.Count == 0)
        {
            var clusters = await _store.Memories.CountClustersAsync(ct).ConfigureAwait(false);
            return ToolText.Say(call, "No memories in cluster '{0}'. Known clusters: {1}", "簇“{0}”中没有记忆。已有的簇：{1}", cluster,
                clusters.Count == 0 ? "-" : string.Join(", ", clusters.Select(c => $"[{c.Cluster}]")));
        }

        var sb = new StringBuilder();
        foreach (var m in memories)
        {
            sb.Append('[').Append(m.Id.ToString(CultureInfo.InvariantCulture)).Append("] ").Append(m.Content)
              .Append(" (").Append(m.Timestamp.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append(")\n");
        }

        return sb.ToString().TrimEnd();
    }

    private static int Limit(NitToolCall call, string name, int max) => (int)Math.Clamp(call.GetInt64(name) ?? 5, 1, max);

    private static string F(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
