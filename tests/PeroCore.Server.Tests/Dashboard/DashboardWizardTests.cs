using Microsoft.Playwright;
using PeroCore.Agent.Tests.Fakes;

namespace PeroCore.Server.Tests.Dashboard;

/// <summary>The first-run wizard from an empty data folder (no model card, no <c>Llm:</c> default) to a first streamed reply.</summary>
[Collection(BrowserCollection.Name)]
public sealed class DashboardWizardTests(BrowserFixture browser) : DashboardTestBase(browser)
{
    protected override bool ConfigureLlm => false;

    [Fact]
    public async Task The_wizard_connects_a_local_llm_tests_it_and_lands_on_chat_with_a_first_message()
    {
        var page = await OpenAsync("/");
        await Assertions.Expect(page.GetByTestId("wizard")).ToBeVisibleAsync();
        Assert.EndsWith("/welcome", page.Url, StringComparison.Ordinal);
        await ScreenshotAsync("wizard-start");

        await page.GetByTestId("wizard-local").ClickAsync();
        Assert.Equal("http://127.0.0.1:11434/v1", await page.GetByTestId("wizard-base").InputValueAsync());

        // Nothing listens there: the test says so in words.
        await page.GetByTestId("wizard-base").FillAsync("http://127.0.0.1:9/v1");
        await page.GetByTestId("wizard-model").FillAsync("fake-model");
        await page.GetByTestId("wizard-test").ClickAsync();
        await Assertions.Expect(page.GetByTestId("wizard-test-result")).ToContainTextAsync("127.0.0.1:9");

        await page.GetByTestId("wizard-base").FillAsync(Fake.BaseUrlV1);
        Fake.Enqueue(FakeLlmReply.Text("OK"));
        await page.GetByTestId("wizard-test").ClickAsync();
        await Assertions.Expect(page.GetByTestId("wizard-test-result")).ToContainTextAsync("“OK”");
        var test = Fake.ChatRequests[^1];
        Assert.Equal("fake-model", test.Body!.Value.GetProperty("model").GetString());
        Assert.Null(test.Header("Authorization")); // a local server gets no key
        await ScreenshotAsync("wizard-endpoint");

        await page.GetByTestId("wizard-next").ClickAsync();
        await page.GetByTestId("wizard-owner").FillAsync("Alex");
        await page.GetByTestId("wizard-language").SelectOptionAsync("en");
        await page.GetByTestId("wizard-finish").ClickAsync();

        await Assertions.Expect(page.GetByTestId("chat-input")).ToHaveValueAsync("Hello! I’m Alex. Nice to meet you.");
        var configs = await GetJsonAsync("/api/configs");
        Assert.Equal("true", configs.GetProperty("dashboard_setup_done").GetString());
        Assert.Equal("Alex", configs.GetProperty("owner_name").GetString());
        Assert.Equal("en", configs.GetProperty("prompt_language").GetString());
        var card = Assert.Single(await Server.App.Store.Models.ListAsync());
        Assert.Equal(card.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), configs.GetProperty("current_model_id").GetString());
        Assert.Equal(Fake.BaseUrlV1, card.ApiBase);
        Assert.Equal("custom", card.ProviderType);

        Fake.Enqueue(FakeLlmReply.Text("Nice to meet you ", "too, Alex!"));
        await page.GetByTestId("chat-send").ClickAsync();
        await Assertions.Expect(page.Locator("[data-role=assistant]")).ToHaveTextAsync("Nice to meet you too, Alex!");
        Assert.Contains("Alex", SystemPrompt(StreamRequests[^1]), StringComparison.Ordinal);
        await ScreenshotAsync("wizard-first-reply");

        // Done: the wizard is not offered again.
        await page.GotoAsync(BaseUrl + "/");
        await Assertions.Expect(page.GetByTestId("chat-input")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("wizard")).ToHaveCountAsync(0);
        Assert.EndsWith("/chat", page.Url, StringComparison.Ordinal);
        Assert.Empty(ConsoleErrors);
    }
}
