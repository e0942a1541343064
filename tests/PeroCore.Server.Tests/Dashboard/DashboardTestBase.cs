using Microsoft.Playwright;

namespace PeroCore.Server.Tests.Dashboard;

/// <summary>
/// A real server with the fake LLM (from <see cref="ChatTestBase"/>) and a fresh browser page on it. Every page's
/// console errors and uncaught exceptions are collected and must stay empty; each test saves a screenshot under
/// <c>screenshots/</c> in the test output.
/// </summary>
public abstract class DashboardTestBase(BrowserFixture browser) : ChatTestBase, IAsyncLifetime
{
    private IBrowserContext? _context;

    protected IPage Page { get; private set; } = null!;

    protected List<string> ConsoleErrors { get; } = [];

    /// <summary>The window size (wide by default).</summary>
    protected virtual ViewportSize Viewport => new() { Width = 1280, Height = 860 };

    /// <summary>The shared browser (for tests that open their own contexts, e.g. at several window sizes).</summary>
    protected BrowserFixture Browser => browser;

    protected string BaseUrl => Server.Client.BaseAddress!.ToString().TrimEnd('/');

    protected async Task<IPage> OpenAsync(string path = "/")
    {
        _context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = Viewport });
        Page = await _context.NewPageAsync();
        Page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                ConsoleErrors.Add(message.Text);
            }
        };
        Page.PageError += (_, error) => ConsoleErrors.Add(error);
        Page.SetDefaultTimeout(15_000);
        await Page.GotoAsync(BaseUrl + path);
        return Page;
    }

    protected async Task ScreenshotAsync(string name)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, name + ".png"), FullPage = true });
    }

    public new async Task DisposeAsync()
    {
        if (_context is not null)
        {
            await _context.CloseAsync();
        }

        await base.DisposeAsync();
    }
}
