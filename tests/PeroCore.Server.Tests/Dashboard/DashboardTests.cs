using System.Net;
using System.Text.Json;
using Microsoft.Playwright;
using PeroCore.Agent.Events;
using PeroCore.Agent.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;

namespace PeroCore.Server.Tests.Dashboard;

/// <summary>The dashboard in a real browser against the real server and the fake LLM, as its user works with it.</summary>
[Collection(BrowserCollection.Name)]
public sealed class DashboardTests(BrowserFixture browser) : DashboardTestBase(browser)
{
    [Fact]
    public async Task The_server_serves_the_app_at_the_root_and_at_client_routes_and_404s_elsewhere()
    {
        foreach (var path in new[] { "/", "/memory", "/graph/anything" })
        {
            using var response = await Server.Client.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains("<div id=\"app\">", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using var unknown = await Server.Client.GetAsync("/not-a-page");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);

        foreach (var path in new[] { "/api/timeline?limit=0", "/api/history/sessions?limit=abc" })
        {
            using var bad = await Server.Client.GetAsync(path);
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.Contains("'limit'", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_chat_streams_the_reply_and_shows_the_mood_change()
    {
        Fake.Enqueue(FakeLlmReply.Text("Hello from ", "your companion! [[[NIT", "_CALL]]]\nupdate_character_status\nmood: [START] delighted [END]\n[[[NIT_END]]]"),
            FakeLlmReply.Text("Nice to see you.")); // the turn after the tool ran
        var page = await OpenAsync("/chat");

        await page.GetByTestId("chat-input").FillAsync("Hi there");
        await page.GetByTestId("chat-input").PressAsync("Enter");

        await Assertions.Expect(page.Locator("[data-role=assistant]")).ToHaveTextAsync("Hello from your companion! Nice to see you.");
        await Assertions.Expect(page.GetByTestId("mood")).ToHaveTextAsync("delighted");
        await Assertions.Expect(page.Locator("[data-role=user]")).ToHaveTextAsync("Hi there");
        await ScreenshotAsync("chat");
        Assert.Empty(ConsoleErrors);
    }

    [Fact]
    public async Task Add_find_edit_and_delete_a_memory_with_the_score_bars()
    {
        var page = await OpenAsync("/memory");

        await page.GetByTestId("memory-add").ClickAsync();
        await page.GetByTestId("memory-content").FillAsync("The owner planted 119 tulips in garden plot 7");
        await page.GetByTestId("memory-tags").FillAsync("garden, tulips");
        await page.GetByTestId("memory-save").ClickAsync();
        var listed = page.GetByTestId("memory-list").Locator("article");
        await Assertions.Expect(listed).ToHaveCountAsync(1);
        await Assertions.Expect(listed.First).ToContainTextAsync("garden, tulips");

        await page.GetByTestId("memory-query").FillAsync("tulips in garden plot 7");
        await page.GetByTestId("memory-search").ClickAsync();
        var hit = page.GetByTestId("search-results").Locator("article").First;
        await Assertions.Expect(hit).ToContainTextAsync("119 tulips");
        await Assertions.Expect(hit.GetByTestId("score-bars").GetByRole(AriaRole.Meter)).ToHaveCountAsync(6);
        await ScreenshotAsync("memory-search");

        await listed.First.GetByTestId("memory-edit").ClickAsync();
        await page.GetByTestId("memory-content").FillAsync("The owner planted 120 tulips in garden plot 7");
        await page.GetByTestId("memory-save").ClickAsync();
        await Assertions.Expect(listed.First).ToContainTextAsync("120 tulips");
        var stored = Assert.Single(await Server.App.Store.Memories.ListAsync(new Memory.Storage.MemoryListQuery()));
        Assert.Equal("The owner planted 120 tulips in garden plot 7", stored.Content);

        page.Dialog += (_, dialog) => _ = dialog.AcceptAsync();
        await listed.First.GetByTestId("memory-delete").ClickAsync();
        await Assertions.Expect(listed).ToHaveCountAsync(0);
        Assert.Empty(await Server.App.Store.Memories.ListAsync(new Memory.Storage.MemoryListQuery()));
        Assert.Empty(ConsoleErrors);
    }

    [Fact]
    public async Task A_bad_edit_shows_the_servers_problem_and_changes_nothing()
    {
        await PostAsync("/api/memories", new { content = "Tea every morning" });
        var page = await OpenAsync("/memory");
        await page.GetByTestId("memory-list").GetByTestId("memory-edit").ClickAsync();
        await page.GetByTestId("memory-content").FillAsync("   ");
        await page.GetByTestId("memory-content").EvaluateAsync("e => e.removeAttribute('required')");
        await page.GetByTestId("memory-save").ClickAsync();

        await Assertions.Expect(page.GetByTestId("memory-error")).ToBeVisibleAsync();
        Assert.Equal("Tea every morning", Assert.Single(await Server.App.Store.Memories.ListAsync(new Memory.Storage.MemoryListQuery())).Content);
    }

    [Fact]
    public async Task The_graph_draws_memories_and_a_click_opens_one()
    {
        await PostAsync("/api/memories", new { content = "The owner's cat is called Mochiko" });
        var page = await OpenAsync("/graph");
        var canvas = page.GetByTestId("graph").Locator("canvas").First;
        await Assertions.Expect(canvas).ToBeVisibleAsync();

        // One memory: the force layout puts its node in the middle of the chart. The layout settles over a few frames.
        var box = (await page.GetByTestId("graph").BoundingBoxAsync())!;
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!await page.GetByTestId("graph-selected").IsVisibleAsync())
        {
            Assert.True(DateTime.UtcNow < deadline, "clicking the node never opened the memory");
            await page.Mouse.ClickAsync(box.X + (box.Width / 2), box.Y + (box.Height / 2));
            await Task.Delay(250);
        }

        await Assertions.Expect(page.GetByTestId("graph-selected")).ToContainTextAsync("Mochiko");
        await ScreenshotAsync("graph");
        Assert.Empty(ConsoleErrors);
    }

    [Fact]
    public async Task A_push_arriving_while_the_page_is_open_shows_an_unread_count_and_its_text()
    {
        var page = await OpenAsync("/chat");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        var publisher = Server.App.Services.GetRequiredService<IEventPublisher>();
        using var payload = JsonDocument.Parse("""{"text":"Time to water the tulips"}""");

        // The page may subscribe a moment after load: the outbox replays what it missed, so one publish is enough.
        await publisher.PublishAsync(EventKinds.Reminder, payload.RootElement.Clone());

        await Assertions.Expect(page.GetByTestId("unread")).ToHaveTextAsync("1");
        await page.GetByTestId("notifications").ClickAsync();
        await Assertions.Expect(page.GetByTestId("push-panel")).ToContainTextAsync("Time to water the tulips");
        await Assertions.Expect(page.GetByTestId("unread")).ToHaveCountAsync(0);
        await ScreenshotAsync("push");
        Assert.Empty(ConsoleErrors);
    }

    [Fact]
    public async Task Every_page_can_be_reached_with_the_keyboard()
    {
        var page = await OpenAsync("/chat");
        for (var i = 0; i < 10 && !await page.EvaluateAsync<bool>("() => document.activeElement?.textContent?.trim() === 'Memory'"); i++)
        {
            await page.Keyboard.PressAsync("Tab");
        }

        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync("**/memory");
        await Assertions.Expect(page.GetByTestId("memory-query")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task The_timeline_lists_days_and_opens_a_days_memories()
    {
        await PostAsync("/api/memories", new { content = "The owner ran 10 km along the river" });
        var page = await OpenAsync("/timeline");
        var today = DateTime.Now.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

        await page.GetByTestId("days").GetByRole(AriaRole.Button).First.ClickAsync();
        await Assertions.Expect(page.GetByTestId("day-memories")).ToContainTextAsync(today);
        await Assertions.Expect(page.GetByTestId("day-memories")).ToContainTextAsync("10 km along the river");
        await ScreenshotAsync("timeline");
        Assert.Empty(ConsoleErrors);
    }

    [Fact]
    public async Task History_shows_each_exchanges_analysis_and_runs_a_failed_one_again()
    {
        await Server.App.Store.Logs.AddAsync(
        [
            new Memory.Storage.ConversationLogEntry { SessionId = "evening", Source = "desktop", Role = "user", Content = "I start a new job on Monday", PairId = "p-ui", AnalysisStatus = "failed", LastError = "scorer down" },
            new Memory.Storage.ConversationLogEntry { SessionId = "evening", Source = "desktop", Role = "assistant", Content = "Good luck!", PairId = "p-ui", AnalysisStatus = "failed", LastError = "scorer down" },
        ]);
        var page = await OpenAsync("/history");

        await page.GetByTestId("sessions").GetByRole(AriaRole.Button, new() { Name = "evening" }).ClickAsync();
        var entries = page.GetByTestId("entries").Locator("article");
        await Assertions.Expect(entries).ToHaveCountAsync(2);
        await Assertions.Expect(entries.First).ToContainTextAsync("scorer down");
        await ScreenshotAsync("history");

        await entries.First.GetByTestId("retry-analysis").ClickAsync();
        await Assertions.Expect(entries.First.Locator("[data-status]")).ToHaveTextAsync("pending");
        Assert.All(await Server.App.Store.Logs.GetPairAsync("p-ui"), r => Assert.Equal("pending", r.AnalysisStatus));
        Assert.Empty(ConsoleErrors);
    }

    [Fact]
    public async Task Run_the_secretary_see_its_changes_and_undo_them()
    {
        var ids = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add((await Server.App.Engine.AddAsync(new Memory.Storage.NewMemory
            {
                Content = $"Note {i}: the owner mentioned the weather was {(i == 0 ? "asdf qwerty zxcv" : "sunny")}", Type = "interaction_summary",
                Timestamp = DateTimeOffset.UtcNow.AddHours(-5 + i),
            })).Id);
        }

        // The audit step archives the garbage note; every other step is answered with an empty object (nothing to do).
        Fake.DefaultReply = FakeLlmReply.Text("{}");
        Fake.Responder = request => !request.IsStream && request.Messages.GetArrayLength() > 0 &&
            TextOf(request.Messages[0]).Contains("You audit the long-term memory", StringComparison.Ordinal)
                ? FakeLlmReply.Text($$"""{"archive":[{{ids[0]}}]}""")
                : null;
        var page = await OpenAsync("/maintenance");

        await page.GetByTestId("maintenance-run").ClickAsync();
        var change = page.GetByTestId("maintenance-change");
        await Assertions.Expect(change).ToHaveCountAsync(1, new() { Timeout = 30_000 });
        await Assertions.Expect(change).ToContainTextAsync("asdf qwerty zxcv");
        await Assertions.Expect(change).ToHaveAttributeAsync("data-op", "archive");
        Assert.NotNull((await Server.App.Store.Memories.GetAsync(ids[0]))!.ArchivedAt);
        await ScreenshotAsync("maintenance");

        page.Dialog += (_, dialog) => _ = dialog.AcceptAsync();
        await page.GetByTestId("maintenance-undo").ClickAsync();
        await Assertions.Expect(page.GetByTestId("maintenance-undo")).ToHaveCountAsync(0);
        Assert.Null((await Server.App.Store.Memories.GetAsync(ids[0]))!.ArchivedAt);
        Assert.Empty(ConsoleErrors);
    }

    [Fact]
    public async Task A_memorys_changes_are_listed_and_a_revert_puts_the_old_text_back()
    {
        var memory = await PostAsync("/api/memories", new { content = "The owner's bike is blue" });
        var id = memory.GetProperty("id").GetInt64();
        using (var patch = await Server.Client.PatchAsync($"/api/memories/{id}",
            new StringContent("""{"content":"The owner's bike is red"}""", System.Text.Encoding.UTF8, "application/json")))
        {
            patch.EnsureSuccessStatusCode();
        }

        var page = await OpenAsync("/memory");
        await page.GetByTestId("memory-list").GetByTestId("memory-history-toggle").ClickAsync();
        var history = page.GetByTestId("memory-history");
        await Assertions.Expect(history.Locator("[data-op=update]")).ToContainTextAsync("The owner's bike is blue");
        await ScreenshotAsync("memory-history");

        await history.Locator("[data-op=update]").GetByTestId("revert").ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Reverted.");
        await Assertions.Expect(page.GetByTestId("memory-list").Locator("article > div").First).ToHaveTextAsync("The owner's bike is blue");
        Assert.Equal("The owner's bike is blue", (await Server.App.Store.Memories.GetAsync(id))!.Content);
        Assert.Empty(ConsoleErrors);
    }
}
