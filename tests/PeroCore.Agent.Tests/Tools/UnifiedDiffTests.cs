using PeroCore.Agent.Tools.Workspace;

namespace PeroCore.Agent.Tests.Tools;

/// <summary>The all-or-nothing unified diff applier.</summary>
public sealed class UnifiedDiffTests
{
    [Fact]
    public void A_hunk_with_wrong_line_numbers_applies_at_the_nearest_exact_match()
    {
        var patched = UnifiedDiff.Apply("a\nb\nc\nd\ne\n", "@@ -1,2 +1,2 @@\n d\n-e\n+E\n");
        Assert.Equal("a\nb\nc\nd\nE\n", patched);
    }

    [Fact]
    public void Crlf_and_a_missing_final_newline_are_kept()
    {
        Assert.Equal("x\r\nY\r\nz", UnifiedDiff.Apply("x\r\ny\r\nz", "@@ -1,3 +1,3 @@\n x\n-y\n+Y\n z\n\\ No newline at end of file\n"));
    }

    [Fact]
    public void An_empty_file_can_be_filled_and_a_hunk_can_delete_lines()
    {
        Assert.Equal("one\ntwo\n", UnifiedDiff.Apply(string.Empty, "--- /dev/null\n+++ b/new.txt\n@@ -0,0 +1,2 @@\n+one\n+two\n"));
        Assert.Equal("one\n", UnifiedDiff.Apply("one\ntwo\n", "@@ -1,2 +1,1 @@\n one\n-two\n"));
    }

    [Theory]
    [InlineData("no hunk here", "no hunk")]
    [InlineData("@@ -1,1 +1,1 @@\n*bad\n", "starts with '*'")]
    [InlineData("@@ bad header @@\n-a\n", "not a valid hunk header")]
    [InlineData("@@ -1,1 +1,1 @@\n-missing\n+x\n", "Hunk 1")]
    public void A_malformed_or_inapplicable_diff_is_refused(string diff, string expected)
    {
        var ex = Assert.Throws<DiffApplyException>(() => UnifiedDiff.Apply("a\nb\n", diff));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }
}
