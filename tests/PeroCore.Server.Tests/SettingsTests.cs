using Microsoft.Extensions.Configuration;
using PeroCore.Server.Configuration;

namespace PeroCore.Server.Tests;

/// <summary>The configuration table bound by the options binder and checked at start.</summary>
public sealed class SettingsTests
{
    [Fact]
    public void Values_that_do_not_convert_and_values_out_of_range_are_listed_together_each_by_its_key()
    {
        var ex = Assert.Throws<SettingsException>(() => Load(new()
        {
            ["Server:Port"] = "abc",
            ["Server:ShutdownTimeoutSeconds"] = "0",
            ["Server:CheckDatabase"] = "yes",
            ["Embedding:Provider"] = "Bogus",
            ["Memory:Index:Quantization"] = "2",
            ["Llm:Temperature"] = "NaN",
            ["Agent:MaxTurns"] = "1000",
            ["Nit:MaxValueSize"] = "0",
        }));

        string[] expected =
        [
            "Server:Port must be an integer between 0 and 65535 (got 'abc').",
            "Server:CheckDatabase must be true or false (got 'yes').",
            "Embedding:Provider must be one of ArcticXs, OpenAI, Hashing (got 'Bogus').",
            "Memory:Index:Quantization must be one of Float32, Int8, Float16 (got '2').",
            "Server:ShutdownTimeoutSeconds must be an integer between 1 and 600 (got '0').",
            "Agent:MaxTurns must be an integer between 1 and 200 (got '1000').",
            "Nit:MaxValueSize must be an integer between 1 and 100000000 (got '0').",
            "Llm:Temperature must be a number between 0 and 2 (got 'NaN').",
        ];
        Assert.Equal(expected.Order(StringComparer.Ordinal), ex.Errors.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Every_documented_default_holds_without_configuration()
    {
        var settings = Load([]);

        Assert.Equal(("127.0.0.1", 9120, "data", (string?)null), (settings.Server.Host, settings.Server.Port, settings.Server.DataDirectory, settings.Server.ApiKey));
        Assert.Equal((TimeSpan.FromSeconds(30), true, 8L * 1024 * 1024), (settings.Server.ShutdownTimeout, settings.Server.CheckDatabase, settings.Server.MaxRequestBodyBytes));
        Assert.Empty(settings.Server.Origins);
        Assert.Equal((EmbeddingProvider.ArcticXs, 1, 4096, (int?)null), (settings.Embedding.Provider, settings.Embedding.Threads, settings.Embedding.CacheSize, settings.Embedding.Dimensions));
        Assert.Equal((16, 128, 48, true), (settings.MemoryIndex.Connectivity, settings.MemoryIndex.ExpansionAdd, settings.MemoryIndex.ExpansionSearch, settings.MemoryIndex.ScaleExpansionSearch));
        Assert.Equal(PeroCore.Memory.Indexing.VectorQuantization.Float16, settings.MemoryIndex.Quantization);
        Assert.Equal((0.7, 2, (string?)null), (settings.Llm.Temperature, settings.Llm.MaxRetries, settings.Llm.BaseUrl));
        Assert.Equal((30, 24_000, true, 1000), (settings.Agent.MaxTurns, settings.Agent.PromptTokenBudget, settings.Agent.ScorerEnabled, settings.Agent.ScorerQueueCapacity));
        Assert.Equal(("开心", "活泼", "正在想主人..."), (settings.PetStateDefaults.Mood, settings.PetStateDefaults.Vibe, settings.PetStateDefaults.Mind));
        Assert.Empty(settings.UserDefaults);
    }

    [Fact]
    public void Allowed_origins_are_read_from_one_separated_value_or_from_an_array()
    {
        Assert.Equal(["http://localhost:5173", "https://app.example"],
            Load(new() { ["Server:AllowedOrigins"] = "http://localhost:5173/, https://app.example;" }).Server.Origins);
        Assert.Equal(["http://a.example", "http://b.example", "http://c.example:8080"],
            Load(new() { ["Server:AllowedOrigins:0"] = "http://a.example", ["Server:AllowedOrigins:1"] = "http://b.example,http://c.example:8080" }).Server.Origins);

        var ex = Assert.Throws<SettingsException>(() => Load(new() { ["Server:AllowedOrigins"] = "http://ok.example,*,http://x.example/path" }));
        Assert.Equal(2, ex.Errors.Count);
        Assert.All(ex.Errors, e => Assert.StartsWith("Server:AllowedOrigins must be a list of origins", e, StringComparison.Ordinal));
    }

    [Fact]
    public void Blank_optional_values_mean_none_and_the_api_key_is_never_shown()
    {
        var settings = Load(new() { ["Server:ApiKey"] = "  ", ["Embedding:Dimensions"] = "", ["PetState:Mood"] = "", ["Defaults:owner_name"] = "Alice" });
        Assert.Null(settings.Server.ApiKey);
        Assert.Null(settings.Embedding.Dimensions);
        Assert.Equal("开心", settings.PetStateDefaults.Mood);
        Assert.Equal("Alice", settings.UserDefaults["owner_name"]);

        var open = Load(new() { ["Server:ApiKey"] = " 0123456789abcdef ", ["Server:Host"] = "0.0.0.0" }).Server;
        Assert.Equal(("0123456789abcdef", false), (open.ApiKey, open.IsLoopback)); // 16 characters: long enough, and required off loopback
    }

    [Fact]
    public void Cross_setting_rules_name_every_key_they_involve()
    {
        var ex = Assert.Throws<SettingsException>(() => Load(new() { ["Embedding:Provider"] = "OpenAI", ["Embedding:BaseUrl"] = "ftp://x", ["Server:ApiKey"] = "short" }));
        Assert.Contains("Embedding:BaseUrl must be an absolute http or https URL (got 'ftp://x').", ex.Errors);
        Assert.Contains("Embedding:BaseUrl and Embedding:Model must be set when Embedding:Provider is OpenAI.", ex.Errors);
        Assert.Contains("Server:ApiKey must be at least 16 characters long (got '***').", ex.Errors);
        Assert.DoesNotContain(ex.Errors, e => e.Contains("short", StringComparison.Ordinal));
    }

    private static PeroCoreSettings Load(Dictionary<string, string?> values) =>
        PeroCoreSettings.Load(new ConfigurationBuilder().AddInMemoryCollection(values).Build());
}
