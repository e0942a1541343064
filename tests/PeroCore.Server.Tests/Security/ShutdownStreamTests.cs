using System.Text;
using System.Text.Json;
using PeroCore.Agent.Tests.Fakes;
using PeroCore.Memory.Storage;

namespace PeroCore.Server.Tests.Security;

/// <summary>
/// A shutdown while a chat stream runs longer than the shutdown timeout: the client gets an error event and
/// <c>[DONE]</c> instead of a reset connection, and the user's message is in the log after the restart.
/// </summary>
public sealed class ShutdownStreamTests
{
    [Fact]
    public async Task A_stream_cut_by_shutdown_ends_with_an_error_event_and_done_and_the_message_is_logged()
    {
        await using var fake = await FakeLlmServer.StartAsync();
        fake.Enqueue(new FakeLlmReply { Chunks = ["Let me think"], Hang = true });
        var server = await ServerFixture.StartAsync("--Agent:ScorerEnabled=false", "--Llm:MaxRetries=0", "--Server:ShutdownTimeoutSeconds=2",
            $"--Llm:BaseUrl={fake.BaseUrlV1}", "--Llm:Model=fake-model");
        var data = server.DataPath;
        string raw;
        List<ConversationLogEntry> logged;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/chat")
            {
                Content = new StringContent("""{"messages":[{"role":"user","content":"remember that my sister is called Ines"}],"sessionId":"s1"}""", Encoding.UTF8, "application/json"),
            };
            using var response = await server.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
            var seen = new StringBuilder();
            while (await reader.ReadLineAsync() is { } line)
            {
                seen.AppendLine(line);
                if (line.Contains("Let me think", StringComparison.Ordinal))
                {
                    break;
                }
            }

            // Stop the host as SIGTERM does, while the upstream LLM hangs.
            var stopping = server.App.DisposeAsync().AsTask();
            seen.Append(await reader.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(20)));
            await stopping.WaitAsync(TimeSpan.FromSeconds(20));
            raw = seen.ToString();

            // The server has released the folder: open the database as the next start would.
            await using var store = await PeroStore.OpenAsync(Path.Combine(data, "perocore.db"));
            logged = await store.Logs.ListSessionAsync("desktop", "s1", 10);
        }
        finally
        {
            await server.DisposeAsync();
        }

        var events = raw.Split('\n').Where(l => l.StartsWith("data: {", StringComparison.Ordinal)).Select(l => JsonDocument.Parse(l[6..]).RootElement).ToList();
        var lastText = events.Last(e => e.TryGetProperty("choices", out _)).GetProperty("choices")[0].GetProperty("delta").GetProperty("content").GetString();
        Assert.StartsWith("Error:", lastText, StringComparison.Ordinal);
        Assert.Contains("shutting down", lastText, StringComparison.Ordinal);
        Assert.EndsWith("data: [DONE]", raw.TrimEnd(), StringComparison.Ordinal);

        var entry = Assert.Single(logged);
        Assert.Equal("user", entry.Role);
        Assert.Equal("remember that my sister is called Ines", entry.Content);
        Assert.Equal("skipped", entry.AnalysisStatus);
    }
}
