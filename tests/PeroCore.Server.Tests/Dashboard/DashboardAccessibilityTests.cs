using System.Text.Json;
using Microsoft.Playwright;
using PeroCore.Memory.Storage;

namespace PeroCore.Server.Tests.Dashboard;

/// <summary>
/// Every page at phone and wide sizes: no console error, no failed request, nothing wider than the window, and every
/// main control reachable with Tab and named for a screen reader.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class DashboardAccessibilityTests(BrowserFixture browser) : DashboardTestBase(browser)
{
    // Each page and what shows once its data has loaded.
    private static readonly (string Path, string Ready)[] Pages =
    [
        ("/chat", "[data-testid=chat-input]"),
        ("/memory", "[data-testid=memory-list] article"),
        ("/graph", "[data-testid=graph][data-node-count='1']"),
        ("/timeline", "[data-testid=days] button"),
        ("/history", "[data-testid=sessions] button"),
        ("/maintenance", "[data-testid=maintenance-records] li"),
        ("/status", "[data-testid=queues]"),
    ];

    // Marks every visible, enabled control of the header and the page with an index and returns [index, name, html].
    // The name follows the accessible-name rules that matter here: aria-label, aria-labelledby, a <label>, the text of
    // a button or link, a title. A placeholder alone is not a name.
    private const string MarkControls = """
        () => {
          const visible = el => { const r = el.getBoundingClientRect(); return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden' };
          const text = el => (el.textContent || '').replace(/\s+/g, ' ').trim();
          const name = el => {
            if (el.getAttribute('aria-label')) return el.getAttribute('aria-label').trim();
            const by = el.getAttribute('aria-labelledby');
            if (by) return by.split(' ').map(id => text(document.getElementById(id) || document.createElement('i'))).join(' ').trim();
            if (el.labels && el.labels.length) return [...el.labels].map(text).join(' ').trim();
            if (['BUTTON', 'A', 'SUMMARY'].includes(el.tagName)) return text(el);
            return (el.getAttribute('title') || '').trim();
          };
          const controls = [...document.querySelectorAll('header a[href], header button, header input, header select, main a[href], main button, main input, main select, main textarea')]
            .filter(el => !el.disabled && visible(el.type === 'file' && el.closest('label') ? el.closest('label') : el));
          return controls.map((el, i) => { el.dataset.a11y = String(i); return [String(i), name(el), el.outerHTML.slice(0, 120)] });
        }
        """;

    [Theory]
    [InlineData(390, 844)]
    [InlineData(1440, 900)]
    public async Task Every_page_works_by_keyboard_without_console_errors_or_failed_requests(int width, int height)
    {
        await Server.App.Engine.AddAsync(new NewMemory { Content = "The owner keeps bees on the roof", Tags = ["bees"] });
        await Server.App.Store.Logs.AddAsync(
        [
            new ConversationLogEntry { SessionId = "morning", Source = "desktop", Role = "user", Content = "Good morning", PairId = "p-a11y", AnalysisStatus = "completed" },
            new ConversationLogEntry { SessionId = "morning", Source = "desktop", Role = "assistant", Content = "Morning!", PairId = "p-a11y", AnalysisStatus = "completed" },
        ]);
        var context = await Browser.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = height } });
        try
        {
            var page = await context.NewPageAsync();
            page.SetDefaultTimeout(15_000);
            var problems = new List<string>();
            page.Console += (_, m) =>
            {
                if (m.Type == "error")
                {
                    problems.Add($"console: {m.Text}");
                }
            };
            page.PageError += (_, e) => problems.Add($"page error: {e}");
            page.RequestFailed += (_, r) =>
            {
                // A request the page cancelled by navigating away (the event stream, a status poll) is not a failure.
                if (r.Failure?.Contains("ERR_ABORTED", StringComparison.Ordinal) != true)
                {
                    problems.Add($"request failed: {r.Method} {r.Url} {r.Failure}");
                }
            };
            page.Response += (_, r) =>
            {
                if (r.Status >= 400)
                {
                    problems.Add($"HTTP {r.Status}: {r.Request.Method} {r.Url}");
                }
            };

            foreach (var (path, ready) in Pages)
            {
                await page.GotoAsync(BaseUrl + path);
                await Assertions.Expect(page.Locator(ready).First).ToBeAttachedAsync();
                await Assertions.Expect(page.Locator("main h1")).ToHaveCountAsync(1);
                Assert.False(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth + 1"), $"{path} scrolls sideways at {width}px");

                var controls = (await page.EvaluateAsync<JsonElement>(MarkControls)).EnumerateArray()
                    .Select(c => (Index: c[0].GetString()!, Name: c[1].GetString()!, Html: c[2].GetString()!)).ToList();
                Assert.NotEmpty(controls);
                var unnamed = controls.Where(c => c.Name.Length == 0).Select(c => c.Html).ToList();
                Assert.True(unnamed.Count == 0, $"{path} at {width}px has controls without an accessible name: {string.Join(" | ", unnamed)}");

                // Tab from the top of the page until focus comes round again; every control must have had it.
                await page.EvaluateAsync("() => { document.activeElement?.blur(); window.scrollTo(0, 0) }");
                // A date input takes several Tabs (one a field), so only coming back to the first control ends the round.
                var reached = new HashSet<string>();
                string? first = null, previous = null;
                for (var i = 0; i < (3 * controls.Count) + 40; i++)
                {
                    await page.Keyboard.PressAsync("Tab");
                    var at = await page.EvaluateAsync<string?>("() => document.activeElement?.dataset?.a11y ?? null");
                    if (at is not null && at == first && previous != first)
                    {
                        break;
                    }

                    first ??= at;
                    if (at is not null)
                    {
                        reached.Add(at);
                    }

                    previous = at;
                }

                var missed = controls.Where(c => !reached.Contains(c.Index)).Select(c => $"{c.Name} ({c.Html})").ToList();
                Assert.True(missed.Count == 0, $"{path} at {width}px: not reachable with Tab: {string.Join(" | ", missed)}");
                await page.ScreenshotAsync(new PageScreenshotOptions
                {
                    Path = Path.Combine(ScreenshotFolder(), $"a11y-{path.Trim('/')}-{width}.png"), FullPage = true,
                });
            }

            Assert.True(problems.Count == 0, string.Join("\n", problems));
        }
        finally
        {
            await context.CloseAsync();
        }
    }

    private static string ScreenshotFolder()
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        return folder;
    }
}
