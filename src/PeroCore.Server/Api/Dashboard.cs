using System.Net.Mime;
using Microsoft.Extensions.FileProviders;
using Microsoft.Net.Http.Headers;

namespace PeroCore.Server.Api;

/// <summary>
/// The web dashboard: the files built from <c>web/</c> into <c>web/</c> next to the executable, served at <c>/</c> with
/// the app's own page for its client-side routes (<c>/chat</c>, <c>/memory</c>…). They are the same for everyone and
/// hold no data, so they are served before the API key check; the dashboard then asks for the key and sends it with
/// each API call. When the dashboard was not built, <c>/</c> says how to build it.
/// </summary>
internal static class Dashboard
{
    /// <summary>The first path segments the dashboard's router owns.</summary>
    public static readonly IReadOnlySet<string> ClientRoutes = new HashSet<string>(StringComparer.Ordinal)
    {
        "chat", "memory", "graph", "timeline", "history", "maintenance", "settings", "status", "welcome",
    };

    private const string NotBuiltPage = """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>PeroCore</title></head>
        <body style="font-family: system-ui, sans-serif; max-width: 44rem; margin: 3rem auto; line-height: 1.5">
        <h1>PeroCore is running</h1>
        <p>The web dashboard was not built with this server, because Node.js was not found when it was built.</p>
        <p>To build it, install Node.js 20.19 or later (with npm), then build the server again:
        <code>dotnet build src/PeroCore.Server</code> (it runs <code>npm ci</code> and the Vite build in <code>web/</code>).</p>
        <p>The API works without it: see <a href="/scalar">the API reference</a>.</p>
        </body></html>
        """;

    /// <summary>The folder the dashboard is served from.</summary>
    public static string Directory => Path.Combine(AppContext.BaseDirectory, "web");

    /// <summary>Serves the dashboard's files and pages; call before the API key middleware.</summary>
    public static void Use(WebApplication app)
    {
        var root = Directory;
        var index = Path.Combine(root, "index.html");
        if (System.IO.Directory.Exists(root))
        {
            app.UseStaticFiles(new StaticFileOptions
            {
                FileProvider = new PhysicalFileProvider(root),
                OnPrepareResponse = context =>
                {
                    // File names under assets/ carry a content hash; index.html must be fetched again after an update.
                    context.Context.Response.Headers.CacheControl = context.Context.Request.Path.StartsWithSegments("/assets", StringComparison.Ordinal)
                        ? "public, max-age=31536000, immutable"
                        : "no-cache";
                },
            });
        }

        app.Use(async (context, next) =>
        {
            if (!IsPageRequest(context.Request))
            {
                await next(context).ConfigureAwait(false);
                return;
            }

            context.Response.Headers.CacheControl = "no-cache";
            context.Response.Headers[HeaderNames.XContentTypeOptions] = "nosniff";
            context.Response.ContentType = MediaTypeNames.Text.Html + "; charset=utf-8";
            if (File.Exists(index))
            {
                await context.Response.SendFileAsync(index, context.RequestAborted).ConfigureAwait(false);
            }
            else
            {
                await context.Response.WriteAsync(NotBuiltPage, context.RequestAborted).ConfigureAwait(false);
            }
        });
    }

    /// <summary>A GET or HEAD of <c>/</c> or of a dashboard route.</summary>
    public static bool IsPageRequest(HttpRequest request)
    {
        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method))
        {
            return false;
        }

        var path = request.Path.Value ?? "/";
        if (path is "/" or "")
        {
            return true;
        }

        var segment = path.TrimStart('/').Split('/', 2)[0];
        return ClientRoutes.Contains(segment);
    }
}
