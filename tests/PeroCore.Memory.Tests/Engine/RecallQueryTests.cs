using Microsoft.Extensions.AI;
using PeroCore.Memory.Embeddings;
using PeroCore.Memory.Recall;

namespace PeroCore.Memory.Tests.Engine;

/// <summary>One recall entry point: a conversation is turned into a query in the engine, the same way for every caller.</summary>
public sealed class RecallQueryTests
{
    [Fact]
    public void A_conversation_query_takes_the_latest_text_of_each_role_and_searches_the_user_text()
    {
        var query = RecallQuery.FromConversation(
        [
            new ChatMessage(ChatRole.User, "first question"),
            new ChatMessage(ChatRole.Assistant, "an answer"),
            new ChatMessage(ChatRole.Tool, "tool output"),
            new ChatMessage(ChatRole.User, "second question"),
            new ChatMessage(ChatRole.Assistant, string.Empty),
        ]);

        Assert.NotNull(query);
        Assert.True(query.IsConversation);
        Assert.Equal("second question", query.Text);
        Assert.Equal(("second question", "an answer", "tool output"), (query.UserText, query.AssistantText, query.ToolText));
        Assert.Equal(("second question".Length, "an answer".Length), (query.UserLength, query.AssistantLength));
    }

    [Fact]
    public void A_conversation_without_user_assistant_or_tool_text_has_no_query()
    {
        Assert.Null(RecallQuery.FromConversation([new ChatMessage(ChatRole.System, "rules"), new ChatMessage(ChatRole.User, string.Empty)]));
        Assert.Equal("only the assistant spoke", RecallQuery.FromConversation([new ChatMessage(ChatRole.Assistant, "only the assistant spoke")])!.Text);
    }

    [Fact]
    public async Task A_conversation_recalls_with_the_weighted_mix_of_its_latest_user_and_assistant_texts()
    {
        using var embedder = new HashingEmbeddingGenerator(64);
        await using var h = await EngineHarness.StartAsync(embedder, new MemoryEngineOptions());
        foreach (var text in new[] { "the owner likes to drink green tea", "the owner hikes on sundays", "a drink of coffee every morning", "a cat named Momo" })
        {
            await h.AddAsync(text, EngineHarness.Day);
        }

        List<ChatMessage> conversation = [new(ChatRole.User, "what do I drink"), new(ChatRole.Assistant, "you like tea")];
        var viaConversation = await h.Engine.RecallAsync(new RecallRequest { Conversation = conversation });

        var parts = await h.Engine.EmbedQueriesAsync(["what do I drink", "you like tea"]);
        var mixed = new float[parts[0].Length];
        for (var d = 0; d < mixed.Length; d++)
        {
            mixed[d] = (0.5f / 0.85f * parts[0][d]) + (0.35f / 0.85f * parts[1][d]);
        }

        VectorMath.NormalizeInPlace(mixed);
        var viaVector = await h.Engine.RecallAsync(new RecallRequest { Query = "what do I drink", QueryVector = mixed });

        Assert.Equal("what do I drink", viaConversation.Query!.Text);
        Assert.Equal("you like tea".Length, viaConversation.Query.AssistantLength);
        Assert.NotEmpty(viaConversation.Memories);
        Assert.Equal(viaVector.Memories.Select(m => (m.Memory.Id, m.Score.Final)), viaConversation.Memories.Select(m => (m.Memory.Id, m.Score.Final)));
    }

    [Fact]
    public async Task A_text_query_is_embedded_as_a_query_and_answers_the_same_for_every_caller()
    {
        using var embedder = new HashingEmbeddingGenerator(64);
        await using var h = await EngineHarness.StartAsync(embedder, new MemoryEngineOptions());
        await h.AddAsync("the owner likes green tea", EngineHarness.Day);
        await h.AddAsync("coffee every morning", EngineHarness.Day);

        var byText = await h.Engine.RecallAsync(new RecallRequest { Query = "green tea" });
        var vector = (await h.Engine.EmbedQueriesAsync(["green tea"]))[0];
        var byVector = await h.Engine.RecallAsync(new RecallRequest { Query = "green tea", QueryVector = vector });

        Assert.False(byText.Query!.IsConversation);
        Assert.Equal(byVector.Memories.Select(m => (m.Memory.Id, m.Score.Final)), byText.Memories.Select(m => (m.Memory.Id, m.Score.Final)));
    }
}
