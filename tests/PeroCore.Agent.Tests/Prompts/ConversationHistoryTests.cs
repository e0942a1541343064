using Microsoft.Extensions.AI;
using PeroCore.Agent.Prompts;
using PeroCore.Memory.Storage;

namespace PeroCore.Agent.Tests.Prompts;

public sealed class ConversationHistoryTests
{
    private static ConversationLogEntry Log(string role, string content, string session = "d1") =>
        new() { SessionId = session, Source = "desktop", Role = role, Content = content, PairId = Guid.NewGuid().ToString() };

    [Fact]
    public void Rows_are_cleaned_and_empty_ones_dropped()
    {
        var messages = ConversationHistory.FromLog(
        [
            Log("user", "hi <b>there</b>"),
            Log("assistant", "<FILE_RESULTS>[...]</FILE_RESULTS>"),
            Log("assistant", "你好，主人！<!-- PERO_RAG_BLOCK_END -->"),
            Log("system", "【系统触发】喝水提醒"),
        ]);

        Assert.Equal(3, messages.Count);
        Assert.Equal((ChatRole.User, "hi there"), (messages[0].Role, messages[0].Text));
        Assert.Equal((ChatRole.Assistant, "你好，主人！"), (messages[1].Role, messages[1].Text));
        Assert.Equal(ChatRole.System, messages[2].Role);
    }

    [Fact]
    public void A_resent_tail_replaces_the_stored_one()
    {
        var history = new List<ChatMessage> { new(ChatRole.User, "早"), new(ChatRole.Assistant, "早安"), new(ChatRole.User, "hi"), new(ChatRole.Assistant, "你好，主人！") };
        var request = new List<ChatMessage> { new(ChatRole.User, "hi"), new(ChatRole.Assistant, "你好，主人！"), new(ChatRole.User, "第三句") };

        var kept = ConversationHistory.RemoveResentTail(history, request);

        Assert.Equal(history.Take(2), kept);
    }

    [Fact]
    public void History_is_kept_when_the_request_does_not_repeat_it()
    {
        var history = new List<ChatMessage> { new(ChatRole.User, "hi"), new(ChatRole.Assistant, "你好") };

        Assert.Equal(history, ConversationHistory.RemoveResentTail(history, [new ChatMessage(ChatRole.User, "new")]));
        Assert.Equal(history, ConversationHistory.RemoveResentTail(history, [new ChatMessage(ChatRole.User, "hi"), new ChatMessage(ChatRole.Assistant, "different")]));
        // Same text but another role is not a repeat.
        Assert.Equal(history, ConversationHistory.RemoveResentTail(history, [new ChatMessage(ChatRole.User, "你好")]));
    }

    [Fact]
    public async Task Loading_from_the_store_gives_each_message_once()
    {
        using var dir = new TempFolder();
        await using var store = await PeroStore.OpenAsync(dir.File("perocore.db"));
        await store.Logs.AddAsync([Log("user", "hi"), Log("assistant", "你好，主人！"), Log("user", "other session", session: "s2")]);
        var request = new List<ChatMessage> { new(ChatRole.User, "hi"), new(ChatRole.Assistant, "你好，主人！"), new(ChatRole.User, "第三句") };

        var history = await ConversationHistory.LoadAsync(store, "desktop", "d1", request);
        var fresh = await ConversationHistory.LoadAsync(store, "desktop", "d1", [new ChatMessage(ChatRole.User, "第三句")]);

        Assert.Empty(history);
        Assert.Equal(["hi", "你好，主人！"], fresh.Select(m => m.Text));
    }
}
