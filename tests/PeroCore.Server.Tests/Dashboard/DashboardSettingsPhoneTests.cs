using Microsoft.Playwright;

namespace PeroCore.Server.Tests.Dashboard;

/// <summary>The wizard and the Settings page in a phone-sized window: nothing overflows sideways; skipping the wizard is remembered.</summary>
[Collection(BrowserCollection.Name)]
public sealed class DashboardSettingsPhoneTests(BrowserFixture browser) : DashboardTestBase(browser)
{
    protected override ViewportSize Viewport => new() { Width = 390, Height = 844 };

    protected override bool ConfigureLlm => false;

    private Task<bool> ScrollsSidewaysAsync() => Page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth");

    [Fact]
    public async Task The_wizard_and_settings_fit_a_narrow_window_and_a_skipped_wizard_stays_away()
    {
        var page = await OpenAsync("/chat");
        await Assertions.Expect(page.GetByTestId("wizard")).ToBeVisibleAsync();
        Assert.False(await ScrollsSidewaysAsync(), "the wizard scrolls sideways");
        await ScreenshotAsync("wizard-phone");

        await page.GetByTestId("wizard-skip").ClickAsync();
        await Assertions.Expect(page.GetByTestId("chat-input")).ToBeVisibleAsync();
        Assert.Equal("true", (await GetJsonAsync("/api/configs")).GetProperty("dashboard_setup_done").GetString());
        await page.GotoAsync(BaseUrl + "/chat");
        await Assertions.Expect(page.GetByTestId("chat-input")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("wizard")).ToHaveCountAsync(0);

        await page.GotoAsync(BaseUrl + "/settings");
        await Assertions.Expect(page.GetByTestId("llm-missing")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("tool-list").Locator("li").First).ToBeVisibleAsync();
        await page.GetByTestId("model-add").ClickAsync();
        Assert.False(await ScrollsSidewaysAsync(), "the settings page scrolls sideways");
        await ScreenshotAsync("settings-phone");
        Assert.Empty(ConsoleErrors);
    }
}
