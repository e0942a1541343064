using PeroCore.Memory.Storage;

namespace PeroCore.Memory.Tests.Storage;

public sealed class ShutdownTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Disposing_waits_for_the_write_in_flight_which_commits()
    {
        var path = _dir.File("perocore.db");
        var db = await PeroDatabase.OpenAsync(path);
        var started = new TaskCompletionSource();
        var write = db.WriteAsync(async (tx, ct) =>
        {
            started.SetResult();
            await Task.Delay(300, ct);
            await tx.Connection!.ExecuteAsync(tx, "INSERT INTO config (key, value, updated_at) VALUES ('k', 'v', 0)", ct);
        });
        await started.Task;
        var dispose = db.DisposeAsync().AsTask();
        await write;
        await dispose;
        await Assert.ThrowsAsync<ObjectDisposedException>(() => db.WriteAsync((_, _) => Task.CompletedTask));

        await using var store = await PeroStore.OpenAsync(path);
        Assert.Equal("v", await store.Config.GetAsync("k"));
    }

    [Fact]
    public async Task Committed_writes_reach_the_database_file_while_it_stays_open()
    {
        var path = _dir.File("perocore.db");
        await using var db = await PeroDatabase.OpenAsync(path);
        var before = new FileInfo(path).Length;
        var filler = new string('x', 2000);
        for (var i = 0; i < 20; i++)
        {
            await db.WriteAsync(async (tx, ct) =>
            {
                for (var j = 0; j < 100; j++)
                {
                    await tx.Connection!.ExecuteAsync(tx, "INSERT INTO config (key, value, updated_at) VALUES ($k, $v, 0)", ct, ("$k", $"k{i}-{j}"), ("$v", filler));
                }
            });
        }

        // Commits do not checkpoint; the background checkpointer copies the WAL into the file.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (new FileInfo(path).Length < before + 3_500_000)
        {
            await Task.Delay(50, timeout.Token);
        }
    }

    [Fact]
    public async Task A_failing_write_rolls_back_everything_it_did()
    {
        await using var store = await PeroStore.OpenAsync(_dir.File("perocore.db"));
        await Assert.ThrowsAsync<InvalidOperationException>(() => store.Database.WriteAsync(async (tx, ct) =>
        {
            await MemoryRepository.InsertAsync(tx, new NewMemory { Content = "half" }, 0, ct);
            throw new InvalidOperationException("boom");
        }));
        Assert.Equal(0, await store.Memories.CountAsync());
    }
}
