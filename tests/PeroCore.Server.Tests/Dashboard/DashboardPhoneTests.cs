using Microsoft.Playwright;
using PeroCore.Agent.Tests.Fakes;

namespace PeroCore.Server.Tests.Dashboard;

/// <summary>The dashboard in a phone-sized window: nothing overflows sideways and the chat works.</summary>
[Collection(BrowserCollection.Name)]
public sealed class DashboardPhoneTests(BrowserFixture browser) : DashboardTestBase(browser)
{
    protected override ViewportSize Viewport => new() { Width = 390, Height = 844 };

    [Fact]
    public async Task Chat_and_memory_fit_a_narrow_window()
    {
        Fake.Enqueue(FakeLlmReply.Text("Short and sweet."));
        var page = await OpenAsync("/chat");
        await page.GetByTestId("chat-input").FillAsync("Hello on the phone");
        await page.GetByTestId("chat-send").ClickAsync();
        await Assertions.Expect(page.Locator("[data-role=assistant]")).ToHaveTextAsync("Short and sweet.");
        Assert.False(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth"), "the chat page scrolls sideways");
        await ScreenshotAsync("chat-phone");

        await page.GetByRole(AriaRole.Link, new() { Name = "Memory" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("memory-query")).ToBeVisibleAsync();
        Assert.False(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth"), "the memory page scrolls sideways");
        await ScreenshotAsync("memory-phone");
        Assert.Empty(ConsoleErrors);
    }
}
