using PeroCore.Agent.Tests.Fakes;

namespace PeroCore.Server.Tests.Realtime;

/// <summary>The chat's pet-state changes are pushed to the events channel, to clients connected or not.</summary>
public sealed class PetStateEventTests : ChatTestBase
{
    [Fact]
    public async Task A_pet_state_change_in_chat_reaches_a_connected_client_and_a_later_one()
    {
        await using var live = await SseClient.ConnectAsync(Server.Client);
        Fake.Enqueue(
            FakeLlmReply.Tools(new FakeToolCall("call_1", "update_character_status", "{\"mood\":\"兴奋\",\"idle_msgs\":[\"在吗\"]}")),
            FakeLlmReply.Text("心情变好了"));

        var result = await ChatAsync("开心点");
        Assert.True(result.Done);
        Assert.Single(result.Triggers);

        var pushed = Assert.Single(await live.ReadAsync(1));
        Assert.Equal("pet_state", pushed.Kind);
        Assert.Equal("兴奋", pushed.Data.GetProperty("state").GetProperty("mood").GetString());
        Assert.Equal("在吗", pushed.Data.GetProperty("idle_messages")[0].GetString());

        // A client that connects afterwards (no cursor) still gets it, as it is unread.
        await using var later = await SseClient.ConnectAsync(Server.Client);
        Assert.Equal(pushed.Id, Assert.Single(await later.ReadAsync(1)).Id);
    }
}
