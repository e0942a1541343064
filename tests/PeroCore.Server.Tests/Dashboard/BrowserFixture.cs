using Microsoft.Playwright;

namespace PeroCore.Server.Tests.Dashboard;

/// <summary>
/// One headless Debian Chromium for the dashboard tests, driven by Playwright through its executable path (a test
/// tool's own browser download is not possible here), with the flags a closed network needs and a fresh profile.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    /// <summary>Where Debian's chromium package puts the browser; <c>PEROCORE_CHROMIUM</c> overrides it.</summary>
    public static string ExecutablePath => Environment.GetEnvironmentVariable("PEROCORE_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException(
                $"Chromium was not found at {ExecutablePath}. Install it (apt-get install chromium) or set PEROCORE_CHROMIUM to its path; .ci/run installs it.");
        }

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args =
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync",
            ],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
    }
}
