using PeroCore.Memory.Storage;
using PeroCore.Server.Cli;

namespace PeroCore.Server.Tests;

/// <summary>Tests that need a second, real process.</summary>
public sealed class ProcessTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_second_process_on_a_locked_data_folder_exits_at_once_naming_the_holder()
    {
        await using var server = await ServerFixture.StartAsync();
        using var dir = new TempFolder();
        using var child = ChildProcess.Start(["--port", "0", "--data", server.DataPath], dir.Path);
        Assert.Equal(PeroCoreCli.ExitFolderLocked, await child.WaitAsync(Timeout));
        Assert.Contains("in use by another PeroCore process", child.StandardError, StringComparison.Ordinal);
        Assert.Contains($"pid {Environment.ProcessId}", child.StandardError, StringComparison.Ordinal);

        // The holder is unaffected.
        Assert.Equal(System.Net.HttpStatusCode.OK, (await server.Client.GetAsync(new Uri("/health", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task Command_line_beats_environment_beats_appsettings_json()
    {
        using var dir = new TempFolder();
        await File.WriteAllTextAsync(Path.Combine(dir.Path, "appsettings.json"), """{ "Server": { "Port": "from-file" } }""");

        using (var fileOnly = ChildProcess.Start([], dir.Path))
        {
            Assert.Equal(PeroCoreCli.ExitBadConfiguration, await fileOnly.WaitAsync(Timeout));
            Assert.Contains("(got 'from-file')", fileOnly.StandardError, StringComparison.Ordinal);
        }

        var env = new Dictionary<string, string> { ["PEROCORE__Server__Port"] = "from-env" };
        using (var withEnv = ChildProcess.Start([], dir.Path, env))
        {
            Assert.Equal(PeroCoreCli.ExitBadConfiguration, await withEnv.WaitAsync(Timeout));
            Assert.Contains("(got 'from-env')", withEnv.StandardError, StringComparison.Ordinal);
        }

        using var withArgs = ChildProcess.Start(["--port", "from-cli"], dir.Path, env);
        Assert.Equal(PeroCoreCli.ExitBadConfiguration, await withArgs.WaitAsync(Timeout));
        Assert.Contains("(got 'from-cli')", withArgs.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_broken_appsettings_file_is_reported_not_thrown()
    {
        using var dir = new TempFolder();
        await File.WriteAllTextAsync(Path.Combine(dir.Path, "appsettings.json"), "{ \"Server\": ");
        using var child = ChildProcess.Start([], dir.Path);
        Assert.Equal(PeroCoreCli.ExitBadConfiguration, await child.WaitAsync(Timeout));
        Assert.Contains("Could not read the configuration", child.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sigterm_shuts_down_cleanly_and_releases_the_folder()
    {
        using var dir = new TempFolder();
        var data = Path.Combine(dir.Path, "data");
        using var child = ChildProcess.Start(["--port", "0", "--data", data], dir.Path);
        await child.WaitForOutputAsync("Application started", Timeout);
        Assert.True(File.Exists(Path.Combine(data, DataFolderLock.OwnerFileName)));

        child.Signal(15);
        Assert.Equal(0, await child.WaitAsync(Timeout));
        Assert.False(File.Exists(Path.Combine(data, DataFolderLock.OwnerFileName)));
        Assert.False(File.Exists(Path.Combine(data, "perocore.db-wal")) && new FileInfo(Path.Combine(data, "perocore.db-wal")).Length > 0);
        using var again = DataFolderLock.Acquire(data, "test");
    }
}
