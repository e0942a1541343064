using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PeroCore.Agent.Terminal;
using PeroCore.Agent.Tests.Fakes;
using PeroCore.Nit.Tools;

namespace PeroCore.Server.Tests.Dashboard;

/// <summary>The terminal tool's confirmation prompts in the dashboard: approved from the dialog; one answered elsewhere first is a 409 the page explains.</summary>
[Collection(BrowserCollection.Name)]
public sealed class DashboardConfirmationTests(BrowserFixture browser) : DashboardTestBase(browser)
{
    protected override string[] ServerArgs => [.. base.ServerArgs, "--Tools:Terminal:Enabled=true", "--Tools:Terminal:ConfirmationTimeoutSeconds=300"];

    [Fact]
    public async Task A_command_the_companion_asks_for_runs_once_approved_in_the_dialog()
    {
        Fake.Enqueue(
            FakeLlmReply.Text("Let me check. [[[NIT_CALL]]]\nrun_terminal_command\ncommand: [START] printf terminal-ran-42 [END]\n[[[NIT_END]]]"),
            FakeLlmReply.Text("The command printed it."));
        var page = await OpenAsync("/chat");
        await page.GetByTestId("chat-input").FillAsync("Please run the check");
        await page.GetByTestId("chat-send").ClickAsync();

        var dialog = page.GetByTestId("confirmation");
        await Assertions.Expect(dialog).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("confirmation-command")).ToHaveTextAsync("printf terminal-ran-42");
        await Assertions.Expect(page.GetByTestId("confirmation-tool")).ToHaveTextAsync(TerminalToolSource.ToolName);
        await Assertions.Expect(page.GetByTestId("confirmation-countdown")).ToContainTextAsync(" s.");
        Assert.NotEmpty(await page.GetByTestId("confirmation-risk").InnerTextAsync());
        await ScreenshotAsync("confirmation");

        await page.GetByTestId("confirmation-approve").ClickAsync();
        await Assertions.Expect(dialog).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("[data-role=assistant]")).ToContainTextAsync("The command printed it.");
        // The command ran: its output went back to the model.
        Assert.Contains(Roles(StreamRequests[^1]), m => m.Text.Contains("terminal-ran-42", StringComparison.Ordinal) && m.Text.Contains("Exit code 0", StringComparison.Ordinal));
        Assert.Empty(ConsoleErrors);
    }

    [Fact]
    public async Task A_request_answered_elsewhere_first_is_explained_and_leaves_the_dialog()
    {
        var page = await OpenAsync("/chat");
        await Assertions.Expect(page.GetByTestId("chat-input")).ToBeVisibleAsync();
        var registry = Server.App.Services.GetRequiredService<NitToolRegistry>();
        var call = registry.InvokeAsync(TerminalToolSource.ToolName, new Dictionary<string, object?> { ["command"] = "touch", ["args"] = new List<object?> { "never-made" } }).AsTask();

        await Assertions.Expect(page.GetByTestId("confirmation")).ToBeVisibleAsync();
        var id = (await GetJsonAsync("/api/confirmations"))[0].GetProperty("id").GetString()!;
        await PostAsync($"/api/confirmations/{id}", new { approved = false });
        Assert.False((await call).IsSuccess);

        await page.GetByTestId("confirmation-approve").ClickAsync();
        await Assertions.Expect(page.GetByTestId("confirmation")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByTestId("confirmation-notice")).ToContainTextAsync("already answered");
        Assert.False(File.Exists(Path.Combine(Server.DataPath, "workspace", "never-made")));
        Assert.Collection(ConsoleErrors, e => Assert.Contains("409", e, StringComparison.Ordinal));
    }
}
