using PeroCore.Memory.Storage;

namespace PeroCore.Memory.Tests.Storage;

public sealed class DataFolderLockTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void A_second_holder_is_refused_with_the_first_one_named_and_can_take_it_after_release()
    {
        using (var first = DataFolderLock.Acquire(_dir.Path, "serve"))
        {
            var ex = Assert.Throws<DataFolderLockedException>(() => DataFolderLock.Acquire(_dir.Path, "import"));
            Assert.Contains($"pid {Environment.ProcessId}", ex.Message, StringComparison.Ordinal);
            Assert.Contains("serve", ex.Holder, StringComparison.Ordinal);
            Assert.Equal(first.Folder, ex.Folder);
        }

        using var second = DataFolderLock.Acquire(_dir.Path, "import");
        Assert.True(File.Exists(Path.Combine(_dir.Path, DataFolderLock.LockFileName)));
    }
}
