using PeroCore.Agent.Tests.Fakes;

namespace PeroCore.Server.Tests;

/// <summary>The <c>Nit</c> section sets the limits of the scripts the agent runs.</summary>
public sealed class NitLimitsTests : ChatTestBase
{
    protected override string[] ServerArgs => ["--Agent:ScorerEnabled=false", "--Llm:MaxRetries=0", "--Nit:MaxValueSize=40"];

    [Fact]
    public async Task A_value_over_the_configured_size_stops_the_script_and_the_model_reads_why()
    {
        Fake.Enqueue(
            FakeLlmReply.Text("<nit>\n$small = [\"ok\"]\n$big = [\"aaaaaaaaaa\", \"bbbbbbbbbb\", \"cccccccccc\", \"dddddddddd\"]\n</nit>"),
            FakeLlmReply.Text("That list was too big."));

        var result = await ChatAsync("build a list");

        Assert.Equal("That list was too big.", result.Visible);
        var observation = Roles(StreamRequests[1]).Last(m => m.Role == "user").Text;
        Assert.Contains("line 3", observation, StringComparison.Ordinal);
        Assert.Contains("Value too large", observation, StringComparison.Ordinal);
        Assert.Contains("MaxValueSize = 40", observation, StringComparison.Ordinal);
    }
}
