using Microsoft.Playwright;
using PeroCore.Agent.Tests.Fakes;
using PeroCore.Memory.History;
using PeroCore.Memory.Storage;

namespace PeroCore.Server.Tests.Dashboard;

/// <summary>The memory filters, export and import, the recall activation on the graph, and maintenance progress, in a real browser.</summary>
[Collection(BrowserCollection.Name)]
public sealed class DashboardMemoryTests(BrowserFixture browser) : DashboardTestBase(browser)
{
    private async Task<long> AddAsync(string content, string type, params string[] tags) =>
        (await Server.App.Engine.AddAsync(new NewMemory { Content = content, Type = type, Tags = tags })).Id;

    [Fact]
    public async Task Filter_the_list_and_the_search_by_tag_type_and_archived()
    {
        await AddAsync("Tea with lemon every morning", "preference", "tea", "morning");
        await AddAsync("Coffee on Mondays before work", "event", "coffee");
        var old = await AddAsync("An old note about green tea", "event", "tea");
        await Server.App.Engine.ArchiveAsync(old, ChangeOrigin.Api);
        var page = await OpenAsync("/memory");
        var listed = page.GetByTestId("memory-list").Locator("article");
        await Assertions.Expect(listed).ToHaveCountAsync(2);

        await page.GetByTestId("filter-tags").FillAsync("tea");
        await page.GetByTestId("filter-apply").ClickAsync();
        await Assertions.Expect(listed).ToHaveCountAsync(1);
        await Assertions.Expect(listed.First).ToContainTextAsync("Tea with lemon");

        await page.GetByTestId("filter-archived").SelectOptionAsync("include");
        await page.GetByTestId("filter-apply").ClickAsync();
        await Assertions.Expect(listed).ToHaveCountAsync(2);

        await page.GetByTestId("filter-archived").SelectOptionAsync("only");
        await page.GetByTestId("filter-apply").ClickAsync();
        await Assertions.Expect(listed).ToHaveCountAsync(1);
        await Assertions.Expect(listed.First).ToContainTextAsync("An old note about green tea");
        await Assertions.Expect(listed.First).ToContainTextAsync("archived");

        // The search takes the same filters: only the archived tea note.
        await page.GetByTestId("memory-query").FillAsync("green tea");
        await page.GetByTestId("memory-search").ClickAsync();
        var hits = page.GetByTestId("search-results").Locator("article");
        await Assertions.Expect(hits).ToHaveCountAsync(1);
        await Assertions.Expect(hits.First).ToContainTextAsync("An old note about green tea");
        await ScreenshotAsync("memory-filters");

        await page.GetByTestId("filter-clear").ClickAsync();
        await page.GetByTestId("filter-type").FillAsync("event");
        await page.GetByTestId("filter-apply").ClickAsync();
        await Assertions.Expect(listed).ToHaveCountAsync(1);
        await Assertions.Expect(listed.First).ToContainTextAsync("Coffee on Mondays");
        Assert.Empty(ConsoleErrors);
    }

    [Fact]
    public async Task More_pages_follow_the_cursor_without_repeating_a_memory()
    {
        var start = DateTimeOffset.UtcNow.AddHours(-2);
        await Server.App.Engine.ImportAsync(Enumerable.Range(0, 57).Select(i => new NewMemory { Content = $"Paged memory {i:00}", Timestamp = start.AddSeconds(i / 3) }).ToList());
        var page = await OpenAsync("/memory");
        var listed = page.GetByTestId("memory-list").Locator("article");
        await Assertions.Expect(listed).ToHaveCountAsync(50);
        await page.GetByTestId("memory-more").ClickAsync();
        await Assertions.Expect(listed).ToHaveCountAsync(57);
        await Assertions.Expect(page.GetByTestId("memory-more")).ToHaveCountAsync(0);
        var ids = await listed.EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.memoryId)");
        Assert.Equal(57, ids.Distinct().Count());
        Assert.Empty(ConsoleErrors);
    }

    [Fact]
    public async Task Export_then_import_the_file_into_a_fresh_server_and_see_the_memories()
    {
        await AddAsync("The owner's sister lives in Lisbon", "fact", "family");
        await AddAsync("The owner learns the cello on Thursdays", "event", "music");
        var page = await OpenAsync("/memory");
        await Assertions.Expect(page.GetByTestId("memory-list").Locator("article")).ToHaveCountAsync(2);

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("memory-export").ClickAsync());
        Assert.EndsWith(".jsonl", download.SuggestedFilename, StringComparison.Ordinal);
        var file = Path.Combine(Path.GetTempPath(), $"perocore-ui-export-{Guid.NewGuid():N}.jsonl");
        var bad = Path.Combine(Path.GetTempPath(), $"perocore-ui-bad-{Guid.NewGuid():N}.jsonl");
        try
        {
            await download.SaveAsAsync(file);
            Assert.Contains("Lisbon", await File.ReadAllTextAsync(file), StringComparison.Ordinal);

            await using var fresh = await ServerFixture.StartAsync("--Agent:ScorerEnabled=false");
            await page.GotoAsync(fresh.Client.BaseAddress!.ToString().TrimEnd('/') + "/memory");
            var listed = page.GetByTestId("memory-list").Locator("article");
            await Assertions.Expect(page.GetByTestId("memory-list")).ToContainTextAsync("No memories yet.");

            await page.GetByTestId("memory-import").SetInputFilesAsync(file);
            await Assertions.Expect(page.GetByTestId("import-summary")).ToContainTextAsync("Imported");
            await Assertions.Expect(listed).ToHaveCountAsync(2);
            await Assertions.Expect(page.GetByTestId("memory-list")).ToContainTextAsync("Lisbon");
            await Assertions.Expect(page.GetByTestId("memory-list")).ToContainTextAsync("cello");
            Assert.Equal(2, (await fresh.App.Store.Memories.ListAsync(new MemoryListQuery())).Count);
            await ScreenshotAsync("memory-import");

            // A file with a bad line: the good line is written and the bad one is named with its line number.
            await File.WriteAllTextAsync(bad, "{\"content\":\"The owner bought a red kite\"}\n{not json\n");
            await page.GetByTestId("memory-import").SetInputFilesAsync(bad);
            await Assertions.Expect(page.GetByTestId("import-errors")).ToContainTextAsync("line 2:");
            await Assertions.Expect(page.GetByTestId("import-summary")).ToContainTextAsync("1 written");
            await Assertions.Expect(listed).ToHaveCountAsync(3);
        }
        finally
        {
            File.Delete(file);
            File.Delete(bad);
        }

        // The partial import answers 422 (its report is the body), which the browser logs; nothing else may be.
        Assert.All(ConsoleErrors, e => Assert.Contains("422", e, StringComparison.Ordinal));
        Assert.Single(ConsoleErrors);
    }

    [Fact]
    public async Task A_graph_query_highlights_the_activated_memories_and_loads_those_out_of_view()
    {
        // The graph view loads the 300 newest memories; the anchor is older than all of them.
        var anchor = (await Server.App.Engine.AddAsync(new NewMemory { Content = "Miso the tabby cat sleeps on the windowsill", Timestamp = DateTimeOffset.UtcNow.AddDays(-30) })).Id;
        var fresh = DateTimeOffset.UtcNow.AddDays(-1);
        await Server.App.Engine.ImportAsync(Enumerable.Range(0, 305).Select(i => new NewMemory { Content = $"Filler entry {i} about the weekly shopping list", Timestamp = fresh.AddSeconds(i) }).ToList());
        var page = await OpenAsync("/graph");
        var graph = page.GetByTestId("graph");
        await Assertions.Expect(graph).ToHaveAttributeAsync("data-node-count", "300");

        await page.GetByTestId("graph-query").FillAsync("Miso the tabby cat");
        await page.GetByTestId("graph-activate").ClickAsync();
        var activated = page.GetByTestId("activation").Locator($"li[data-memory-id='{anchor}']");
        await Assertions.Expect(activated).ToHaveAttributeAsync("data-kind", "candidate");
        var highlighted = (await graph.GetAttributeAsync("data-highlighted"))!.Split(',');
        Assert.Contains(anchor.ToString(System.Globalization.CultureInfo.InvariantCulture), highlighted);
        // The anchor was not in the view: it was added to the graph.
        Assert.True(int.Parse((await graph.GetAttributeAsync("data-node-count"))!, System.Globalization.CultureInfo.InvariantCulture) > 300);
        await ScreenshotAsync("graph-activation");

        await activated.GetByRole(AriaRole.Button).ClickAsync();
        await Assertions.Expect(page.GetByTestId("graph-selected")).ToContainTextAsync("Miso the tabby cat");
        Assert.Empty(ConsoleErrors);
    }

    [Fact]
    public async Task Maintenance_progress_shows_while_a_run_waits_on_the_llm_and_the_button_is_disabled()
    {
        for (var i = 0; i < 5; i++)
        {
            await Server.App.Engine.AddAsync(new NewMemory
            {
                Content = $"Note {i}: the owner mentioned the weather was sunny", Type = "interaction_summary", Timestamp = DateTimeOffset.UtcNow.AddHours(-5 + i),
            });
        }

        // Every secretary call waits until the test lets it go: the run is seen in progress, deterministically.
        using var gate = new ManualResetEventSlim(false);
        var asked = 0;
        Fake.Responder = request =>
        {
            if (!request.IsStream)
            {
                Interlocked.Increment(ref asked);
                gate.Wait(TimeSpan.FromMinutes(2));
            }

            return FakeLlmReply.Text("{}");
        };
        var page = await OpenAsync("/maintenance");
        await Assertions.Expect(page.GetByTestId("maintenance-records")).ToContainTextAsync("No runs yet.");
        try
        {
            await page.GetByTestId("maintenance-run").ClickAsync();
            var progress = page.GetByTestId("maintenance-progress");
            await Assertions.Expect(progress).ToBeVisibleAsync(new() { Timeout = 30_000 });
            await Assertions.Expect(page.GetByTestId("maintenance-step")).ToContainTextAsync(new System.Text.RegularExpressions.Regex(@"Step \d+ of \d+"));
            await Assertions.Expect(page.GetByTestId("maintenance-current")).Not.ToBeEmptyAsync();
            await Assertions.Expect(page.GetByTestId("maintenance-run")).ToBeDisabledAsync();

            // A second run asked meanwhile (another client) is refused with 409.
            using var second = await Server.Client.PostAsync("/api/maintenance/run", null);
            Assert.Equal(System.Net.HttpStatusCode.Conflict, second.StatusCode);
            await ScreenshotAsync("maintenance-progress");
        }
        finally
        {
            gate.Set();
        }

        await Assertions.Expect(page.GetByTestId("maintenance-progress")).ToHaveCountAsync(0, new() { Timeout = 30_000 });
        await Assertions.Expect(page.GetByTestId("maintenance-run")).ToBeEnabledAsync();
        await Assertions.Expect(page.GetByTestId("maintenance-detail")).ToContainTextAsync("completed");
        Assert.True(asked > 0);
        Assert.Empty(ConsoleErrors);
    }
}
