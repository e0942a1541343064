using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace PeroCore.Agent.Tests.Tools;

/// <summary>A small web server on 127.0.0.1 serving pages, redirects and counting hits (for the fetch tests).</summary>
internal sealed class LocalWebServer : IAsyncDisposable
{
    private WebApplication? _app;
    private int _hits;

    public string BaseUrl { get; private set; } = string.Empty;

    public int Port { get; private set; }

    public int Hits => Volatile.Read(ref _hits);

    public static async Task<LocalWebServer> StartAsync()
    {
        var server = new LocalWebServer();
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.Run(server.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseUrl = address.TrimEnd('/');
        server.Port = new Uri(server.BaseUrl).Port;
        server._app = app;
        return server;
    }

    private async Task HandleAsync(HttpContext context)
    {
        Interlocked.Increment(ref _hits);
        var path = context.Request.Path.Value ?? "/";
        var query = context.Request.Query;
        switch (path)
        {
            case "/article":
                context.Response.ContentType = "text/html; charset=utf-8";
                await context.Response.WriteAsync("""
                    <html><head><title>Cat care</title><script>var secret = "SCRIPT-TEXT";</script><style>.x{}</style></head>
                    <body><nav>Home | About | NAV-TEXT</nav>
                    <article><h1>Feeding your cat</h1><p>Cats need   fresh water every day.</p>
                    <ul><li>Wet food</li><li>Dry food</li></ul></article>
                    <footer>FOOTER-TEXT</footer></body></html>
                    """);
                break;
            case "/plain":
                context.Response.ContentType = "text/plain";
                await context.Response.WriteAsync("just text");
                break;
            case "/big":
                context.Response.ContentType = "text/plain";
                await context.Response.WriteAsync(new string('a', 100_000));
                break;
            case "/image":
                context.Response.ContentType = "image/png";
                await context.Response.Body.WriteAsync(new byte[] { 0x89, 0x50, 0x4e, 0x47 });
                break;
            case "/redirect":
                context.Response.StatusCode = 302;
                context.Response.Headers.Location = query["to"].ToString();
                break;
            case "/loop":
                context.Response.StatusCode = 302;
                context.Response.Headers.Location = "/loop";
                break;
            default:
                context.Response.StatusCode = 404;
                break;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}
