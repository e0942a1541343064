using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using PeroCore.Agent.Tests.Fakes;
using PeroCore.Memory.Storage;
using PeroCore.Server.Tests.Realtime;

namespace PeroCore.Server.Tests.Scheduling;

/// <summary>Reminders and topics delivered exactly once, with a fake LLM and a fake scheduler clock.</summary>
public sealed class SchedulerDeliveryTests
{
    private static string LastMessageText(FakeLlmRequest request)
    {
        var last = request.Messages.EnumerateArray().Last();
        return last.GetProperty("role").GetString() + ": " + last.GetProperty("content").GetString();
    }

    private static async Task ChatAsync(SchedulerHost host, string text)
    {
        var json = JsonSerializer.Serialize(new { messages = new[] { new { role = "user", content = text } }, sessionId = "default" });
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await host.Client.PostAsync("/api/chat", content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("\"error\"", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_reminder_set_through_NIT_is_delivered_once_at_its_time_to_an_events_client_and_to_history()
    {
        await using var host = await SchedulerHost.StartAsync();
        host.Fake!.Enqueue(
            FakeLlmReply.Text("""Sure! <nit>add_reminder(time="in 10 minutes", content="drink water")</nit>"""),
            FakeLlmReply.Text("I'll remind you in ten minutes."));
        await ChatAsync(host, "remind me to drink water in 10 minutes");

        var created = Assert.Single(await host.AllTasksAsync());
        var id = created.GetProperty("id").GetInt64();
        Assert.Equal("drink water", created.GetProperty("content").GetString());
        Assert.Equal("pending", created.GetProperty("status").GetString());
        Assert.Equal(host.Clock.GetUtcNow().AddMinutes(10), DateTimeOffset.Parse(created.GetProperty("time").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
        // The tool's answer reached the model in the second turn.
        Assert.Contains("Reminder " + id, LastMessageText(host.Fake.ChatRequests[1]), StringComparison.Ordinal);

        await using var sse = await SseClient.ConnectAsync(host.Client);
        host.Fake.Enqueue(FakeLlmReply.Text("Hey, time to drink some water!"));

        // Nine minutes on: not due yet, whoever ticks.
        host.Clock.Advance(TimeSpan.FromMinutes(9));
        host.Scheduler.Wake();
        Assert.Equal(0, await host.Scheduler.TickAsync());
        Assert.Equal("pending", Assert.Single(await host.AllTasksAsync()).GetProperty("status").GetString());

        // Its time: the background scheduler delivers it.
        host.Clock.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));
        host.Scheduler.Wake();
        var pushed = Assert.Single(await sse.ReadAsync(1));
        Assert.Equal("reminder", pushed.Kind);
        Assert.Equal("Hey, time to drink some water!", pushed.Data.GetProperty("text").GetString());
        Assert.Equal("drink water", pushed.Data.GetProperty("content").GetString());
        Assert.Equal(id, pushed.Data.GetProperty("task_id").GetInt64());
        Assert.False(pushed.Data.GetProperty("late").GetBoolean());
        Assert.True(pushed.Data.GetProperty("generated").GetBoolean());

        // The turn carried the reminder instruction as the last system message.
        var turn = host.Fake.ChatRequests[^1];
        var instruction = LastMessageText(turn);
        Assert.StartsWith("system: [Scheduler notice: Pero", instruction, StringComparison.Ordinal);
        Assert.Contains("drink water", instruction, StringComparison.Ordinal);

        var settled = await host.WaitSettledAsync(id);
        Assert.Equal("delivered", settled.GetProperty("status").GetString());
        Assert.Equal("scheduler", settled.GetProperty("delivered_via").GetString());
        Assert.True(settled.GetProperty("is_triggered").GetBoolean());
        Assert.Equal(1, settled.GetProperty("attempts").GetInt32());
        Assert.Empty((await host.GetJsonAsync("/api/tasks")).EnumerateArray());

        var history = await host.HistoryAsync();
        Assert.Equal(2, history.Count);
        Assert.Equal("system", history[0].GetProperty("role").GetString());
        Assert.StartsWith("【系统触发】", history[0].GetProperty("content").GetString(), StringComparison.Ordinal);
        Assert.Equal("Hey, time to drink some water!", history[1].GetProperty("content").GetString());

        // Never twice: more ticks, the legacy poll and the events channel all agree.
        Assert.Equal(0, await host.Scheduler.TickAsync());
        Assert.Empty((await host.PostAsync("/api/tasks/check", new { })).GetProperty("prompts").EnumerateArray());
        Assert.Single(await host.EventsAsync("reminder"));
        Assert.Equal(3, host.Fake.ChatRequests.Count);
    }

    [Fact]
    public async Task Two_scheduler_ticks_and_a_legacy_poll_racing_deliver_each_task_once()
    {
        await using var host = await SchedulerHost.StartAsync();
        host.Fake!.DefaultReply = FakeLlmReply.Text("Reminder time!");
        var ids = new List<long>();
        for (var round = 0; round < 5; round++)
        {
            var created = await host.PostAsync("/api/tasks", new { type = "reminder", time = "in 1 minute", content = $"stretch {round}" });
            var id = created.GetProperty("id").GetInt64();
            ids.Add(id);
            host.Clock.Advance(TimeSpan.FromMinutes(1));

            var racers = await Task.WhenAll(
                host.Scheduler.TickAsync(),
                host.Scheduler.TickAsync(),
                PollCountAsync(host));
            await host.WaitSettledAsync(id);

            var pushes = (await host.EventsAsync("reminder")).Count(e => e.GetProperty("task_id").GetInt64() == id);
            var polled = racers[2];
            Assert.Equal(1, pushes + polled);
            var task = (await host.AllTasksAsync()).Single(t => t.GetProperty("id").GetInt64() == id);
            Assert.Equal("delivered", task.GetProperty("status").GetString());
            Assert.Equal(polled == 1 ? "poll" : "scheduler", task.GetProperty("delivered_via").GetString());
            Assert.Equal(1, task.GetProperty("attempts").GetInt32());
        }

        // Every exchange logged once per scheduler delivery.
        var delivered = (await host.AllTasksAsync()).Count(t => t.GetProperty("delivered_via").GetString() == "scheduler");
        Assert.Equal(delivered * 2, (await host.HistoryAsync()).Count);
    }

    private static async Task<int> PollCountAsync(SchedulerHost host)
    {
        using var response = await host.Client.PostAsync("/api/tasks/check", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return body.GetProperty("prompts").GetArrayLength();
    }

    [Fact]
    public async Task A_task_due_while_the_server_was_down_is_delivered_once_after_the_restart_marked_late()
    {
        await using var host = await SchedulerHost.StartAsync();
        var created = await host.PostAsync("/api/tasks", new { type = "reminder", time = "in 10 minutes", content = "call mum" });
        var id = created.GetProperty("id").GetInt64();
        await host.StopServerAsync();

        host.Clock.Advance(TimeSpan.FromMinutes(30));
        host.Fake!.Enqueue(FakeLlmReply.Text("Sorry I'm late: remember to call your mum!"));
        await host.StartServerAsync();
        await using var sse = await SseClient.ConnectAsync(host.Client);
        host.Scheduler.Wake();

        var pushed = Assert.Single(await sse.ReadAsync(1));
        Assert.Equal("reminder", pushed.Kind);
        Assert.True(pushed.Data.GetProperty("late").GetBoolean());
        Assert.Equal(id, pushed.Data.GetProperty("task_id").GetInt64());
        Assert.Contains("while the server was not running", LastMessageText(host.Fake.ChatRequests[^1]), StringComparison.Ordinal);

        var settled = await host.WaitSettledAsync(id);
        Assert.True(settled.GetProperty("late").GetBoolean());
        Assert.Equal("delivered", settled.GetProperty("status").GetString());

        // A second restart delivers nothing more.
        await host.StopServerAsync();
        host.Clock.Advance(TimeSpan.FromMinutes(5));
        await host.StartServerAsync();
        Assert.Equal(0, await host.Scheduler.TickAsync());
        Assert.Single(await host.EventsAsync("reminder"));
        Assert.Equal(2, (await host.HistoryAsync()).Count);
    }

    [Fact]
    public async Task A_task_left_claimed_by_a_stopped_process_is_delivered_after_the_restart()
    {
        await using var host = await SchedulerHost.StartAsync(worker: false);
        var created = await host.PostAsync("/api/tasks", new { type = "reminder", time = "in 1 minute", content = "feed the cat" });
        host.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Single(await host.Store.ScheduledTasks.ClaimDueAsync(host.Clock.GetUtcNow())); // claimed, then the process "dies"
        await host.StopServerAsync();

        host.Fake!.Enqueue(FakeLlmReply.Text("The cat is hungry!"));
        await host.StartServerAsync();
        var settled = await host.WaitSettledAsync(created.GetProperty("id").GetInt64());
        Assert.Equal("delivered", settled.GetProperty("status").GetString());
        Assert.Equal("The cat is hungry!", Assert.Single(await host.EventsAsync("reminder")).GetProperty("text").GetString());
    }

    [Fact]
    public async Task A_failing_delivery_is_retried_with_backoff_then_delivered_in_its_own_words_with_the_error()
    {
        await using var host = await SchedulerHost.StartAsync(worker: false, extra: ["--Scheduler:MaxAttempts=3", "--Scheduler:RetrySeconds=30"]);
        host.Fake!.DefaultReply = FakeLlmReply.Error(HttpStatusCode.InternalServerError, """{"error":{"message":"upstream exploded"}}""");
        var created = await host.PostAsync("/api/tasks", new { type = "reminder", time = "in 1 minute", content = "take the pills" });
        var id = created.GetProperty("id").GetInt64();
        host.Clock.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal(0, await host.Scheduler.TickAsync());
        var first = Assert.Single(await host.AllTasksAsync());
        Assert.Equal("pending", first.GetProperty("status").GetString());
        Assert.Equal(1, first.GetProperty("attempts").GetInt32());
        Assert.False(string.IsNullOrEmpty(first.GetProperty("last_error").GetString()));
        Assert.False(first.GetProperty("is_triggered").GetBoolean());
        Assert.NotNull(first.GetProperty("next_attempt_at").GetString());
        Assert.Single((await host.GetJsonAsync("/api/tasks")).EnumerateArray()); // still shown as pending

        // Backoff: nothing is tried again before the retry time (30 s, then 60 s).
        Assert.Equal(0, await host.Scheduler.TickAsync());
        Assert.Single(host.Fake.ChatRequests);
        host.Clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(0, await host.Scheduler.TickAsync());
        Assert.Equal(2, host.Fake.ChatRequests.Count);
        host.Clock.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal(0, await host.Scheduler.TickAsync());
        Assert.Equal(2, host.Fake.ChatRequests.Count);
        host.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, await host.Scheduler.TickAsync()); // the last attempt fails, and the fallback is delivered
        Assert.Equal(3, host.Fake.ChatRequests.Count);

        // After the last attempt the owner still gets the reminder, in its own words, and the task keeps the error.
        var delivered = Assert.Single(await host.AllTasksAsync());
        Assert.Equal("delivered", delivered.GetProperty("status").GetString());
        Assert.Equal(3, delivered.GetProperty("attempts").GetInt32());
        Assert.Contains("500", delivered.GetProperty("last_error").GetString(), StringComparison.Ordinal);
        Assert.True(delivered.GetProperty("is_triggered").GetBoolean());
        var pushed = Assert.Single(await host.EventsAsync("reminder"));
        Assert.Equal("Reminder: take the pills", pushed.GetProperty("text").GetString());
        Assert.False(pushed.GetProperty("generated").GetBoolean());
        Assert.Contains("500", pushed.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(id, pushed.GetProperty("task_id").GetInt64());

        // Delivered once: later ticks neither call the model nor push again.
        host.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(0, await host.Scheduler.TickAsync());
        Assert.Equal(3, host.Fake.ChatRequests.Count);
        Assert.Single(await host.EventsAsync("reminder"));
    }

    [Fact]
    public async Task A_failed_task_given_a_new_time_is_pending_again_and_delivered()
    {
        await using var host = await SchedulerHost.StartAsync(llm: false, worker: false, extra: ["--Scheduler:MaxAttempts=1"]);
        var created = await host.PostAsync("/api/tasks", new { type = "reminder", time = "in 1 minute", content = "call mum" });
        var id = created.GetProperty("id").GetInt64();
        await host.MarkFailedAsync(id);
        using var patch = await host.Client.PatchAsJsonAsync($"/api/tasks/{id}", new { time = "in 5 minutes" });
        Assert.Equal(HttpStatusCode.OK, patch.StatusCode);
        var again = await patch.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("pending", again.GetProperty("status").GetString());
        Assert.Equal(0, again.GetProperty("attempts").GetInt32());
        host.Clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(1, await host.Scheduler.TickAsync());
    }

    [Fact]
    public async Task The_owner_starting_a_chat_voids_pending_reactions_but_not_reminders_or_topics()
    {
        await using var host = await SchedulerHost.StartAsync(worker: false);
        // Reactions are the companion's own decisions (the scheduling tool); the REST route refuses them.
        await host.Store.ScheduledTasks.InsertAsync(new ScheduledTaskRecord { Type = "reaction", Time = host.Clock.GetUtcNow().AddMinutes(30), Content = "ask whether they ate" });
        await host.PostAsync("/api/tasks", new { type = "reminder", time = "in 30 minutes", content = "pills" });
        await host.PostAsync("/api/tasks", new { type = "topic", time = "in 30 minutes", content = "the trip" });
        Assert.Equal(3, (await host.AllTasksAsync()).Count);

        host.Fake!.Enqueue(FakeLlmReply.Text("Hello!"));
        await ChatAsync(host, "hi, I'm back");

        Assert.Equal(["reminder", "topic"], (await host.AllTasksAsync()).Select(t => t.GetProperty("type").GetString()).Order());
    }

    [Fact]
    public async Task Without_an_LLM_a_reminder_is_still_delivered_in_its_own_words_and_marked_so()
    {
        await using var host = await SchedulerHost.StartAsync(llm: false, worker: false);
        await host.PostAsync("/api/tasks", new { type = "reminder", time = "in 2 minutes", content = "water the plants" });
        host.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(1, await host.Scheduler.TickAsync());

        var pushed = Assert.Single(await host.EventsAsync("reminder"));
        Assert.Equal("Reminder: water the plants", pushed.GetProperty("text").GetString());
        Assert.False(pushed.GetProperty("generated").GetBoolean());
        var history = await host.HistoryAsync();
        Assert.Equal(["system", "assistant"], history.Select(h => h.GetProperty("role").GetString()));
        Assert.Equal("Reminder: water the plants", history[1].GetProperty("content").GetString());
    }

    [Fact]
    public async Task Topics_due_together_are_raised_in_one_turn_and_pushed_as_one_companion_message()
    {
        await using var host = await SchedulerHost.StartAsync(worker: false);
        await host.PostAsync("/api/configs", new Dictionary<string, string> { ["prompt_language"] = "zh" });
        var a = await host.PostAsync("/api/tasks", new { type = "topic", time = "in 5 minutes", content = "周末去哪里玩" });
        var b = await host.PostAsync("/api/tasks", new { type = "topic", time = "in 6 minutes", content = "新买的相机" });
        await host.PostAsync("/api/tasks", new { type = "topic", time = "in 2 hours", content = "later" });
        host.Fake!.Enqueue(FakeLlmReply.Text("主人，周末想去哪里？顺便试试新相机吧！"));
        host.Clock.Advance(TimeSpan.FromMinutes(7));

        Assert.Equal(1, await host.Scheduler.TickAsync());
        Assert.Single(host.Fake.ChatRequests);
        var instruction = LastMessageText(host.Fake.ChatRequests[0]);
        Assert.Contains("- 周末去哪里玩\n- 新买的相机", instruction, StringComparison.Ordinal);
        Assert.StartsWith("system: 【日程系统通知", instruction, StringComparison.Ordinal);

        var pushed = Assert.Single(await host.EventsAsync("companion_message"));
        Assert.Equal([a.GetProperty("id").GetInt64(), b.GetProperty("id").GetInt64()], pushed.GetProperty("task_ids").EnumerateArray().Select(i => i.GetInt64()));
        Assert.Equal("topic", pushed.GetProperty("type").GetString());
        Assert.Single((await host.GetJsonAsync("/api/tasks")).EnumerateArray());
    }

    [Fact]
    public async Task Companion_mode_speaks_after_the_owner_is_idle_and_then_waits_again()
    {
        await using var host = await SchedulerHost.StartAsync(worker: false);
        host.Fake!.DefaultReply = FakeLlmReply.Text("Hi there");
        await ChatAsync(host, "hello");
        Assert.False(await host.Scheduler.CompanionTickAsync()); // companion mode is off

        await host.PostAsync("/api/companion/toggle", new { enabled = true });
        await host.PostAsync("/api/configs", new Dictionary<string, string> { ["companion_idle_minutes"] = "15" });
        host.Clock.Advance(TimeSpan.FromMinutes(10));
        Assert.False(await host.Scheduler.CompanionTickAsync()); // not idle long enough

        host.Fake.DefaultReply = FakeLlmReply.Text("Still there? I'm here if you need me.");
        host.Clock.Advance(TimeSpan.FromMinutes(6));
        Assert.True(await host.Scheduler.CompanionTickAsync());
        var pushed = Assert.Single(await host.EventsAsync("companion_message"));
        Assert.Equal("Still there? I'm here if you need me.", pushed.GetProperty("text").GetString());
        Assert.Contains("quiet for 15 minutes", LastMessageText(host.Fake.ChatRequests[^1]), StringComparison.Ordinal);
        Assert.Equal(2, (await host.HistoryAsync(session: "companion_mode")).Count);

        // Once per idle period.
        Assert.False(await host.Scheduler.CompanionTickAsync());
        host.Clock.Advance(TimeSpan.FromMinutes(16));
        Assert.True(await host.Scheduler.CompanionTickAsync());
    }
}
