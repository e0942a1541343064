using PeroCore.Nit.Blocks;
using PeroCore.Nit.Streaming;

namespace PeroCore.Nit.Tests.Conformance;

/// <summary>Spec §7.5: the profile R stream filter (outputs concatenated plus flush).</summary>
public sealed class StreamFilterConformanceTests
{
    private static (List<string> Outputs, string Flush) Run(params string[] chunks)
    {
        var filter = new NitStreamFilter();
        var outputs = chunks.Select(c => filter.Push(c)).ToList();
        return (outputs, filter.Flush());
    }

    private static string Visible(params string[] chunks)
    {
        (List<string> outputs, string flush) = Run(chunks);
        return string.Concat(outputs) + flush;
    }

    [Fact]
    public void S01_legacy_block_hidden() => Assert.Equal("Hello  world", Visible("Hello [[[NIT_CALL]]]\nfoo\n[[[NIT_END]]] world"));

    [Fact]
    public void S02_split_legacy_markers()
    {
        (List<string> outputs, string flush) = Run("Hello [[[NIT", "_CALL]]]\nfoo\n[[[NIT_E", "ND]]] world");
        Assert.Equal(["Hello ", "", " world"], outputs);
        Assert.Equal(string.Empty, flush);
    }

    [Fact]
    public void S04_held_prefix_comes_out_at_flush()
    {
        (List<string> outputs, string flush) = Run("a[[[NIT");
        Assert.Equal(["a"], outputs);
        Assert.Equal("[[[NIT", flush);
    }

    [Fact]
    public void S05_unclosed_legacy_block_dropped()
    {
        (List<string> outputs, string flush) = Run("x [[[NIT_CALL]]] never closed");
        Assert.Equal(["x "], outputs);
        Assert.Equal(string.Empty, flush);
    }

    [Fact]
    public void S07_split_script_tags_never_leak()
    {
        (List<string> outputs, string flush) = Run("Hello <ni", "t>echo()</n", "it> world");
        Assert.Equal("Hello  world", string.Concat(outputs) + flush);
        Assert.All(outputs, o => Assert.DoesNotContain("<", o, StringComparison.Ordinal));
        Assert.All(outputs, o => Assert.DoesNotContain("echo", o, StringComparison.Ordinal));
        Assert.Equal("Hello ", outputs[0]);
    }

    [Fact]
    public void S08_id_tags_any_case() => Assert.Equal("ok", Visible("<NIT-a1b2>x()</nit-A1B2>ok"));

    [Fact]
    public void S10_unclosed_script_block_dropped()
    {
        (List<string> outputs, string flush) = Run("pre <nit>x()");
        Assert.Equal("pre ", string.Concat(outputs));
        Assert.Equal(string.Empty, flush);
    }

    [Fact]
    public void S11_adjacent_blocks() => Assert.Equal("tail", Visible("[[[NIT_CALL]]]a[[[NIT_END]]][[[NIT_CALL]]]b[[[NIT_END]]]tail"));

    [Fact]
    public void S13_batch_removal_handles_both_formats()
    {
        string removed = NitBlockExtractor.Default.RemoveBlocks("A [[[NIT_CALL]]]x[[[NIT_END]]] B <nit>y()</nit>");
        Assert.Equal("A  B ", removed);
        Assert.Equal("A  B", removed.Trim());
    }
}
