using Microsoft.Extensions.AI;
using PeroCore.Agent.Llm;
using PeroCore.Agent.Tests.Fakes;

namespace PeroCore.Agent.Tests.Llm;

/// <summary>Shared helpers: fast retry settings and an endpoint on the fake server.</summary>
internal static class LlmTestKit
{
    public static LlmClientOptions FastOptions(TimeSpan? firstByte = null, TimeSpan? idle = null, int maxRetries = 3, TimeSpan? nonStreaming = null) => new()
    {
        FirstByteTimeout = firstByte ?? TimeSpan.FromSeconds(20),
        NonStreamingTimeout = nonStreaming ?? TimeSpan.FromSeconds(20),
        StreamIdleTimeout = idle ?? TimeSpan.FromSeconds(20),
        MaxRetries = maxRetries,
        RetryBaseDelay = TimeSpan.FromMilliseconds(10),
        RetryMaxDelay = TimeSpan.FromMilliseconds(50),
    };

    public static LlmClientFactory Factory(LlmClientOptions? options = null) => new(options ?? FastOptions(), null, null);

    public static LlmEndpoint Endpoint(FakeLlmServer server, string? key = "sk-test") => new()
    {
        BaseUrl = server.BaseUrl,
        ApiKey = key,
        Model = "fake-model",
        Temperature = 0.3,
        TopP = 0.9,
        MaxTokens = 256,
    };

    public static List<ChatMessage> Conversation(string user = "hi") =>
    [
        new(ChatRole.System, "You are a test."),
        new(ChatRole.User, user),
    ];

    public static async Task<List<ChatResponseUpdate>> CollectAsync(IAsyncEnumerable<ChatResponseUpdate> updates)
    {
        var list = new List<ChatResponseUpdate>();
        await foreach (var u in updates)
        {
            list.Add(u);
        }

        return list;
    }
}
