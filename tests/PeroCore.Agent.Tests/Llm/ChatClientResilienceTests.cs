using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.AI;
using PeroCore.Agent.Llm;
using PeroCore.Agent.Tests.Fakes;
using static PeroCore.Agent.Tests.Llm.LlmTestKit;

namespace PeroCore.Agent.Tests.Llm;

public sealed class ChatClientResilienceTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task A_429_with_Retry_After_is_retried_after_the_requested_delay()
    {
        await using var server = await FakeLlmServer.StartAsync();
        server.Enqueue(FakeLlmReply.Error(HttpStatusCode.TooManyRequests, "{\"error\":{\"message\":\"slow down\"}}", retryAfterSeconds: 1), FakeLlmReply.Text("fine"));
        using var factory = Factory();
        using var client = factory.Create(Endpoint(server));

        var updates = await CollectAsync(client.GetStreamingResponseAsync(Conversation()));

        Assert.Equal("fine", string.Concat(updates.Select(u => u.Text)));
        var requests = server.ChatRequests;
        Assert.Equal(2, requests.Count);
        // The back-off base is 10 ms: a gap of about a second means Retry-After was honoured.
        Assert.True(requests[1].ReceivedAt - requests[0].ReceivedAt >= TimeSpan.FromMilliseconds(900),
            $"second attempt came after {(requests[1].ReceivedAt - requests[0].ReceivedAt).TotalMilliseconds} ms");
        Assert.Equal(requests[0].BodyText, requests[1].BodyText);
    }

    [Fact]
    public async Task A_503_then_success_is_retried_transparently()
    {
        await using var server = await FakeLlmServer.StartAsync();
        server.Enqueue(FakeLlmReply.Error(HttpStatusCode.ServiceUnavailable, "busy"), FakeLlmReply.Text("ok after 503"));
        using var factory = Factory();
        using var client = factory.Create(Endpoint(server));

        var response = await client.GetResponseAsync(Conversation());

        Assert.Equal("ok after 503", response.Text);
        Assert.Equal(2, server.ChatRequests.Count);
    }

    [Theory]
    [InlineData(HttpStatusCode.Unauthorized, "{\"error\":{\"message\":\"invalid api key\",\"type\":\"invalid_request_error\"}}", "401 Unauthorized: invalid api key")]
    [InlineData(HttpStatusCode.BadRequest, "{\"error\":\"bad request body\"}", "400 Bad Request: bad request body")]
    [InlineData(HttpStatusCode.NotFound, "model not found", "404 Not Found: model not found")]
    public async Task Client_errors_are_not_retried_and_give_a_clear_message(HttpStatusCode status, string body, string expected)
    {
        await using var server = await FakeLlmServer.StartAsync();
        server.Enqueue(FakeLlmReply.Error(status, body));
        using var factory = Factory();
        using var client = factory.Create(Endpoint(server));

        var ex = await Assert.ThrowsAsync<LlmException>(() => CollectAsync(client.GetStreamingResponseAsync(Conversation())));

        Assert.Single(server.ChatRequests);
        Assert.Equal(LlmErrorKind.HttpStatus, ex.Kind);
        Assert.Equal(status, ex.StatusCode);
        Assert.False(ex.IsRetryable);
        Assert.Equal($"The LLM at {server.BaseUrl}/v1/chat/completions answered {expected}", ex.Message);
        Assert.DoesNotContain("sk-test", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Persistent_server_errors_surface_as_a_retryable_LlmException_after_all_attempts()
    {
        await using var server = await FakeLlmServer.StartAsync();
        server.DefaultReply = FakeLlmReply.Error(HttpStatusCode.InternalServerError, "{\"error\":{\"message\":\"boom\"}}");
        using var factory = Factory(FastOptions(maxRetries: 2));
        using var client = factory.Create(Endpoint(server));

        var ex = await Assert.ThrowsAsync<LlmException>(() => client.GetResponseAsync(Conversation()));

        Assert.Equal(3, server.ChatRequests.Count);
        Assert.True(ex.IsRetryable);
        Assert.Equal(HttpStatusCode.InternalServerError, ex.StatusCode);
        Assert.EndsWith("answered 500 Internal Server Error: boom (after 3 attempts)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_Retry_After_longer_than_the_limit_is_not_waited_for()
    {
        await using var server = await FakeLlmServer.StartAsync();
        server.Enqueue(FakeLlmReply.Error(HttpStatusCode.TooManyRequests, "quota", retryAfterSeconds: 3600));
        using var factory = Factory();
        using var client = factory.Create(Endpoint(server));

        var ex = await Assert.ThrowsAsync<LlmException>(() => client.GetResponseAsync(Conversation()));

        Assert.Single(server.ChatRequests);
        Assert.Equal(HttpStatusCode.TooManyRequests, ex.StatusCode);
        Assert.True(ex.IsRetryable);
    }

    [Fact]
    public async Task Cancelling_mid_stream_aborts_the_upstream_request()
    {
        await using var server = await FakeLlmServer.StartAsync();
        server.Enqueue(FakeLlmReply.Text("first", "second", "third") with { DelayBetweenChunks = TimeSpan.FromSeconds(30) });
        using var factory = Factory();
        using var client = factory.Create(Endpoint(server));
        using var cts = new CancellationTokenSource();
        var seen = new List<string>();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var u in client.GetStreamingResponseAsync(Conversation(), cancellationToken: cts.Token))
            {
                seen.Add(u.Text);
                await cts.CancelAsync();
            }
        });

        Assert.Equal(["first"], seen);
        var request = Assert.Single(server.ChatRequests);
        await request.WhenAborted.WaitAsync(Patience);
        Assert.True(request.Aborted);
    }

    [Fact]
    public async Task Cancelling_before_the_answer_starts_aborts_the_upstream_request_without_retry()
    {
        await using var server = await FakeLlmServer.StartAsync();
        server.Enqueue(FakeLlmReply.Hanging());
        using var factory = Factory();
        using var client = factory.Create(Endpoint(server));
        using var cts = new CancellationTokenSource();

        var call = client.GetResponseAsync(Conversation(), cancellationToken: cts.Token);
        var request = (await server.WaitForRequestsAsync(1, Patience))[0];
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        await request.WhenAborted.WaitAsync(Patience);
        Assert.Single(server.ChatRequests);
    }

    [Fact]
    public async Task No_first_byte_within_the_timeout_is_a_timeout_LlmException()
    {
        await using var server = await FakeLlmServer.StartAsync();
        server.Enqueue(FakeLlmReply.Hanging());
        using var factory = Factory(FastOptions(firstByte: TimeSpan.FromMilliseconds(300)));
        using var client = factory.Create(Endpoint(server));

        var ex = await Assert.ThrowsAsync<LlmException>(() => CollectAsync(client.GetStreamingResponseAsync(Conversation())));

        Assert.Equal(LlmErrorKind.Timeout, ex.Kind);
        Assert.True(ex.IsRetryable);
        Assert.Contains("did not answer within 300 ms", ex.Message, StringComparison.Ordinal);
        var request = Assert.Single(server.ChatRequests);
        await request.WhenAborted.WaitAsync(Patience);
    }

    [Fact]
    public async Task A_stream_that_goes_silent_times_out_and_is_never_retried_mid_stream()
    {
        await using var server = await FakeLlmServer.StartAsync();
        server.Enqueue(FakeLlmReply.Text("partial") with { Hang = true });
        using var factory = Factory(FastOptions(idle: TimeSpan.FromMilliseconds(300)));
        using var client = factory.Create(Endpoint(server));
        var seen = new List<string>();

        var ex = await Assert.ThrowsAsync<LlmException>(async () =>
        {
            await foreach (var u in client.GetStreamingResponseAsync(Conversation()))
            {
                seen.Add(u.Text);
            }
        });

        Assert.Equal(["partial"], seen);
        Assert.Equal(LlmErrorKind.Timeout, ex.Kind);
        Assert.Contains("went silent", ex.Message, StringComparison.Ordinal);
        Assert.Single(server.ChatRequests);
    }

    [Fact]
    public async Task A_stream_may_run_longer_than_the_first_byte_timeout_while_data_keeps_coming()
    {
        await using var server = await FakeLlmServer.StartAsync();
        // Three gaps of 0.8 s: the whole stream outlasts the 2 s first-byte limit, no gap reaches the 10 s idle limit.
        server.Enqueue(FakeLlmReply.Text("a", "b", "c", "d") with { DelayBetweenChunks = TimeSpan.FromMilliseconds(800) });
        using var factory = Factory(FastOptions(firstByte: TimeSpan.FromSeconds(2), idle: TimeSpan.FromSeconds(10)));
        using var client = factory.Create(Endpoint(server));

        var updates = await CollectAsync(client.GetStreamingResponseAsync(Conversation()));

        Assert.Equal("abcd", string.Concat(updates.Select(u => u.Text)));
    }

    [Fact]
    public async Task An_unreachable_server_is_a_retryable_transport_error()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        using var factory = Factory(FastOptions(maxRetries: 1));
        using var client = factory.Create(new LlmEndpoint { BaseUrl = $"http://127.0.0.1:{port}", Model = "m" });

        var ex = await Assert.ThrowsAsync<LlmException>(() => client.GetResponseAsync(Conversation()));

        Assert.Equal(LlmErrorKind.Transport, ex.Kind);
        Assert.True(ex.IsRetryable);
        Assert.StartsWith($"Could not reach the LLM at http://127.0.0.1:{port}/v1/chat/completions", ex.Message, StringComparison.Ordinal);
        Assert.EndsWith("(after 2 attempts)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stopping_the_enumeration_early_aborts_the_upstream_request()
    {
        await using var server = await FakeLlmServer.StartAsync();
        server.Enqueue(FakeLlmReply.Text("one", "two", "three") with { DelayBetweenChunks = TimeSpan.FromSeconds(30) });
        using var factory = Factory();
        using var client = factory.Create(Endpoint(server));

        await foreach (var update in client.GetStreamingResponseAsync(Conversation()))
        {
            Assert.Equal("one", update.Text);
            break;
        }

        var request = Assert.Single(server.ChatRequests);
        await request.WhenAborted.WaitAsync(Patience);
    }

    [Fact]
    public async Task A_non_streamed_call_has_its_own_timeout()
    {
        await using var server = await FakeLlmServer.StartAsync();
        server.Enqueue(FakeLlmReply.Hanging());
        using var factory = Factory(FastOptions(firstByte: TimeSpan.FromSeconds(30), nonStreaming: TimeSpan.FromMilliseconds(300)));
        using var client = factory.Create(Endpoint(server));

        var ex = await Assert.ThrowsAsync<LlmException>(() => client.GetResponseAsync(Conversation(), new ChatOptions { ResponseFormat = ChatResponseFormat.Json }));

        Assert.Equal(LlmErrorKind.Timeout, ex.Kind);
        Assert.Contains("did not answer within 300 ms", ex.Message, StringComparison.Ordinal);
        await Assert.Single(server.ChatRequests).WhenAborted.WaitAsync(Patience);
    }
}
