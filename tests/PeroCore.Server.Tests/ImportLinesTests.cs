using System.Text;
using PeroCore.Memory.Storage;
using PeroCore.Server.Cli;

namespace PeroCore.Server.Tests;

/// <summary><c>perocore import</c> on bad input: every bad line reported by number and skipped, never a crash.</summary>
public sealed class ImportLinesTests : IDisposable
{
    private readonly TempFolder _dir = new();

    private string Data => Path.Combine(_dir.Path, "data");

    public void Dispose() => _dir.Dispose();

    /// <summary>Two good lines among fifteen kinds of bad ones, with a BOM, CRLF, a blank line and a cut-off last line.</summary>
    private string WriteMixedFile()
    {
        List<byte[]> lines =
        [
            [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("""{"content":"first good memory, tags as text","tags":"alpha, beta","importance":4,"timestamp":1700000000000}""" + "\r")],
            Encoding.UTF8.GetBytes("""{"content":"""),                                        // 2 invalid JSON
            Encoding.UTF8.GetBytes("[1,2,3]"),                                                   // 3 not an object
            Encoding.UTF8.GetBytes("""{"tags":["x"]}"""),                                        // 4 no content
            Encoding.UTF8.GetBytes("""{"content":"too important","importance":11}"""),          // 5 importance out of range
            Encoding.UTF8.GetBytes("""{"content":"wordy importance","importance":"high"}"""),    // 6 wrong type
            Encoding.UTF8.GetBytes("""{"content":"bad time","timestamp":"yesterday"}"""),        // 7 bad time
            [.. "{\"content\":\""u8.ToArray(), 0xFF, 0xFE, .. "\"}"u8.ToArray()], // 8 invalid UTF-8
            Encoding.UTF8.GetBytes("{\"content\":\"" + new string('a', 5 * 1024 * 1024) + "\"}"), // 9 a 5 MB line
            Encoding.UTF8.GetBytes("""{"content":"unknown field","colour":"red"}"""),            // 10 unknown field
            Encoding.UTF8.GetBytes("""{"content":"numeric tags","tags":5}"""),                   // 11 tags of the wrong type
            Encoding.UTF8.GetBytes("{\"content\":\"deep\",\"clusters\":" + new string('[', 100) + new string(']', 100) + "}"), // 12 nested too deep
            Encoding.UTF8.GetBytes("""{"content":"nul \u0000 inside"}"""),                       // 13 NUL character
            Encoding.UTF8.GetBytes("""{"content":"bad vector","embedding":[1,2,3]}"""),          // 14 vector of the wrong dimension
            Array.Empty<byte>(),                                                                  // 15 blank: not an error
            Encoding.UTF8.GetBytes("""{"content":"second good memory","tags":["gamma"],"timestamp":"2024-01-31T10:00:00Z","type":"fact"}"""),
            Encoding.UTF8.GetBytes("""{"content":"   "}"""),                                     // 17 blank content
        ];
        var bytes = new List<byte>();
        foreach (var line in lines)
        {
            bytes.AddRange(line);
            bytes.Add((byte)'\n');
        }

        bytes.AddRange("""{"content":"cut sho"""u8.ToArray());                                 // 18 the file ends mid-line
        var path = Path.Combine(_dir.Path, "mixed.jsonl");
        File.WriteAllBytes(path, [.. bytes]);
        return path;
    }

    private static readonly int[] BadLines = [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 17, 18];

    [Fact]
    public async Task Every_bad_line_is_reported_by_number_and_the_good_lines_are_stored()
    {
        var file = WriteMixedFile();
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = await PeroCoreCli.RunAsync(["import", file, "--data", Data, "--Embedding:Provider=Hashing"], output, error);

        Assert.Equal(PeroCoreCli.ExitLinesRejected, exit);
        var reported = error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(BadLines.Select(n => $"line {n}:"), reported.Select(l => l[..(l.IndexOf(':', StringComparison.Ordinal) + 1)]));
        Assert.Contains("importance", Line(reported, 5), StringComparison.Ordinal);
        Assert.Contains("importance", Line(reported, 6), StringComparison.Ordinal);
        Assert.Contains("timestamp", Line(reported, 7), StringComparison.Ordinal);
        Assert.Contains("not valid text", Line(reported, 8), StringComparison.Ordinal);
        Assert.Contains("longer than", Line(reported, 9), StringComparison.Ordinal);
        Assert.Contains("colour", Line(reported, 10), StringComparison.Ordinal);
        Assert.Contains("tags", Line(reported, 11), StringComparison.Ordinal);
        Assert.Contains("NUL", Line(reported, 13), StringComparison.Ordinal);
        Assert.Contains("Imported 2 memories", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("15 bad line(s) skipped", output.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error.ToString() + output, StringComparison.Ordinal);

        await using var store = await PeroStore.OpenAsync(Path.Combine(Data, "perocore.db"));
        var stored = (await store.Memories.ListAsync(new MemoryListQuery { Limit = 100 })).OrderBy(m => m.Timestamp).ToList();
        Assert.Equal(2, stored.Count);
        var (first, second) = (stored.Single(m => m.Content.StartsWith("first", StringComparison.Ordinal)), stored.Single(m => m.Content.StartsWith("second", StringComparison.Ordinal)));
        Assert.Equal(["alpha", "beta"], first.Tags);
        Assert.Equal(4, first.Importance);
        Assert.Equal(1_700_000_000_000, first.Timestamp.ToUnixTimeMilliseconds());
        Assert.Equal(["gamma"], second.Tags);
        Assert.Equal(DateTimeOffset.Parse("2024-01-31T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture), second.Timestamp);
        Assert.Equal("fact", second.Type);
    }

    [Fact]
    public async Task A_strict_import_of_a_file_with_a_bad_line_writes_nothing()
    {
        var file = WriteMixedFile();
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = await PeroCoreCli.RunAsync(["import", file, "--strict", "--data", Data, "--Embedding:Provider=Hashing"], output, error);

        Assert.Equal(PeroCoreCli.ExitLinesRejected, exit);
        Assert.Contains("line 2:", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("Nothing written", output.ToString(), StringComparison.Ordinal);
        await using var store = await PeroStore.OpenAsync(Path.Combine(Data, "perocore.db"));
        Assert.Empty(await store.Memories.ListAsync(new MemoryListQuery { Limit = 100 }));
    }

    [Fact]
    public async Task A_strict_import_of_good_lines_from_standard_input_writes_them_all()
    {
        using var input = new StringReader("""{"content":"one"}""" + "\n" + """{"content":"two","tags":"a,b"}""" + "\n");
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = await PeroCoreCli.RunAsync(["import", "-", "--strict", "--data", Data, "--Embedding:Provider=Hashing"], input, output, error);

        Assert.Equal(0, exit);
        await using var store = await PeroStore.OpenAsync(Path.Combine(Data, "perocore.db"));
        Assert.Equal(2, (await store.Memories.ListAsync(new MemoryListQuery { Limit = 100 })).Count);
    }

    [Theory]
    [InlineData("empty")]
    [InlineData("blank")]
    public async Task An_empty_file_imports_nothing_and_succeeds(string kind)
    {
        var file = Path.Combine(_dir.Path, "empty.jsonl");
        await File.WriteAllTextAsync(file, kind == "empty" ? string.Empty : "\n\r\n  \n");
        using var output = new StringWriter();
        using var error = new StringWriter();

        Assert.Equal(0, await PeroCoreCli.RunAsync(["import", file, "--data", Data, "--Embedding:Provider=Hashing"], output, error));
        Assert.Contains("Imported 0 memories", output.ToString(), StringComparison.Ordinal);
        Assert.Equal(string.Empty, error.ToString());
    }

    [Theory]
    [InlineData("folder")]
    [InlineData("missing")]
    public async Task A_folder_or_a_missing_file_is_a_usage_error(string kind)
    {
        var path = kind == "folder" ? _dir.Path : Path.Combine(_dir.Path, "nope.jsonl");
        using var error = new StringWriter();

        Assert.Equal(PeroCoreCli.ExitBadConfiguration, await PeroCoreCli.RunAsync(["import", path, "--data", Data, "--Embedding:Provider=Hashing"], TextWriter.Null, error));
        Assert.Contains("Usage: perocore import <FILE>", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_cli_exports_and_imports_an_export_file_into_a_new_folder()
    {
        var file = Path.Combine(_dir.Path, "m.jsonl");
        await File.WriteAllTextAsync(file, string.Join('\n', Enumerable.Range(0, 30).Select(i => $$"""{"content":"memory {{i}} about item{{i}}","tags":"t{{i % 4}}","timestamp":{{1_700_000_000_000L + i}}}""")));
        Assert.Equal(0, await PeroCoreCli.RunAsync(["import", file, "--data", Data, "--Embedding:Provider=Hashing"], TextWriter.Null, TextWriter.Null));
        var export = Path.Combine(_dir.Path, "export.jsonl");
        using var error = new StringWriter();

        Assert.Equal(0, await PeroCoreCli.RunAsync(["export", export, "--data", Data], TextWriter.Null, error));
        Assert.Contains("30 memory", error.ToString(), StringComparison.Ordinal);
        Assert.False(File.Exists(export + ".partial"));
        var copy = Path.Combine(_dir.Path, "copy");
        using var output = new StringWriter();
        Assert.Equal(0, await PeroCoreCli.RunAsync(["import", export, "--data", copy, "--Embedding:Provider=Hashing"], output, TextWriter.Null));
        Assert.Contains("export format", output.ToString(), StringComparison.Ordinal);

        async Task<List<string>> RowsAsync(string folder)
        {
            await using var store = await PeroStore.OpenAsync(Path.Combine(folder, "perocore.db"));
            return [.. (await store.Memories.ListAsync(new MemoryListQuery { Limit = 100 })).OrderBy(m => m.Id)
                .Select(m => $"{m.Id}|{m.Content}|{string.Join(',', m.Tags)}|{m.Timestamp.ToUnixTimeMilliseconds()}|{m.PrevId}|{m.NextId}|{m.EmbeddingModel}")];
        }

        Assert.Equal(await RowsAsync(Data), await RowsAsync(copy));
        Assert.Equal(30, (await RowsAsync(copy)).Count);
    }

    private static string Line(string[] reported, int number) => reported.Single(l => l.StartsWith($"line {number}:", StringComparison.Ordinal));
}
