using System.Text.Json;
using PeroCore.Evaluation.Locomo;

namespace PeroCore.Evaluation.Tests.Locomo;

public sealed class LocomoLoaderTests
{
    [Fact]
    public void A_single_conversation_file_is_read_in_order_with_times_and_captions()
    {
        using var doc = JsonDocument.Parse(TinyLocomo.Conversation);
        var conversation = Assert.Single(LocomoLoader.Parse(doc.RootElement, "conv-x", "test"));
        Assert.Equal(("conv-x", "Ana", "Ben"), (conversation.SampleId, conversation.SpeakerA, conversation.SpeakerB));
        Assert.Equal(["D1:1", "D1:2", "D2:1", "D2:2"], conversation.Turns.Select(t => t.DiaId));
        Assert.Equal(new DateTimeOffset(2023, 5, 8, 13, 56, 0, TimeSpan.Zero), conversation.Turns[0].Timestamp);
        Assert.Equal(new DateTimeOffset(2023, 5, 8, 13, 57, 0, TimeSpan.Zero), conversation.Turns[1].Timestamp);
        Assert.Equal("Ben: Lovely! I started learning the cello. [image: a photo of a cello]", conversation.Turns[1].MemoryText);
        Assert.Equal("Ana: Pixel knocked my coffee over this morning.", conversation.Turns[2].MemoryText);
        Assert.Equal(new DateTimeOffset(2023, 6, 20, 10, 1, 0, TimeSpan.Zero), conversation.LastSessionTime);
        Assert.Equal(2, LocomoConversation.SessionOf("D2:14"));
    }

    [Fact]
    public void Evidence_is_repaired_when_joined_and_counted_when_malformed()
    {
        using var doc = JsonDocument.Parse(TinyLocomo.Conversation);
        var q = LocomoLoader.Parse(doc.RootElement, "c", "test")[0].Questions;
        Assert.Equal(4, q.Count);
        Assert.Equal(("Pixel", 4, 0, 0), (q[0].Answer, q[0].Category, q[0].MalformedEvidence, q[0].RepairedEvidence));
        Assert.Equal(["D1:2", "D2:2"], q[1].Evidence);
        Assert.Equal(("2023", 1), (q[1].Answer, q[1].RepairedEvidence));
        Assert.Equal(["D1:2"], q[2].Evidence);
        Assert.Equal(1, q[2].MalformedEvidence);
        Assert.Null(q[3].Answer);
    }

    [Fact]
    public async Task The_locomo10_list_format_is_accepted()
    {
        var path = Path.Combine(Path.GetTempPath(), $"locomo-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(path, $$"""[ { "sample_id": "s-1", "conversation": {{Inner()}}, "qa": [] }, { "sample_id": "s-2", "conversation": {{Inner()}} } ]""");
        try
        {
            var all = await LocomoLoader.LoadFileAsync(path);
            Assert.Equal(["s-1", "s-2"], all.Select(c => c.SampleId));
            Assert.All(all, c => Assert.Equal(4, c.Turns.Count));
        }
        finally
        {
            File.Delete(path);
        }

        static string Inner()
        {
            using var doc = JsonDocument.Parse(TinyLocomo.Conversation);
            var props = doc.RootElement.EnumerateObject().Where(p => p.Name != "qa").Select(p => $"\"{p.Name}\": {p.Value.GetRawText()}");
            return "{" + string.Join(",", props) + "}";
        }
    }

    [Theory]
    [InlineData("[1, 2]", "not an object")]
    [InlineData("{\"speaker_a\": \"A\"}", "speaker_b")]
    [InlineData("{\"speaker_a\": \"A\", \"speaker_b\": \"B\", \"session_1_date_time\": \"yesterday\", \"session_1\": [{\"speaker\":\"A\",\"dia_id\":\"D1:1\",\"text\":\"hi\"}]}", "cannot read the session date 'yesterday'")]
    [InlineData("{\"speaker_a\": \"A\", \"speaker_b\": \"B\"}", "no session_N turn lists")]
    public void Malformed_files_get_a_clear_error(string json, string expected)
    {
        using var doc = JsonDocument.Parse(json);
        var ex = Assert.Throws<InvalidDataException>(() => LocomoLoader.Parse(doc.RootElement, "x", "file.json"));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }
}
