using Microsoft.Playwright;
using PeroCore.Agent.Tests.Fakes;

namespace PeroCore.Server.Tests.Dashboard;

/// <summary>The status page's queues while the scorer waits on a slow LLM, with the scorer on.</summary>
[Collection(BrowserCollection.Name)]
public sealed class DashboardStatusTests(BrowserFixture browser) : DashboardTestBase(browser)
{
    protected override string[] ServerArgs => ["--Agent:ScorerEnabled=true", "--Llm:MaxRetries=0"];

    [Fact]
    public async Task The_status_page_shows_the_scorer_queue_while_it_waits_and_empty_after()
    {
        // The scorer's (non-streamed) call waits until the test lets it go; the chat's streamed reply does not.
        using var gate = new ManualResetEventSlim(false);
        var scorerAsked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Fake.Responder = request =>
        {
            if (request.IsStream)
            {
                return FakeLlmReply.Text("Noted, see you tomorrow.");
            }

            scorerAsked.TrySetResult();
            gate.Wait(TimeSpan.FromMinutes(2));
            return FakeLlmReply.Text("""{"importance":1,"memories":[]}""");
        };
        try
        {
            var chat = await ChatAsync("I will visit my grandmother in Porto tomorrow");
            Assert.True(chat.Done);
            await scorerAsked.Task.WaitAsync(TimeSpan.FromMinutes(1));

            var page = await OpenAsync("/status");
            var scorer = page.GetByTestId("queues").Locator("[data-queue=scorer]");
            await Assertions.Expect(scorer).ToHaveAttributeAsync("data-waiting", "1");
            await Assertions.Expect(page.GetByTestId("queues")).ToHaveAttributeAsync("data-idle", "false");
            await ScreenshotAsync("status-queues-busy");
            gate.Set();

            // The page refreshes by itself: the queue drains without a reload.
            await Assertions.Expect(scorer).ToHaveAttributeAsync("data-waiting", "0", new() { Timeout = 30_000 });
            await Assertions.Expect(page.GetByTestId("queues")).ToHaveAttributeAsync("data-idle", "true", new() { Timeout = 30_000 });
            await ScreenshotAsync("status-queues-idle");
            Assert.Empty(ConsoleErrors);
        }
        finally
        {
            gate.Set();
        }
    }
}
