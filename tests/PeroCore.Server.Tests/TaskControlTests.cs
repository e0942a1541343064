using System.Net;
using System.Text.Json;
using PeroCore.Agent.Tests.Fakes;

namespace PeroCore.Server.Tests;

/// <summary><c>/api/task/{session}/pause|resume|inject|status</c> on a running chat.</summary>
[Collection("Chat")]
public sealed class TaskControlTests : ChatTestBase
{
    [Fact]
    public async Task A_running_chat_can_be_paused_given_an_instruction_and_resumed()
    {
        Fake.Enqueue(
            new FakeLlmReply { Chunks = ["想一想", "<nit>\nupdate_character_status(mood=\"平静\")\n</nit>"], DelayBeforeFirstChunk = TimeSpan.FromSeconds(2) },
            FakeLlmReply.Text("好的，晚安"));
        var chat = ChatAsync("帮我做点事", "work");

        // Pause while turn 1 is in flight (a pause sent earlier would hold the loop before turn 1, which is also correct).
        var first = await Fake.WaitForRequestsAsync(1, TimeSpan.FromSeconds(60));
        var status = await WaitForStatusAsync("work", "running");
        Assert.Single(status.GetProperty("tasks").EnumerateArray());
        var injected = await PostAsync("/api/task/work/inject", new { instruction = "顺便说晚安" });
        Assert.Equal(("success", "Instruction injected"), (injected.GetProperty("status").GetString(), injected.GetProperty("message").GetString()));
        var paused = await PostAsync("/api/task/work/pause", new { });
        Assert.Equal(("success", "Task paused", "paused"), (paused.GetProperty("status").GetString(), paused.GetProperty("message").GetString(), paused.GetProperty("state").GetString()));

        // Turn 1 ends, then the loop waits instead of starting turn 2.
        await first[0].WhenFinished.WaitAsync(TimeSpan.FromSeconds(60));
        await WaitForStatusAsync("work", "paused");
        await Task.Delay(1500);
        Assert.Single(StreamRequests);
        Assert.False(chat.IsCompleted);

        var resumed = await PostAsync("/api/task/work/resume", new { });
        Assert.Equal(("success", "Task resumed"), (resumed.GetProperty("status").GetString(), resumed.GetProperty("message").GetString()));
        var result = await chat.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal("想一想好的，晚安", result.Visible);
        var second = Roles(StreamRequests[1]);
        Assert.Contains(second, m => m.Role == "user" && m.Text == "[Owner's instant instruction]: 顺便说晚安");
        Assert.Equal("idle", (await GetJsonAsync("/api/task/work/status")).GetProperty("status").GetString());
        using var none = await Server.Client.PostAsync("/api/task/work/pause", null);
        Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);
    }

    private async Task<JsonElement> WaitForStatusAsync(string session, string status)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var body = await GetJsonAsync($"/api/task/{session}/status");
            if (body.GetProperty("status").GetString() == status)
            {
                return body;
            }

            Assert.True(DateTime.UtcNow < deadline, $"status never became {status}: {body}");
            await Task.Delay(20);
        }
    }
}
