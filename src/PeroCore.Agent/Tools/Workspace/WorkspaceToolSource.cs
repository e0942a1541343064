using System.Globalization;
using System.Text;
using PeroCore.Nit.Tools;

namespace PeroCore.Agent.Tools.Workspace;

/// <summary>
/// The file tools of plugin <c>WorkspaceOps</c>, every one confined to the workspace folder by <see cref="WorkspacePaths"/>:
/// <c>read_workspace_file</c>, <c>write_workspace_file</c> (atomic), <c>list_workspace_files</c>,
/// <c>apply_workspace_diff</c> (all hunks or nothing), <c>search_workspace</c>, and the original's
/// <c>read_file_content</c> and <c>list_directory</c>, now inside the same folder. Text and Markdown are read directly,
/// PDF and DOCX through their parsers, each under the size guard.
/// </summary>
public sealed class WorkspaceToolSource : IToolSource
{
    /// <summary>The plugin of the file tools.</summary>
    public const string Plugin = "WorkspaceOps";

    private const string PluginDisplay = "Workspace";
    private const string PluginText = "Your workspace folder: notes and documents you and the owner share. Paths are relative to it; nothing outside it can be read or written.";
    private const int MaxListed = 500;
    private const int MaxSearchFiles = 5000;

    private readonly WorkspacePaths _paths;
    private readonly BuiltInToolOptions _options;

    /// <summary>Creates the source.</summary>
    public WorkspaceToolSource(WorkspacePaths paths, BuiltInToolOptions options)
    {
        _paths = paths ?? throw new ArgumentNullException(nameof(paths));
        _options = options ?? throw new ArgumentNullException(nameof(options));
    }

    /// <inheritdoc/>
    public IEnumerable<NitTool> CreateTools()
    {
        yield return Tool("read_workspace_file", "Reads a file of the workspace (text, Markdown, PDF or DOCX).")
            .WithParameter("filename", NitParameterType.String, "The file's path inside the workspace, e.g. notes/todo.md.", required: true)
            .Handle((call, ct) => ReadAsync(call, call.GetString("filename"), ct))
            .Build();

        yield return Tool("write_workspace_file", "Writes a text file in the workspace (creates folders as needed, replaces an existing file).")
            .WithParameter("filename", NitParameterType.String, "The file's path inside the workspace.", required: true)
            .WithParameter("content", NitParameterType.String, "The whole new content.", required: true)
            .Handle(WriteAsync)
            .Build();

        yield return Tool("list_workspace_files", "Lists a folder of the workspace (the top folder by default).")
            .WithOptionalParameter("subdir", NitParameterType.String, "", "A folder inside the workspace.")
            .Handle(call => List(call, call.GetString("subdir")))
            .Build();

        yield return Tool("apply_workspace_diff", "Changes a workspace file with a unified diff (@@ -a,b +c,d @@ hunks). Every hunk must apply, or nothing changes.")
            .WithParameter("filename", NitParameterType.String, "The file's path inside the workspace.", required: true)
            .WithParameter("diff", NitParameterType.String, "The unified diff.", required: true)
            .Handle(ApplyDiffAsync)
            .Build();

        yield return Tool("search_workspace", "Finds workspace files whose name or text contains the query.")
            .WithParameter("query", NitParameterType.String, "Text to look for (case-insensitive).", required: true)
            .WithOptionalParameter("limit", NitParameterType.Integer, 20L, "How many hits (1-100).")
            .Handle(SearchAsync)
            .Build();

        yield return Tool("read_file_content", "Reads a file (text, Markdown, PDF or DOCX); paths are inside the workspace.")
            .WithParameter("file_path", NitParameterType.String, "The file's path inside the workspace.", required: true)
            .WithOptionalParameter("max_length", NitParameterType.Integer, null, "The most characters to return.")
            .Handle((call, ct) => ReadAsync(call, call.GetString("file_path"), ct))
            .Build();

        yield return Tool("list_directory", "Lists a folder; paths are inside the workspace.")
            .WithOptionalParameter("path", NitParameterType.String, "", "A folder inside the workspace (the top folder by default).")
            .Handle(call => List(call, call.GetString("path")))
            .Build();
    }

    private static NitToolBuilder Tool(string name, string description) =>
        NitTool.Create(name).InPlugin(Plugin, PluginDisplay, PluginText).WithDescription(description);

    private async ValueTask<object?> ReadAsync(NitToolCall call, string? relative, CancellationToken ct)
    {
        var path = Resolve(call, relative, allowRoot: false);
        var shown = _paths.ToRelative(path);
        if (Directory.Exists(path))
        {
            throw ToolText.Fail(call, "'{0}' is a folder; use list_workspace_files.", "“{0}”是文件夹；请用 list_workspace_files。", shown);
        }

        var info = new FileInfo(path);
        if (!info.Exists)
        {
            throw ToolText.Fail(call, "The workspace has no file '{0}'.", "工作区中没有文件“{0}”。", shown);
        }

        if (info.Length > _options.MaxFileBytes)
        {
            throw ToolText.Fail(call, "'{0}' is too large to read ({1} bytes; the limit is {2}).", "“{0}”太大，无法读取（{1} 字节；上限 {2}）。", shown, info.Length, _options.MaxFileBytes);
        }

        string text;
        try
        {
            text = await DocumentText.ReadAsync(path, ct).ConfigureAwait(false);
        }
        catch (InvalidDataException ex) when (ex.Message == "binary")
        {
            throw ToolText.Fail(call, "'{0}' is a binary file; only text, Markdown, PDF and DOCX can be read.", "“{0}”是二进制文件；只能读取文本、Markdown、PDF 和 DOCX。", shown);
        }
        catch (InvalidDataException)
        {
            throw ToolText.Fail(call, "'{0}' could not be read: the file is damaged or not a real {1}.", "无法读取“{0}”：文件已损坏或不是有效的 {1}。", shown, DocumentText.KindOf(path).ToString().ToUpperInvariant());
        }

        var max = (int)Math.Clamp(call.GetInt64("max_length") ?? _options.MaxReadCharacters, 1, _options.MaxReadCharacters);
        return text.Length == 0 ? ToolText.Say(call, "'{0}' is empty.", "“{0}”是空的。", shown) : ToolText.Cut(call, text, max);
    }

    private async ValueTask<object?> WriteAsync(NitToolCall call, CancellationToken ct)
    {
        var path = Resolve(call, call.GetString("filename"), allowRoot: false);
        var shown = _paths.ToRelative(path);
        var content = call.GetString("content") ?? string.Empty;
        if (DocumentText.KindOf(path) != DocumentKind.Text)
        {
            throw ToolText.Fail(call, "Only text files can be written; '{0}' would need a PDF or DOCX writer.", "只能写入文本文件；“{0}”需要 PDF 或 DOCX 写入器。", shown);
        }

        await WriteFileAsync(call, path, shown, content, ct).ConfigureAwait(false);
        return ToolText.Say(call, "Wrote {0} characters to '{1}'.", "已向“{1}”写入 {0} 个字符。", content.Length, shown);
    }

    private async ValueTask<object?> ApplyDiffAsync(NitToolCall call, CancellationToken ct)
    {
        var path = Resolve(call, call.GetString("filename"), allowRoot: false);
        var shown = _paths.ToRelative(path);
        if (DocumentText.KindOf(path) != DocumentKind.Text || Directory.Exists(path))
        {
            throw ToolText.Fail(call, "A diff can only change a text file; '{0}' is not one.", "diff 只能修改文本文件；“{0}”不是。", shown);
        }

        var info = new FileInfo(path);
        if (info.Exists && info.Length > _options.MaxFileBytes)
        {
            throw ToolText.Fail(call, "'{0}' is too large to change ({1} bytes; the limit is {2}).", "“{0}”太大，无法修改（{1} 字节；上限 {2}）。", shown, info.Length, _options.MaxFileBytes);
        }

        var original = info.Exists ? await File.ReadAllTextAsync(path, ct).ConfigureAwait(false) : string.Empty;
        string patched;
        try
        {
            patched = UnifiedDiff.Apply(original, call.GetString("diff") ?? string.Empty);
        }
        catch (DiffApplyException ex)
        {
            throw ToolText.Fail(call, "The diff was not applied to '{0}': {1}", "diff 未应用到“{0}”：{1}", shown, ex.Message);
        }

        await WriteFileAsync(call, path, shown, patched, ct).ConfigureAwait(false);
        return ToolText.Say(call, "Applied the diff to '{0}' ({1} characters now).", "已将 diff 应用到“{0}”（现有 {1} 个字符）。", shown, patched.Length);
    }

    private string List(NitToolCall call, string? relative)
    {
        var path = Resolve(call, relative, allowRoot: true);
        var shown = _paths.ToRelative(path);
        if (!Directory.Exists(path))
        {
            throw ToolText.Fail(call, "The workspace has no folder '{0}'.", "工作区中没有文件夹“{0}”。", shown);
        }

        var entries = new DirectoryInfo(path).EnumerateFileSystemInfos("*", new EnumerationOptions { IgnoreInaccessible = true, RecurseSubdirectories = false })
            .OrderBy(e => e is FileInfo ? 1 : 0).ThenBy(e => e.Name, StringComparer.Ordinal).Take(MaxListed + 1).ToList();
        if (entries.Count == 0)
        {
            return ToolText.Say(call, "'{0}' is empty.", "“{0}”是空的。", shown);
        }

        var sb = new StringBuilder();
        foreach (var entry in entries.Take(MaxListed))
        {
            sb.Append(entry.Name);
            if (entry.LinkTarget is not null)
            {
                sb.Append(ToolText.Say(call, " (link)", "（链接）"));
            }
            else if (entry is DirectoryInfo)
            {
                sb.Append('/');
            }
            else
            {
                sb.Append(" (").Append(((FileInfo)entry).Length.ToString(CultureInfo.InvariantCulture)).Append(ToolText.Say(call, " bytes)", " 字节）"));
            }

            sb.Append('\n');
        }

        if (entries.Count > MaxListed)
        {
            sb.Append(ToolText.Say(call, "… more entries not shown.", "……还有更多条目未显示。"));
        }

        return sb.ToString().TrimEnd();
    }

    private async ValueTask<object?> SearchAsync(NitToolCall call, CancellationToken ct)
    {
        var query = call.GetString("query")?.Trim();
        if (string.IsNullOrEmpty(query))
        {
            throw ToolText.Fail(call, "'query' must not be empty.", "“query” 不能为空。");
        }

        var limit = (int)Math.Clamp(call.GetInt64("limit") ?? 20, 1, 100);
        var root = _paths.Resolve(null, allowRoot: true);
        if (!Directory.Exists(root))
        {
            return ToolText.Say(call, "Nothing found for '{0}'.", "没有找到“{0}”。", query);
        }

        // Links are skipped: a search never leaves the workspace through one.
        var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.ReparsePoint };
        var hits = new List<string>();
        var scanned = 0;
        foreach (var file in new DirectoryInfo(root).EnumerateFiles("*", options))
        {
            ct.ThrowIfCancellationRequested();
            if (hits.Count >= limit || ++scanned > MaxSearchFiles)
            {
                break;
            }

            var rel = _paths.ToRelative(file.FullName);
            if (file.Name.Contains(query, StringComparison.OrdinalIgnoreCase))
            {
                hits.Add(rel);
                continue;
            }

            if (file.Length > _options.MaxFileBytes || (DocumentText.KindOf(file.FullName) == DocumentKind.Text && !DocumentText.LooksLikeText(file.FullName)))
            {
                continue;
            }

            string text;
            try
            {
                text = await DocumentText.ReadAsync(file.FullName, ct).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is InvalidDataException or IOException or UnauthorizedAccessException)
            {
                continue;
            }

            var lines = text.Split('\n');
            for (var i = 0; i < lines.Length && hits.Count < limit; i++)
            {
                if (lines[i].Contains(query, StringComparison.OrdinalIgnoreCase))
                {
                    var line = lines[i].Trim();
                    hits.Add(string.Create(CultureInfo.InvariantCulture, $"{rel}:{i + 1}: {(line.Length > 200 ? line[..200] + "…" : line)}"));
                }
            }
        }

        return hits.Count == 0 ? ToolText.Say(call, "Nothing found for '{0}'.", "没有找到“{0}”。", query) : string.Join('\n', hits);
    }

    private async Task WriteFileAsync(NitToolCall call, string path, string shown, string content, CancellationToken ct)
    {
        var bytes = new UTF8Encoding(false).GetBytes(content);
        if (bytes.LongLength > _options.MaxFileBytes)
        {
            throw ToolText.Fail(call, "The content is too large ({0} bytes; the limit is {1}).", "内容太大（{0} 字节；上限 {1}）。", bytes.LongLength, _options.MaxFileBytes);
        }

        if (Directory.Exists(path))
        {
            throw ToolText.Fail(call, "'{0}' is a folder.", "“{0}”是文件夹。", shown);
        }

        var folder = Path.GetDirectoryName(path)!;
        if (File.Exists(folder))
        {
            throw ToolText.Fail(call, "'{0}' cannot be written: a part of its path is a file.", "无法写入“{0}”：路径中的某一部分是文件。", shown);
        }

        Directory.CreateDirectory(folder);

        // Atomic: a temporary file next to the target, flushed, then renamed over it.
        var temp = Path.Combine(folder, "." + Path.GetFileName(path) + "." + Guid.NewGuid().ToString("N") + ".tmp");
        try
        {
            await using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.Asynchronous))
            {
                await stream.WriteAsync(bytes, ct).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }

    private string Resolve(NitToolCall call, string? relative, bool allowRoot)
    {
        try
        {
            return _paths.Resolve(relative, allowRoot);
        }
        catch (WorkspacePathException ex)
        {
            throw ex.Problem switch
            {
                WorkspacePathProblem.Empty => ToolText.Fail(call, "The path is empty.", "路径为空。"),
                WorkspacePathProblem.InvalidCharacter => ToolText.Fail(call, "Refused: the path holds a NUL or control character.", "已拒绝：路径中含有 NUL 或控制字符。"),
                WorkspacePathProblem.Absolute => ToolText.Fail(call, "Refused: '{0}' is an absolute or home path; give a path relative to the workspace.", "已拒绝：“{0}”是绝对路径或主目录路径；请给出相对于工作区的路径。", Shown(relative)),
                WorkspacePathProblem.Escapes => ToolText.Fail(call, "Refused: '{0}' leads outside the workspace.", "已拒绝：“{0}”指向工作区之外。", Shown(relative)),
                WorkspacePathProblem.SymlinkEscapes => ToolText.Fail(call, "Refused: a symbolic link in '{0}' leads outside the workspace.", "已拒绝：“{0}”中的符号链接指向工作区之外。", Shown(relative)),
                _ => ToolText.Fail(call, "Refused: '{0}' is too long or has too many links.", "已拒绝：“{0}”太长或链接太多。", Shown(relative)),
            };
        }
    }

    private static string Shown(string? relative)
    {
        var text = new string((relative ?? string.Empty).Select(c => char.IsControl(c) ? '?' : c).ToArray());
        return text.Length > 200 ? text[..200] + "…" : text;
    }
}
