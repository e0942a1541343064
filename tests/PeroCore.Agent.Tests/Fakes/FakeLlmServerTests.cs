using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace PeroCore.Agent.Tests.Fakes;

/// <summary>The fake speaks the wire protocol as a plain HTTP client sees it.</summary>
public sealed class FakeLlmServerTests
{
    [Fact]
    public async Task A_streamed_reply_is_real_sse_with_chunk_objects_and_a_done_terminator()
    {
        await using var server = await FakeLlmServer.StartAsync();
        server.Enqueue(FakeLlmReply.Text("<ni", "t>") with { ToolCalls = [new FakeToolCall("call_1", "f", "{", "}")] });
        using var http = new HttpClient();

        using var response = await http.PostAsync(server.BaseUrl + "/v1/chat/completions",
            new StringContent("{\"model\":\"m\",\"stream\":true,\"messages\":[]}", Encoding.UTF8, "application/json"));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var events = body.Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.All(events, e => Assert.StartsWith("data: ", e, StringComparison.Ordinal));
        Assert.Equal("data: [DONE]", events[^1]);
        var chunks = events[..^1].Select(e => JsonDocument.Parse(e["data: ".Length..]).RootElement).ToList();
        Assert.All(chunks, c => Assert.Equal("chat.completion.chunk", c.GetProperty("object").GetString()));
        Assert.Equal("<ni", chunks[0].GetProperty("choices")[0].GetProperty("delta").GetProperty("content").GetString());
        var firstTool = chunks[2].GetProperty("choices")[0].GetProperty("delta").GetProperty("tool_calls")[0];
        Assert.Equal(("call_1", 0), (firstTool.GetProperty("id").GetString(), firstTool.GetProperty("index").GetInt32()));
        Assert.Equal("tool_calls", chunks[^1].GetProperty("choices")[0].GetProperty("finish_reason").GetString());
    }

    [Fact]
    public async Task Errors_models_and_audio_endpoints_answer_as_scripted()
    {
        await using var server = await FakeLlmServer.StartAsync();
        server.Enqueue(FakeLlmReply.Error(HttpStatusCode.TooManyRequests, "{\"error\":\"slow\"}", retryAfterSeconds: 2));
        using var http = new HttpClient();

        using var error = await http.PostAsync(server.BaseUrl + "/v1/chat/completions", new StringContent("{\"stream\":false}"));
        var models = await http.GetFromJsonAsync<JsonElement>(server.BaseUrl + "/v1/models");
        var transcription = await http.PostAsync(server.BaseUrl + "/v1/audio/transcriptions", new StringContent("x"));
        var speech = await http.PostAsync(server.BaseUrl + "/v1/audio/speech", new StringContent("{\"input\":\"hi\"}"));
        using var missing = await http.GetAsync(server.BaseUrl + "/nope");

        Assert.Equal(HttpStatusCode.TooManyRequests, error.StatusCode);
        Assert.Equal("2", error.Headers.RetryAfter?.Delta?.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("fake-model", models.GetProperty("data")[0].GetProperty("id").GetString());
        Assert.Equal("你好", (await transcription.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("text").GetString());
        Assert.StartsWith("ID3", Encoding.ASCII.GetString(await speech.Content.ReadAsByteArrayAsync()), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(["/v1/chat/completions", "/v1/models", "/v1/audio/transcriptions", "/v1/audio/speech", "/nope"], server.Requests.Select(r => r.Path));
        Assert.Equal("{\"input\":\"hi\"}", server.Requests[3].BodyText);
        transcription.Dispose();
        speech.Dispose();
    }
}
