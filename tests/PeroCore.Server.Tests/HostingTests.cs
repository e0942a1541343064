using System.Net;
using System.Net.Sockets;
using PeroCore.Memory.Storage;
using PeroCore.Server.Hosting;

namespace PeroCore.Server.Tests;

/// <summary>The host owns the data folder: taken when it starts, released when it stops, whatever failed in between.</summary>
public sealed class HostingTests
{
    [Fact]
    public async Task The_data_folder_is_opened_when_the_host_starts_and_released_when_it_stops()
    {
        using var dir = new TempFolder();
        var data = Path.Combine(dir.Path, "data");
        var app = await PeroCoreApplication.CreateAsync(Args(data, port: 0));
        try
        {
            Assert.Throws<InvalidOperationException>(() => app.Store);
            Assert.False(File.Exists(Path.Combine(data, "perocore.db")));
            using (DataFolderLock.Acquire(data, "test"))
            {
                // Not taken before the start.
            }

            await app.StartAsync();
            Assert.Equal(0, await app.Store.Memories.CountAsync());
            Assert.Equal(0, app.Engine.Index.Count);
            Assert.Throws<DataFolderLockedException>(() => DataFolderLock.Acquire(data, "test"));
        }
        finally
        {
            await app.DisposeAsync();
        }

        using var again = DataFolderLock.Acquire(data, "test");
    }

    [Fact]
    public async Task A_start_that_fails_after_the_folder_was_opened_releases_it_on_dispose()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        using var dir = new TempFolder();
        var data = Path.Combine(dir.Path, "data");

        var app = await PeroCoreApplication.CreateAsync(Args(data, ((IPEndPoint)taken.LocalEndpoint).Port));
        var failure = await Assert.ThrowsAsync<IOException>(() => app.StartAsync());
        Assert.IsType<Microsoft.AspNetCore.Connections.AddressInUseException>(failure.InnerException);
        Assert.True(File.Exists(Path.Combine(data, "perocore.db"))); // the memory host had started
        await app.DisposeAsync();

        using var again = DataFolderLock.Acquire(data, "test");
    }

    private static string[] Args(string data, int port) =>
        ["--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--data", data, "--Embedding:Provider=Hashing", "--Agent:ScorerEnabled=false"];
}
