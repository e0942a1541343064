using PeroCore.Agent.Prompts;

namespace PeroCore.Agent.Tests.Prompts;

public sealed class PromptRendererTests
{
    private static readonly PromptRenderer Renderer = new();

    private static Dictionary<string, string?> Vars(params (string Key, string? Value)[] values) => values.ToDictionary(v => v.Key, v => v.Value);

    [Fact]
    public void Variables_and_nested_templates_are_replaced()
    {
        var templates = new Dictionary<string, string>
        {
            ["root"] = "Hello {{ owner_name }}! {{greeting}}",
            ["greeting"] = "It is {{current_time}}. {{sign}}",
            ["sign"] = "-- {{companion_name}}",
        };

        var result = Renderer.Render(templates, "root", Vars(("owner_name", "Alice"), ("current_time", "noon"), ("companion_name", "Pero")));

        Assert.Equal("Hello Alice! It is noon. -- Pero", result.Text);
        Assert.True(result.IsComplete);
    }

    [Fact]
    public void Variable_values_are_inserted_literally_and_never_expanded()
    {
        var templates = new Dictionary<string, string> { ["root"] = "Memory: {{memory_context}}", ["secret"] = "TOOLS" };

        var result = Renderer.Render(templates, "root", Vars(("memory_context", "the owner wrote {{secret}} and {{nothing}}")));

        Assert.Equal("Memory: the owner wrote {{secret}} and {{nothing}}", result.Text);
        Assert.Empty(result.Missing);
    }

    [Fact]
    public void A_variable_overrides_a_template_of_the_same_name()
    {
        var templates = new Dictionary<string, string> { ["root"] = "[{{section}}]", ["section"] = "long text" };

        Assert.Equal("[]", Renderer.Render(templates, "root", Vars(("section", ""))).Text);
        Assert.Equal("[long text]", Renderer.Render(templates, "root").Text);
    }

    [Fact]
    public void Cycles_are_marked_and_reported_instead_of_looping()
    {
        var templates = new Dictionary<string, string>
        {
            ["a"] = "A({{b}})",
            ["b"] = "B({{c}})",
            ["c"] = "C({{a}})",
            ["self"] = "S({{self}})",
        };

        var result = Renderer.Render(templates, "a");
        var self = Renderer.Render(templates, "self");

        Assert.Equal("A(B(C([cycle: a > b > c > a])))", result.Text);
        Assert.Equal(["a > b > c > a"], result.Cycles);
        Assert.False(result.IsComplete);
        Assert.Equal("S([cycle: self > self])", self.Text);
    }

    [Fact]
    public void Missing_names_are_marked_and_reported_once()
    {
        var templates = new Dictionary<string, string> { ["root"] = "{{x}} {{known}} {{x}} {{y}}", ["known"] = "k" };

        var result = Renderer.Render(templates, "root");

        Assert.Equal("[missing: x] k [missing: x] [missing: y]", result.Text);
        Assert.Equal(["x", "y"], result.Missing);
        Assert.Equal(["nope"], Renderer.Render(templates, "nope").Missing);
    }

    [Fact]
    public void Text_that_only_looks_like_a_placeholder_is_kept()
    {
        var templates = new Dictionary<string, string> { ["root"] = "json {\"a\": {\"b\": 1}} and {{ not a name }} and {{unclosed" };

        var result = Renderer.Render(templates, "root");

        Assert.Equal("json {\"a\": {\"b\": 1}} and {{ not a name }} and {{unclosed", result.Text);
        Assert.True(result.IsComplete);
    }

    [Fact]
    public void Exponential_expansion_is_cut_at_the_output_limit()
    {
        var templates = new Dictionary<string, string>
        {
            ["l0"] = "lol",
        };
        for (var i = 1; i <= 12; i++)
        {
            templates["l" + i] = string.Concat(Enumerable.Repeat("{{l" + (i - 1) + "}}", 10));
        }

        var renderer = new PromptRenderer(maxOutputChars: 100_000);
        var result = renderer.Render(templates, "l12");

        Assert.True(result.Truncated);
        Assert.True(result.Text.Length <= 100_000 + "[truncated]".Length);
        Assert.EndsWith("[truncated]", result.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Deep_nesting_stops_at_the_depth_limit()
    {
        var templates = Enumerable.Range(0, 50).ToDictionary(i => "t" + i, i => i == 49 ? "end" : "{{t" + (i + 1) + "}}");

        var result = new PromptRenderer(maxDepth: 8).Render(templates, "t0");

        Assert.True(result.Truncated);
        Assert.Equal("[truncated]", result.Text);
    }
}
