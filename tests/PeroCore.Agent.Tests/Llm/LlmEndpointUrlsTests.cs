using PeroCore.Agent.Llm;

namespace PeroCore.Agent.Tests.Llm;

public sealed class LlmEndpointUrlsTests
{
    [Theory]
    [InlineData("https://api.openai.com", "https://api.openai.com/v1/chat/completions")]
    [InlineData("https://api.openai.com/", "https://api.openai.com/v1/chat/completions")]
    [InlineData(" http://127.0.0.1:11434/v1/ ", "http://127.0.0.1:11434/v1/chat/completions")]
    [InlineData("https://api.deepseek.com/v1", "https://api.deepseek.com/v1/chat/completions")]
    [InlineData("https://gateway.example.com/openai", "https://gateway.example.com/openai/v1/chat/completions")]
    public void The_chat_url_follows_the_v1_rule(string baseUrl, string expected) =>
        Assert.Equal(expected, LlmEndpointUrls.ChatCompletions(baseUrl).ToString());

    [Fact]
    public void The_models_url_follows_the_same_rule() =>
        Assert.Equal("http://h/v1/models", LlmEndpointUrls.Models("http://h/v1").ToString());

    [Theory]
    [InlineData("")]
    [InlineData("api.openai.com")]
    [InlineData("ftp://host")]
    public void Invalid_bases_are_rejected(string baseUrl) =>
        Assert.Throws<ArgumentException>(() => LlmEndpointUrls.ChatCompletions(baseUrl));
}
