using System.Globalization;
using PeroCore.Agent.Tests.Fakes;

namespace PeroCore.Server.Tests;

[Collection("Chat")]
public sealed class ReflectionTests : ChatTestBase
{
    private async Task EnableReflectionAsync()
    {
        var card = await PostAsync("/api/models", new { name = "reflector", model_id = "reflect-model" });
        await PostAsync("/api/configs", new Dictionary<string, string>
        {
            ["reflection_enabled"] = "true",
            ["reflection_model_id"] = card.GetProperty("id").GetInt64().ToString(CultureInfo.InvariantCulture),
        });
    }

    [Fact]
    public async Task A_failed_step_gets_the_reflection_models_advice_in_the_next_turn()
    {
        await EnableReflectionAsync();
        Fake.Enqueue(FakeLlmReply.Text("<nit>\nno_such_tool(x=1)\n</nit>"));
        Fake.Enqueue(FakeLlmReply.Text("Call finish_task instead of the missing no_such_tool."));
        Fake.Enqueue(FakeLlmReply.Text("好的"));

        var result = await ChatAsync("please do the impossible");

        Assert.Equal("好的", result.Visible);
        var reflection = Assert.Single(Fake.ChatRequests, r => !r.IsStream);
        Assert.Equal("reflect-model", reflection.Body!.Value.GetProperty("model").GetString());
        var asked = string.Join("\n", Roles(reflection).Select(m => m.Text));
        Assert.Contains("please do the impossible", asked, StringComparison.Ordinal);
        Assert.Contains("no_such_tool", asked, StringComparison.Ordinal);
        Assert.Contains("finish_task", asked, StringComparison.Ordinal);

        var second = StreamRequests[1];
        Assert.Contains(Roles(second), m => m.Role == "system" && m.Text.Contains("Call finish_task instead", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_normal_verdict_adds_nothing_and_reflection_is_off_by_default()
    {
        Fake.Enqueue(FakeLlmReply.Text("<nit>\nno_such_tool(x=1)\n</nit>"));
        Fake.Enqueue(FakeLlmReply.Text("嗯"));
        await ChatAsync("first");
        Assert.DoesNotContain(Fake.ChatRequests, r => !r.IsStream);

        await EnableReflectionAsync();
        Fake.Enqueue(FakeLlmReply.Text("<nit>\nno_such_tool(x=2)\n</nit>"));
        Fake.Enqueue(FakeLlmReply.Text("NORMAL"));
        Fake.Enqueue(FakeLlmReply.Text("好"));
        await ChatAsync("second");
        Assert.Single(Fake.ChatRequests, r => !r.IsStream);
        Assert.DoesNotContain(Roles(StreamRequests[^1]), m => m.Role == "system" && m.Text.Contains("Reflection hint", StringComparison.Ordinal));
    }
}

[Collection("Chat")]
public sealed class NitStrictModeTests : ChatTestBase
{
    [Fact]
    public async Task Strict_mode_refuses_blocks_without_the_request_id()
    {
        await PostAsync("/api/configs", new Dictionary<string, string> { ["nit_strict_mode"] = "true" });
        Fake.Enqueue(FakeLlmReply.Text("<nit>\nupdate_character_status(mood=\"sneaky\")\n</nit>"));
        Fake.Enqueue(FakeLlmReply.Text("嗯"));

        await ChatAsync("hi");

        // Without strict mode a plain <nit> block still runs (fallback) and would set the mood.
        var state = await GetJsonAsync("/api/pet/state");
        Assert.NotEqual("sneaky", state.GetProperty("mood").GetString());
        Assert.Equal(2, StreamRequests.Count); // the refusal is reported back to the model
    }
}

[Collection("Chat")]
public sealed class RemoteModelsTests : ChatTestBase
{
    [Fact]
    public async Task Remote_models_are_listed_sorted_and_unique_with_the_given_key_and_errors_give_an_empty_list()
    {
        Fake.SetModels("b", "a", "a");
        var listed = await PostAsync("/api/models/remote", new { api_key = "k1", api_base = Fake.BaseUrl });
        Assert.Equal(["a", "b"], listed.GetProperty("models").EnumerateArray().Select(m => m.GetString()));
        var request = Fake.Requests.Last(r => r.Path == "/v1/models");
        Assert.Equal("Bearer k1", request.Header("Authorization"));

        Fake.SetModelsReply(FakeLlmReply.Error(System.Net.HttpStatusCode.InternalServerError, "boom"));
        var failed = await PostAsync("/api/models/remote", new { api_key = "k1", api_base = Fake.BaseUrl });
        Assert.Empty(failed.GetProperty("models").EnumerateArray());
        Assert.Contains("500", failed.GetProperty("error").GetString(), StringComparison.Ordinal);
    }
}
