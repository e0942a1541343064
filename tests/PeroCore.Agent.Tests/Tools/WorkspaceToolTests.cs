using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using PeroCore.Agent.Prompts;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

namespace PeroCore.Agent.Tests.Tools;

/// <summary>The workspace tools through NIT: what works inside, and every way out that is refused.</summary>
public sealed class WorkspaceToolTests : IAsyncLifetime
{
    private ToolHarness _h = null!;

    public async Task InitializeAsync()
    {
        _h = await ToolHarness.StartAsync(o => o with { MaxFileBytes = 64 * 1024 });

        // Files outside the workspace that nothing may read or change.
        File.WriteAllText(Path.Combine(_h.Folder, "secret.txt"), "TOP-SECRET");
        File.WriteAllText(Path.Combine(_h.Folder, "data", "secret.txt"), "DATA-SECRET");
        Directory.CreateDirectory(Path.Combine(_h.Folder, "data", "workspace_evil"));
        File.WriteAllText(Path.Combine(_h.Folder, "data", "workspace_evil", "x.txt"), "EVIL-SIBLING");
    }

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task A_file_written_inside_reads_back_lists_and_is_found_by_search()
    {
        var wrote = await _h.OkAsync("write_workspace_file(filename=\"notes/todo.md\", content=\"# Todo\\n- buy cat food\\n- call mom\\n\")");
        Assert.Contains("notes/todo.md", wrote, StringComparison.Ordinal);
        Assert.Equal("# Todo\n- buy cat food\n- call mom\n", File.ReadAllText(_h.Ws("notes", "todo.md")));

        Assert.Equal("# Todo\n- buy cat food\n- call mom\n", await _h.OkAsync("read_workspace_file(filename=\"notes/todo.md\")"));
        Assert.Contains("- buy cat food", await _h.OkAsync("read_file_content(file_path=\"notes/todo.md\")"), StringComparison.Ordinal);

        var root = await _h.OkAsync("list_workspace_files()");
        Assert.Contains("notes/", root, StringComparison.Ordinal);
        Assert.Contains("todo.md (", await _h.OkAsync("list_directory(path=\"notes\")"), StringComparison.Ordinal);

        var byContent = await _h.OkAsync("search_workspace(query=\"CAT FOOD\")");
        Assert.Contains("notes/todo.md:2: - buy cat food", byContent, StringComparison.Ordinal);
        Assert.Contains("notes/todo.md", await _h.OkAsync("search_workspace(query=\"todo\")"), StringComparison.Ordinal);

        // Nothing but the file was left behind (the temporary file of the atomic write is gone).
        Assert.Equal(["todo.md"], Directory.GetFiles(_h.Ws("notes")).Select(Path.GetFileName));
    }

    [Fact]
    public async Task A_diff_applies_all_its_hunks_and_a_hunk_that_does_not_apply_changes_nothing()
    {
        File.WriteAllText(_h.Ws("plan.txt"), "one\ntwo\nthree\nfour\nfive\n");
        var diff = "--- a/plan.txt\n+++ b/plan.txt\n@@ -1,3 +1,3 @@\n one\n-two\n+TWO\n three\n@@ -4,2 +4,3 @@\n four\n five\n+six\n";
        await _h.OkAsync($"apply_workspace_diff(filename=\"plan.txt\", diff=\"{diff.Replace("\n", "\\n", StringComparison.Ordinal)}\")");
        Assert.Equal("one\nTWO\nthree\nfour\nfive\nsix\n", File.ReadAllText(_h.Ws("plan.txt")));

        // The second hunk's context is not in the file: the first (good) hunk is not applied either.
        var bad = "@@ -1,2 +1,2 @@\n one\n-TWO\n+2\n@@ -5,1 +5,1 @@\n-seven\n+7\n";
        var error = await _h.ErrorAsync($"apply_workspace_diff(filename=\"plan.txt\", diff=\"{bad.Replace("\n", "\\n", StringComparison.Ordinal)}\")");
        Assert.Contains("Hunk 2", error, StringComparison.Ordinal);
        Assert.Contains("seven", error, StringComparison.Ordinal);
        Assert.Equal("one\nTWO\nthree\nfour\nfive\nsix\n", File.ReadAllText(_h.Ws("plan.txt")));
    }

    [Theory]
    [InlineData("../secret.txt")]
    [InlineData("../../secret.txt")]
    [InlineData("notes/../../secret.txt")]
    [InlineData("..\\\\secret.txt")]
    [InlineData("..\\\\..\\\\secret.txt")]
    [InlineData("../workspace_evil/x.txt")]
    [InlineData("/etc/passwd")]
    [InlineData("~/secret.txt")]
    [InlineData("~")]
    [InlineData("C:\\\\Windows\\\\win.ini")]
    [InlineData("\\\\\\\\server\\\\share\\\\x.txt")]
    [InlineData("ok\\0.txt")]
    public async Task Every_way_out_is_refused_for_reads_and_writes_and_nothing_outside_changes(string path)
    {
        var before = Snapshot();
        foreach (var script in new[]
                 {
                     $"read_workspace_file(filename=\"{path}\")",
                     $"read_file_content(file_path=\"{path}\")",
                     $"write_workspace_file(filename=\"{path}\", content=\"PWNED\")",
                     $"apply_workspace_diff(filename=\"{path}\", diff=\"@@ -0,0 +1 @@\\n+PWNED\\n\")",
                 })
        {
            var error = await _h.ErrorAsync(script);
            Assert.Contains("Refused", error, StringComparison.Ordinal);
            Assert.DoesNotContain("SECRET", error, StringComparison.Ordinal);
            Assert.DoesNotContain("EVIL-SIBLING", error, StringComparison.Ordinal);
        }

        Assert.Contains("Refused", await _h.ErrorAsync($"list_directory(path=\"{path}\")"), StringComparison.Ordinal);
        Assert.Equal(before, Snapshot());
    }

    [Fact]
    public async Task An_absolute_path_into_the_workspace_itself_is_refused_too()
    {
        var error = await _h.ErrorAsync($"read_workspace_file(filename=\"{_h.Ws("a.txt").Replace("\\", "\\\\", StringComparison.Ordinal)}\")");
        Assert.Contains("absolute", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Symbolic_links_that_leave_the_workspace_are_refused_and_links_inside_it_work()
    {
        var outsideDir = Path.Combine(_h.Folder, "outside");
        Directory.CreateDirectory(outsideDir);
        File.WriteAllText(Path.Combine(outsideDir, "diary.txt"), "OUTSIDE-DIARY");
        File.CreateSymbolicLink(_h.Ws("secret-link.txt"), Path.Combine(_h.Folder, "secret.txt"));
        Directory.CreateSymbolicLink(_h.Ws("outdir"), outsideDir);
        Directory.CreateDirectory(_h.Ws("inner"));
        Directory.CreateSymbolicLink(_h.Ws("inner", "up"), "../..");           // relative link climbing out
        File.WriteAllText(_h.Ws("real.txt"), "inside");
        File.CreateSymbolicLink(_h.Ws("alias.txt"), "real.txt");                // stays inside
        var before = Snapshot();

        foreach (var path in new[] { "secret-link.txt", "outdir/diary.txt", "inner/up/secret.txt", "inner/up/data/secret.txt" })
        {
            var error = await _h.ErrorAsync($"read_workspace_file(filename=\"{path}\")");
            Assert.Contains("symbolic link", error, StringComparison.Ordinal);
            Assert.DoesNotContain("DIARY", error, StringComparison.Ordinal);
        }

        // Writing through a link (to a file or into a linked folder) is refused and creates nothing outside.
        Assert.Contains("symbolic link", await _h.ErrorAsync("write_workspace_file(filename=\"secret-link.txt\", content=\"PWNED\")"), StringComparison.Ordinal);
        Assert.Contains("symbolic link", await _h.ErrorAsync("write_workspace_file(filename=\"outdir/new.txt\", content=\"PWNED\")"), StringComparison.Ordinal);
        Assert.Contains("symbolic link", await _h.ErrorAsync("list_directory(path=\"outdir\")"), StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(outsideDir, "new.txt")));
        Assert.Equal("TOP-SECRET", File.ReadAllText(Path.Combine(_h.Folder, "secret.txt")));

        // Search does not follow links out.
        Assert.Equal("Nothing found for 'OUTSIDE-DIARY'.", await _h.OkAsync("search_workspace(query=\"OUTSIDE-DIARY\")"));

        Assert.Equal("inside", await _h.OkAsync("read_workspace_file(filename=\"alias.txt\")"));
        Assert.Equal(before, Snapshot());
    }

    [Fact]
    public async Task Pdf_and_docx_are_read_as_text_and_binary_or_oversized_files_are_refused()
    {
        var pdf = new PdfDocumentBuilder();
        var font = pdf.AddStandard14Font(Standard14Font.Helvetica);
        pdf.AddPage(UglyToad.PdfPig.Content.PageSize.A4).AddText("Quarterly plan for the cat", 12, new UglyToad.PdfPig.Core.PdfPoint(25, 700), font);
        File.WriteAllBytes(_h.Ws("plan.pdf"), pdf.Build());

        using (var doc = WordprocessingDocument.Create(_h.Ws("letter.docx"), WordprocessingDocumentType.Document))
        {
            var main = doc.AddMainDocumentPart();
            main.Document = new Document(new Body(
                new Paragraph(new Run(new Text("Dear owner,"))),
                new Paragraph(new Run(new Text("the garden needs water.")))));
            main.Document.Save();
        }

        Assert.Contains("Quarterly plan for the cat", await _h.OkAsync("read_workspace_file(filename=\"plan.pdf\")"), StringComparison.Ordinal);
        Assert.Equal("Dear owner,\nthe garden needs water.", await _h.OkAsync("read_file_content(file_path=\"letter.docx\")"));
        Assert.Contains("letter.docx:2:", await _h.OkAsync("search_workspace(query=\"garden\")"), StringComparison.Ordinal);

        File.WriteAllBytes(_h.Ws("blob.bin"), [1, 2, 0, 3]);
        Assert.Contains("binary", await _h.ErrorAsync("read_workspace_file(filename=\"blob.bin\")"), StringComparison.Ordinal);
        File.WriteAllBytes(_h.Ws("fake.pdf"), "not a pdf"u8.ToArray());
        Assert.Contains("damaged", await _h.ErrorAsync("read_workspace_file(filename=\"fake.pdf\")"), StringComparison.Ordinal);
        File.WriteAllText(_h.Ws("big.txt"), new string('x', 70 * 1024));
        Assert.Contains("too large", await _h.ErrorAsync("read_workspace_file(filename=\"big.txt\")"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Errors_come_in_the_prompt_language()
    {
        var error = await _h.ErrorAsync("read_workspace_file(filename=\"../secret.txt\")", PromptLanguage.Chinese);
        Assert.Contains("已拒绝", error, StringComparison.Ordinal);
        Assert.Contains("工作区", await _h.ErrorAsync("read_workspace_file(filename=\"missing.txt\")", PromptLanguage.Chinese), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_nit_error_names_the_line_and_column_of_the_failing_call()
    {
        var result = await _h.RunAsync("$a = list_workspace_files()\n  read_workspace_file(filename=\"../secret.txt\")");
        Assert.False(result.IsSuccess);
        var failed = result.Statements.Single(s => !s.Succeeded);
        Assert.Equal(2, failed.Line);
        Assert.Equal(3, failed.Column);
        Assert.Contains("Refused", result.Output, StringComparison.Ordinal);
    }

    /// <summary>Every file under the temp folder with its content, links as their target.</summary>
    private SortedDictionary<string, string> Snapshot()
    {
        var map = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var path in Directory.EnumerateFileSystemEntries(_h.Folder, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint }))
        {
            if (File.Exists(path) && !path.EndsWith(".db", StringComparison.Ordinal) && !path.Contains(".db-", StringComparison.Ordinal) && !path.EndsWith(".usearch", StringComparison.Ordinal) && !path.Contains("perocore.lock", StringComparison.Ordinal))
            {
                map[Path.GetRelativePath(_h.Folder, path)] = File.ReadAllText(path);
            }
            else if (Directory.Exists(path))
            {
                map[Path.GetRelativePath(_h.Folder, path) + "/"] = string.Empty;
            }
        }

        return map;
    }
}
