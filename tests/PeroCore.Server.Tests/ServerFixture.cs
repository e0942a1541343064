using PeroCore.Server.Hosting;

namespace PeroCore.Server.Tests;

/// <summary>Starts an in-process server on 127.0.0.1 with a free port and a temp data folder.</summary>
internal sealed class ServerFixture : IAsyncDisposable
{
    private readonly TempFolder _dir;

    private ServerFixture(PeroCoreApplication app, HttpClient client, TempFolder dir)
    {
        App = app;
        Client = client;
        _dir = dir;
    }

    public PeroCoreApplication App { get; }

    public HttpClient Client { get; }

    public string DataPath => App.Settings.Server.DataPath;

    public static async Task<ServerFixture> StartAsync(params string[] extraArgs)
    {
        var dir = new TempFolder();
        var args = new[] { "--port", "0", "--data", Path.Combine(dir.Path, "data"), "--Embedding:Provider=Hashing" }.Concat(extraArgs).ToArray();
        var app = await PeroCoreApplication.CreateAsync(args);
        await app.StartAsync();
        var client = new HttpClient { BaseAddress = app.Addresses[0] };
        return new ServerFixture(app, client, dir);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.DisposeAsync();
        _dir.Dispose();
    }
}
