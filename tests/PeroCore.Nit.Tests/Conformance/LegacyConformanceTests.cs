using PeroCore.Nit.Legacy;
using PeroCore.Nit.Runtime;
using PeroCore.Nit.Tools;

namespace PeroCore.Nit.Tests.Conformance;

/// <summary>Spec §7.4: NIT 1.0 legacy blocks, profile R column.</summary>
public sealed class LegacyConformanceTests
{
    private static NitLegacyCall ParseBlock(string reply)
    {
        var block = Assert.Single(Blocks.NitBlockExtractor.Default.Extract(reply).Blocks);
        Assert.Equal(Blocks.NitBlockKind.Legacy, block.Kind);
        return NitLegacyParser.Parse(block.Content);
    }

    [Fact]
    public void N01_plugin_and_trimmed_string_parameter()
    {
        NitLegacyCall call = ParseBlock("[[[NIT_CALL]]]\nfoo\na: [START] 1 [END]\n[[[NIT_END]]]");
        Assert.Equal("foo", call.PluginName);
        Assert.Equal("1", Assert.Single(call.Parameters).Value);
        Assert.Equal("a", call.Parameters.Keys.Single());
    }

    [Fact]
    public void N02_plugin_on_the_marker_line()
    {
        NitLegacyCall call = ParseBlock("[[[NIT_CALL]]]foo\na: [START]1[END][[[NIT_END]]]");
        Assert.Equal("foo", call.PluginName);
        Assert.Equal("1", call.Parameters["a"]);
    }

    [Fact]
    public void N04_value_ends_at_first_end_marker()
        => Assert.Equal("has", ParseBlock("[[[NIT_CALL]]]\nfoo\ntext: [START] has [END] inside [END]\n[[[NIT_END]]]").Parameters["text"]);

    [Fact]
    public void N05_non_ascii_key_is_ignored()
        => Assert.Empty(ParseBlock("[[[NIT_CALL]]]\nfoo\n中文: [START] v [END]\n[[[NIT_END]]]").Parameters);

    [Fact]
    public void N10_duplicate_key_last_wins()
        => Assert.Equal("2", Assert.Single(ParseBlock("[[[NIT_CALL]]]\nfoo\na: [START] 1 [END]\na: [START] 2 [END]\n[[[NIT_END]]]").Parameters).Value);

    [Fact]
    public async Task N07_parameter_names_with_underscores_reach_the_tool()
    {
        IReadOnlyDictionary<string, object?>? received = null;
        var registry = new NitToolRegistry(NitPlatforms.Linux);
        registry.Add(NitTool.Create("read_file_content")
            .WithParameter("file_path", NitParameterType.String, required: true)
            .Handle(call =>
            {
                received = call.Arguments;
                return "content";
            })
            .Build());
        var dispatcher = new NitDispatcher(new NitRuntime(registry));

        NitDispatchResult result = await dispatcher.DispatchAsync("[[[NIT_CALL]]]\nread_file_content\nfile_path: [START] /tmp/a [END]\n[[[NIT_END]]]");

        NitBlockResult record = Assert.Single(result.Records);
        Assert.Equal(NitStatus.Success, record.Status);
        Assert.Equal("read_file_content", record.Plugin);
        Assert.Equal("content", record.Output);
        Assert.Equal("/tmp/a", received!["file_path"]);
        Assert.Equal(["read_file_content"], result.ExecutedTools);
    }

    [Fact]
    public async Task N08_empty_block_is_a_not_found_error()
    {
        var dispatcher = new NitDispatcher(new NitRuntime(new NitToolRegistry(NitPlatforms.Linux)));
        NitBlockResult record = Assert.Single((await dispatcher.DispatchAsync("[[[NIT_CALL]]][[[NIT_END]]]")).Records);
        Assert.Equal(string.Empty, record.Plugin);
        Assert.Equal("Error: Plugin '' (normalized: ) not found.", record.Output);
        Assert.Equal(NitStatus.Error, record.Status);
    }
}
