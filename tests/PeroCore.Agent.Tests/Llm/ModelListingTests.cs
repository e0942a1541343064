using System.Net;
using PeroCore.Agent.Llm;
using PeroCore.Agent.Tests.Fakes;
using static PeroCore.Agent.Tests.Llm.LlmTestKit;

namespace PeroCore.Agent.Tests.Llm;

public sealed class ModelListingTests
{
    [Fact]
    public async Task Models_are_listed_sorted_and_unique_with_the_key_sent()
    {
        await using var server = await FakeLlmServer.StartAsync();
        server.SetModels("b", "a", "a");
        using var factory = Factory();

        var models = await factory.ListModelsAsync(server.BaseUrl, "k1");

        Assert.Equal(["a", "b"], models);
        var request = Assert.Single(server.Requests);
        Assert.Equal(("GET", "/v1/models"), (request.Method, request.Path));
        Assert.Equal("Bearer k1", request.Header("Authorization"));
    }

    [Theory]
    [InlineData("{\"models\":[{\"name\":\"llama3:8b\"},{\"name\":\"qwen2.5\"}]}")]
    [InlineData("[\"qwen2.5\",\"llama3:8b\",\"qwen2.5\"]")]
    public async Task Other_list_shapes_are_accepted(string body)
    {
        await using var server = await FakeLlmServer.StartAsync();
        server.SetModelsReply(FakeLlmReply.Text(body));
        using var factory = Factory();

        var models = await factory.ListModelsAsync(server.BaseUrlV1, null);

        Assert.Equal(["llama3:8b", "qwen2.5"], models);
        Assert.Null(Assert.Single(server.Requests).Header("Authorization"));
    }

    [Fact]
    public async Task Errors_surface_as_LlmException_not_as_an_empty_list()
    {
        await using var server = await FakeLlmServer.StartAsync();
        server.SetModelsReply(FakeLlmReply.Error(HttpStatusCode.Unauthorized, "{\"error\":{\"message\":\"bad key\"}}"));
        using var factory = Factory();

        var ex = await Assert.ThrowsAsync<LlmException>(() => factory.ListModelsAsync(server.BaseUrl, "wrong"));

        Assert.Equal(HttpStatusCode.Unauthorized, ex.StatusCode);
        Assert.Equal($"The LLM at {server.BaseUrl}/v1/models answered 401 Unauthorized: bad key", ex.Message);

        server.SetModelsReply(FakeLlmReply.Text("<html>not json</html>"));
        var invalid = await Assert.ThrowsAsync<LlmException>(() => factory.ListModelsAsync(server.BaseUrl, null));
        Assert.Equal(LlmErrorKind.InvalidResponse, invalid.Kind);
    }
}
