using System.Net;
using System.Net.Sockets;
using PeroCore.Server.Cli;

namespace PeroCore.Server.Tests;

/// <summary>The <c>perocore</c> command line: what it refuses, where help goes, how start failures read.</summary>
public sealed class CliTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task An_unknown_option_is_refused_with_exit_code_2_and_a_usage_line_and_the_server_does_not_start()
    {
        using var dir = new TempFolder();
        using var child = ChildProcess.Start(["--prot", "9999", "--Embedding:Provider=Hashing"], dir.Path);

        Assert.Equal(PeroCoreCli.ExitBadConfiguration, await child.WaitAsync(Timeout));
        Assert.Contains("'--prot'", child.StandardError, StringComparison.Ordinal);
        Assert.Contains("Usage: perocore", child.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("Now listening", child.StandardOutput, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(dir.Path, "data")), "the server started");
    }

    [Theory]
    [InlineData(new[] { "frobnicate" }, "Unknown command 'frobnicate'", "Usage: perocore")]
    [InlineData(new[] { "nit", "frobnicate", "x" }, "'frobnicate'", "Usage: perocore nit")]
    [InlineData(new[] { "eval", "locomo" }, "'--data' is required", "Usage: perocore eval locomo")]
    [InlineData(new[] { "import" }, "Required argument missing", "Usage: perocore import <FILE>")]
    [InlineData(new[] { "bench", "--fast" }, "'--fast'", "Usage: perocore bench")]
    [InlineData(new[] { "nit", "--Server:Port=1", "x.nit" }, "'nit' reads no settings", "Usage: perocore nit")]
    [InlineData(new[] { "repair", "--data" }, "--data", "Usage: perocore repair")]
    [InlineData(new[] { "--port", "1", "--Server:Host" }, "'--Server:Host' has no value", "Usage: perocore")]
    public async Task A_bad_command_line_is_refused_with_exit_code_2_naming_the_problem_and_the_usage(string[] args, string problem, string usage)
    {
        var output = new StringWriter();
        var error = new StringWriter();

        Assert.Equal(PeroCoreCli.ExitBadConfiguration, await PeroCoreCli.RunAsync(args, output, error));
        Assert.Contains(problem, error.ToString(), StringComparison.Ordinal);
        Assert.Contains(usage, error.ToString(), StringComparison.Ordinal);
        Assert.Empty(output.ToString());
    }

    [Fact]
    public async Task The_export_import_measurement_runs_both_directions_and_leaves_the_source_index_unbuilt()
    {
        using var dir = new TempFolder();
        var output = new StringWriter();
        var error = new StringWriter();

        Assert.Equal(0, await PeroCoreCli.RunAsync(["bench", "export-import", "--count", "500", "--dir", dir.Path], output, error));

        Assert.Contains("Export and import of 500 memories", output.ToString(), StringComparison.Ordinal);
        Assert.Matches(@"\| export \| 0 \| [\d.]+ \| \d+ \| \d+ \|", output.ToString());
        Assert.Matches(@"\| import \(committed, indexed and saved\) \| 0 \| [\d.]+ \| \d+ \| \d+ \|", output.ToString());
        Assert.Contains("generated 500 memories", error.ToString(), StringComparison.Ordinal);
        // The generated source is only read by the export (SQLite), so its vector index is never built or saved.
        Assert.False(File.Exists(Path.Combine(dir.Path, "source", "memory.usearch")));
        Assert.True(File.Exists(Path.Combine(dir.Path, "target", "memory.usearch")));
    }

    [Theory]
    [InlineData(new[] { "--help" }, "--Section:Key=VALUE")]
    [InlineData(new[] { "-h" }, "--api-key")]
    [InlineData(new[] { "help" }, "Commands:")]
    [InlineData(new[] { "serve", "--help" }, "--port")]
    [InlineData(new[] { "import", "--help" }, "--no-relations")]
    [InlineData(new[] { "help", "import" }, "--no-relations")]
    [InlineData(new[] { "nit", "--help" }, "check")]
    [InlineData(new[] { "nit", "check", "--help" }, "<FILE>")]
    [InlineData(new[] { "nit", "run", "--help" }, "<FILE>")]
    [InlineData(new[] { "eval", "--help" }, "locomo")]
    [InlineData(new[] { "eval", "locomo", "--help" }, "--out")]
    [InlineData(new[] { "bench", "--help" }, "--full")]
    [InlineData(new[] { "repair", "--help" }, "--data")]
    [InlineData(new[] { "migrate", "--help" }, "--force")]
    public async Task Help_of_every_verb_goes_to_standard_output_with_exit_code_0(string[] args, string expected)
    {
        var output = new StringWriter();
        var error = new StringWriter();

        Assert.Equal(0, await PeroCoreCli.RunAsync(args, output, error));
        Assert.Contains("Usage:", output.ToString(), StringComparison.Ordinal);
        Assert.Contains(expected, output.ToString(), StringComparison.Ordinal);
        Assert.Empty(error.ToString());
    }

    [Fact]
    public async Task The_executable_prints_help_on_standard_output()
    {
        using var dir = new TempFolder();
        using var child = ChildProcess.Start(["eval", "locomo", "--help"], dir.Path);

        Assert.Equal(0, await child.WaitAsync(Timeout));
        Assert.Contains("perocore eval locomo [options]", child.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("--data <FILE>", child.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(string.Empty, child.StandardError.Trim());
    }

    [Theory]
    [InlineData("--Server:Port=abc")]
    [InlineData("--Server:Port abc")]
    [InlineData("serve --port abc")]
    [InlineData("serve --port=abc")]
    public async Task Settings_on_the_command_line_reach_the_configuration_in_every_form(string commandLine)
    {
        var error = new StringWriter();

        Assert.Equal(PeroCoreCli.ExitBadConfiguration, await PeroCoreCli.RunAsync(commandLine.Split(' '), TextWriter.Null, error));
        Assert.Contains("Server:Port must be an integer between 0 and 65535 (got 'abc')", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_port_in_use_gives_one_line_and_exit_code_5()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        using var dir = new TempFolder();

        using var child = ChildProcess.Start(["--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--data", Path.Combine(dir.Path, "data"),
            "--Embedding:Provider=Hashing"], dir.Path);

        Assert.Equal(PeroCoreCli.ExitAddressInUse, await child.WaitAsync(Timeout));
        var line = Assert.Single(child.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.Contains($"Cannot listen on 127.0.0.1:{port}: the address is already in use", line, StringComparison.Ordinal);
        Assert.DoesNotContain("fail:", child.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", child.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", child.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_fresh_data_folder_starts_and_restarts_without_warnings()
    {
        using var dir = new TempFolder();
        var data = Path.Combine(dir.Path, "data");
        for (var run = 0; run < 2; run++)
        {
            using var child = ChildProcess.Start(["--port", "0", "--data", data, "--Embedding:Provider=Hashing"], dir.Path);
            await child.WaitForOutputAsync("Application started", Timeout);
            child.Signal(15);
            Assert.Equal(0, await child.WaitAsync(Timeout));

            var log = child.StandardOutput + child.StandardError;
            Assert.DoesNotContain("warn:", log, StringComparison.Ordinal);
            Assert.DoesNotContain("fail:", log, StringComparison.Ordinal);
            Assert.DoesNotContain("rebuilt", log, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Missing_index_files_of_a_folder_with_memories_are_still_reported()
    {
        using var dir = new TempFolder();
        var data = Path.Combine(dir.Path, "data");
        var jsonl = Path.Combine(dir.Path, "memories.jsonl");
        await File.WriteAllTextAsync(jsonl, """{"content":"the owner's cat is called Miso"}""" + "\n");
        using (var import = ChildProcess.Start(["import", jsonl, "--data", data, "--Embedding:Provider", "Hashing"], dir.Path))
        {
            Assert.Equal(0, await import.WaitAsync(Timeout));
        }

        foreach (var file in Directory.GetFiles(data, "*.usearch*"))
        {
            File.Delete(file);
        }

        using var child = ChildProcess.Start(["--port", "0", "--data", data, "--Embedding:Provider=Hashing"], dir.Path);
        await child.WaitForOutputAsync("Application started", Timeout);
        child.Signal(15);
        Assert.Equal(0, await child.WaitAsync(Timeout));
        Assert.Contains("warn:", child.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("Rebuilding memory.usearch", child.StandardOutput, StringComparison.Ordinal);
    }
}
