using Microsoft.Playwright;

namespace PeroCore.Server.Tests.Dashboard;

/// <summary>A server with an API key: the dashboard asks for it once, then every page works.</summary>
[Collection(BrowserCollection.Name)]
public sealed class DashboardKeyTests(BrowserFixture browser) : DashboardTestBase(browser)
{
    private const string Key = "dashboard-test-key-0123456789";

    protected override string[] ServerArgs => [.. base.ServerArgs, $"--Server:ApiKey={Key}"];

    protected override bool ConfigureLlm => false;

    [Fact]
    public async Task The_dashboard_asks_for_the_key_once_and_then_works()
    {
        using (var request = new HttpRequestMessage(HttpMethod.Post, "/api/memories") { Content = JsonContent("""{"content":"The owner's favourite tea is oolong"}""") })
        {
            request.Headers.Authorization = new("Bearer", Key);
            using var response = await Server.Client.SendAsync(request);
            response.EnsureSuccessStatusCode();
        }

        var page = await OpenAsync("/memory");
        await Assertions.Expect(page.GetByTestId("api-key")).ToBeVisibleAsync();
        await ScreenshotAsync("api-key");
        await page.GetByTestId("api-key").FillAsync(Key);
        await page.GetByTestId("api-key").PressAsync("Enter");

        await Assertions.Expect(page.GetByTestId("memory-list").Locator("article")).ToContainTextAsync("oolong");
        await Assertions.Expect(page.GetByTestId("api-key")).ToHaveCountAsync(0);

        // Remembered: another visit does not ask again.
        await page.GotoAsync(BaseUrl + "/status");
        await Assertions.Expect(page.GetByTestId("status")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("api-key")).ToHaveCountAsync(0);

        // The only errors are the refused requests made before the key was given.
        Assert.All(ConsoleErrors, e => Assert.Contains("401", e, StringComparison.Ordinal));
    }

    private static StringContent JsonContent(string json) => new(json, System.Text.Encoding.UTF8, "application/json");
}
