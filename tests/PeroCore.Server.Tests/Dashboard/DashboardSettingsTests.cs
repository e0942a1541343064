using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PeroCore.Agent.Tests.Fakes;
using PeroCore.Nit.Tools;

namespace PeroCore.Server.Tests.Dashboard;

/// <summary>The Settings page in a real browser: model cards (the key never shown back), tool switches, language and time zone.</summary>
[Collection(BrowserCollection.Name)]
public sealed class DashboardSettingsTests(BrowserFixture browser) : DashboardTestBase(browser)
{
    private const string Secret = "sk-dashboard-secret-4242";

    private static bool RefusedRequest(string consoleError) =>
        consoleError.StartsWith("Failed to load resource: the server responded with a status of 4", StringComparison.Ordinal);

    [Fact]
    public async Task A_model_card_is_added_without_its_key_shown_back_a_tool_group_switched_off_and_the_language_changed()
    {
        var page = await OpenAsync("/settings");

        // A model card with its own endpoint and key.
        await page.GetByTestId("model-add").ClickAsync();
        await page.GetByTestId("model-name").FillAsync("Remote helper");
        await page.GetByTestId("model-id").FillAsync("remote-model");
        await page.GetByTestId("model-provider-type").SelectOptionAsync("custom");
        await page.GetByTestId("model-base").FillAsync(Fake.BaseUrlV1);
        await page.GetByTestId("model-key").FillAsync(Secret);
        await page.GetByTestId("model-save").ClickAsync();
        var cards = page.GetByTestId("model-list").Locator("li");
        await Assertions.Expect(cards).ToHaveCountAsync(2);
        var added = cards.Filter(new() { HasText = "Remote helper" });
        await Assertions.Expect(added.GetByTestId("model-key-status")).ToHaveTextAsync("set");
        Assert.DoesNotContain(Secret, await page.ContentAsync(), StringComparison.Ordinal);
        var stored = (await Server.App.Store.Models.ListAsync()).Single(m => m.Name == "Remote helper");
        Assert.Equal(Secret, stored.ApiKey);
        Assert.Equal(Fake.BaseUrlV1, stored.ApiBase);

        // Editing it without typing a key keeps the stored key.
        await added.GetByTestId("model-edit").ClickAsync();
        Assert.Equal(string.Empty, await page.GetByTestId("model-key").InputValueAsync());
        await page.GetByTestId("model-id").FillAsync("remote-model-2");
        await page.GetByTestId("model-save").ClickAsync();
        await Assertions.Expect(added).ToContainTextAsync("remote-model-2");
        Assert.Equal(Secret, (await Server.App.Store.Models.GetAsync(stored.Id))!.ApiKey);

        // Test it (the fake answers), then use it for chat.
        Fake.Enqueue(FakeLlmReply.Text("OK"));
        await added.GetByTestId("model-test").ClickAsync();
        await Assertions.Expect(added.GetByTestId("model-test-result")).ToContainTextAsync("OK");
        var test = Fake.ChatRequests[^1];
        Assert.Equal("Bearer " + Secret, test.Header("Authorization"));
        await added.GetByTestId("model-use").ClickAsync();
        await Assertions.Expect(added.GetByTestId("model-current")).ToBeVisibleAsync();
        Assert.Equal(stored.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), (await GetJsonAsync("/api/configs")).GetProperty("current_model_id").GetString());

        // Switch the web tools off: the registry hides them at once.
        var web = page.GetByTestId("tool-WebOps");
        await Assertions.Expect(web).ToBeCheckedAsync();
        await web.UncheckAsync();
        await Assertions.Expect(page.GetByTestId("tools-message")).ToHaveTextAsync("Saved.");
        var registry = Server.App.Services.GetRequiredService<NitToolRegistry>();
        Assert.DoesNotContain(registry.EnabledTools, t => t.Plugin == "WebOps");
        Assert.False((await GetJsonAsync("/api/tools")).EnumerateArray().Single(g => g.GetProperty("name").GetString() == "WebOps").GetProperty("enabled").GetBoolean());
        await Assertions.Expect(page.GetByTestId("tool-CoreOps")).ToBeDisabledAsync();

        // The companion's language and a bad time zone (the server's message is shown, nothing is saved).
        await page.GetByTestId("prompt-language").SelectOptionAsync("zh");
        await page.GetByTestId("owner-name").FillAsync("Alex");
        await page.GetByTestId("time-zone").FillAsync("Mars/Olympus_Mons");
        await page.GetByTestId("general-save").ClickAsync();
        await Assertions.Expect(page.GetByTestId("general-message")).ToContainTextAsync("IANA time zone");
        Assert.False((await GetJsonAsync("/api/configs")).TryGetProperty("prompt_language", out _));
        await page.GetByTestId("time-zone").FillAsync("Asia/Shanghai");
        await page.GetByTestId("general-save").ClickAsync();
        await Assertions.Expect(page.GetByTestId("general-message")).ToHaveTextAsync("Saved.");
        var configs = await GetJsonAsync("/api/configs");
        Assert.Equal("zh", configs.GetProperty("prompt_language").GetString());
        Assert.Equal("Asia/Shanghai", configs.GetProperty("timezone").GetString());
        Assert.Equal("Alex", configs.GetProperty("owner_name").GetString());

        await ScreenshotAsync("settings");
        // The only console line is the browser's note of the refused time zone (a 4xx the page showed).
        Assert.Collection(ConsoleErrors, e => Assert.True(RefusedRequest(e), e));
    }

    [Fact]
    public async Task A_bad_model_card_shows_the_servers_problem_and_saves_nothing()
    {
        var page = await OpenAsync("/settings");
        await page.GetByTestId("model-add").ClickAsync();
        await page.GetByTestId("model-name").FillAsync("Broken");
        await page.GetByTestId("model-id").FillAsync("m");
        await page.GetByTestId("model-base").FillAsync("ftp://example.org/v1");
        await page.GetByTestId("model-save").ClickAsync();
        await Assertions.Expect(page.GetByTestId("models-message")).ToContainTextAsync("api_base");
        Assert.DoesNotContain(await Server.App.Store.Models.ListAsync(), m => m.Name == "Broken");
        // A refused request is logged by the browser as a failed resource load; nothing else may be.
        Assert.Collection(ConsoleErrors, e => Assert.True(RefusedRequest(e), e));
    }
}
