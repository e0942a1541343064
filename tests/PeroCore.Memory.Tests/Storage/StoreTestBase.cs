using PeroCore.Memory.Storage;

namespace PeroCore.Memory.Tests.Storage;

/// <summary>Opens a fresh store in a temp folder with a fixed clock.</summary>
public abstract class StoreTestBase : IAsyncLifetime
{
    protected static readonly DateTimeOffset T0 = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000);

    private readonly TempFolder _dir = new();

    protected FixedClock Clock { get; } = new(T0);

    protected PeroStore Store { get; private set; } = null!;

    protected string DatabasePath => _dir.File("perocore.db");

    public async Task InitializeAsync() =>
        Store = await PeroStore.OpenAsync(DatabasePath, new PeroDatabaseOptions { Clock = Clock });

    public async Task DisposeAsync()
    {
        await Store.DisposeAsync();
        _dir.Dispose();
    }
}
