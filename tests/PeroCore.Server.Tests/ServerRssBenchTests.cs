using PeroCore.Evaluation.Bench;
using PeroCore.Server.Cli;

namespace PeroCore.Server.Tests;

/// <summary>The <c>rss</c> case group of <c>perocore bench</c>: a real child server's resident memory, on a tiny store.</summary>
public sealed class ServerRssBenchTests : IDisposable
{
    private readonly string _cache = Path.Combine(Path.GetTempPath(), "perocore-rss-test-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task A_row_reports_the_resident_and_peak_memory_of_a_server_holding_the_store()
    {
        if (!OperatingSystem.IsLinux())
        {
            return; // it reads /proc
        }

        var report = new BenchReport();
        using var log = new StringWriter();
        await ServerRssBench.RunAsync([300], _cache, memoryMapped: false, report, log, CancellationToken.None);

        var row = Assert.Single(report.Rows);
        Assert.Equal("Server RSS, 300 memories", row.Case);
        Assert.Equal("MB", row.Unit);
        Assert.InRange(row.Median, 10, 4096); // a .NET server holding 300 memories
        Assert.True(row.P99 >= row.Median, "the peak is at least the current resident set");
        Assert.True(File.Exists(Path.Combine(_cache, "server-300", "complete-v1")), "the data folder is cached for the next run");

        // A second run reuses the cached folder (no rebuild is logged).
        var again = new BenchReport();
        using var log2 = new StringWriter();
        await ServerRssBench.RunAsync([300], _cache, memoryMapped: false, again, log2, CancellationToken.None);
        Assert.DoesNotContain("building", log2.ToString(), StringComparison.Ordinal);
        Assert.Single(again.Rows);
    }

    public void Dispose()
    {
        if (Directory.Exists(_cache))
        {
            Directory.Delete(_cache, recursive: true);
        }
    }
}
