using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace PeroCore.Server.Tests;

/// <summary><c>/openapi/v1.json</c> names every mapped HTTP endpoint with its body, answers and errors; <c>/scalar</c> renders it offline.</summary>
public sealed partial class OpenApiTests : ApiTestBase
{
    /// <summary>Mapped endpoints the document may leave out, and why.</summary>
    private static readonly (string Prefix, string Reason)[] Exceptions =
    [
        ("/ws/", "WebSocket handshakes are not HTTP operations OpenAPI can describe"),
        ("/api/events", "a server-sent event stream that never ends; described in the README"),
        ("/openapi/", "the document itself"),
        ("/scalar", "the documentation page and its assets"),
        ("/mcp", "the MCP protocol endpoint (JSON-RPC over Streamable HTTP, the MCP SDK's own route); described in the README"),
    ];

    [Fact]
    public async Task Every_mapped_endpoint_is_in_the_document_with_its_answers_and_errors()
    {
        var document = await GetJsonAsync("/openapi/v1.json");
        var paths = document.GetProperty("paths");
        var documented = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in paths.EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject().Where(o => o.Name is "get" or "post" or "put" or "patch" or "delete" or "head"))
            {
                documented.Add($"{operation.Name.ToUpperInvariant()} {path.Name}");
            }
        }

        var endpoints = ((IEndpointRouteBuilder)Server.App.App).DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>().ToList();
        var missing = new List<string>();
        var checkedCount = 0;
        foreach (var endpoint in endpoints)
        {
            var pattern = "/" + (endpoint.RoutePattern.RawText ?? string.Empty).Trim('/');
            if (Exceptions.Any(e => pattern.StartsWith(e.Prefix, StringComparison.Ordinal) || pattern + "/" == e.Prefix))
            {
                continue;
            }

            // The document writes {id:long} as {id}.
            var documentPath = Constraint().Replace(pattern, "}");
            foreach (var method in endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"])
            {
                checkedCount++;
                if (!documented.Contains($"{method} {documentPath}"))
                {
                    missing.Add($"{method} {pattern}");
                }
            }
        }

        Assert.True(checkedCount >= 35, $"only {checkedCount} endpoints checked");
        Assert.True(missing.Count == 0, "Mapped but not in /openapi/v1.json:\n" + string.Join("\n", missing));

        foreach (var path in paths.EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject().Where(o => o.Name is "get" or "post" or "put" or "patch" or "delete"))
            {
                var name = $"{operation.Name.ToUpperInvariant()} {path.Name}";
                var responses = operation.Value.GetProperty("responses");
                Assert.True(responses.EnumerateObject().Any(r => r.Name.StartsWith('2') || r.Name == "501"), $"{name} documents no success answer");
                Assert.True(responses.TryGetProperty("400", out _), $"{name} documents no 400");
                if (path.Name.Contains('{', StringComparison.Ordinal))
                {
                    Assert.True(responses.TryGetProperty("404", out _), $"{name} documents no 404");
                }

                if (operation.Name is "put" or "patch")
                {
                    Assert.True(operation.Value.TryGetProperty("requestBody", out _), $"{name} documents no request body");
                }

                if (operation.Value.TryGetProperty("requestBody", out _))
                {
                    Assert.True(responses.TryGetProperty("422", out _), $"{name} documents no 422");
                }
            }
        }
    }

    [Theory]
    [InlineData("/api/memories", "post", "content")]
    [InlineData("/api/memories/{id}", "patch", "importance")]
    [InlineData("/api/chat", "post", "messages")]
    [InlineData("/api/open-path", "post", "path")]
    [InlineData("/api/models", "post", "model_id")]
    [InlineData("/api/task/{session}/inject", "post", "instruction")]
    [InlineData("/api/tasks", "post", "time")]
    [InlineData("/api/tasks/{id}", "patch", "content")]
    public async Task Bodies_read_by_hand_show_their_fields(string path, string method, string field)
    {
        var document = await GetJsonAsync("/openapi/v1.json");
        var schema = document.GetProperty("paths").GetProperty(path).GetProperty(method).GetProperty("requestBody")
            .GetProperty("content").GetProperty("application/json").GetProperty("schema");
        if (schema.TryGetProperty("$ref", out var reference))
        {
            var name = reference.GetString()!.Split('/')[^1];
            schema = document.GetProperty("components").GetProperty("schemas").GetProperty(name);
        }

        Assert.True(schema.GetProperty("properties").TryGetProperty(field, out _), $"{method} {path} body lacks '{field}': {schema}");
    }

    [Fact]
    public async Task Success_answers_carry_their_schema()
    {
        var document = await GetJsonAsync("/openapi/v1.json");
        var get = document.GetProperty("paths").GetProperty("/api/memories/{id}").GetProperty("get").GetProperty("responses");
        Assert.True(get.GetProperty("200").GetProperty("content").TryGetProperty("application/json", out _));
        var status = document.GetProperty("paths").GetProperty("/api/system/status").GetProperty("get").GetProperty("responses").GetProperty("200")
            .GetProperty("content").GetProperty("application/json").GetProperty("schema");
        var name = status.GetProperty("$ref").GetString()!.Split('/')[^1];
        var properties = document.GetProperty("components").GetProperty("schemas").GetProperty(name).GetProperty("properties");
        Assert.All(new[] { "cpu", "memory", "disk", "boot_time" }, key => Assert.True(properties.TryGetProperty(key, out _), key));
    }

    [Fact]
    public async Task Scalar_serves_its_page_and_script_from_the_server_itself()
    {
        using var page = await Server.Client.GetAsync("/scalar/");
        var html = await page.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.DoesNotContain("cdn.jsdelivr", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("https://", ScriptSources(html).FirstOrDefault() ?? string.Empty, StringComparison.Ordinal);
        foreach (var script in ScriptSources(html))
        {
            Assert.False(Uri.TryCreate(script, UriKind.Absolute, out var absolute) && absolute.Scheme.StartsWith("http", StringComparison.Ordinal), $"script from elsewhere: {script}");
            using var asset = await Server.Client.GetAsync(new Uri(new Uri(Server.Client.BaseAddress!, "/scalar/"), script));
            Assert.Equal(HttpStatusCode.OK, asset.StatusCode);
            Assert.True((await asset.Content.ReadAsByteArrayAsync()).Length > 1000, $"{script} is nearly empty");
        }

        Assert.NotEmpty(ScriptSources(html));
    }

    [Fact]
    public async Task The_documentation_is_readable_without_the_api_key_and_the_api_is_not()
    {
        const string key = "0123456789abcdef-docs";
        await using var server = await ServerFixture.StartAsync("--api-key", key);

        using var document = await server.Client.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, document.StatusCode);
        Assert.Contains("bearer", await document.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var page = await server.Client.GetAsync("/scalar/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        using var api = await server.Client.GetAsync("/api/memories");
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
        using var post = await server.Client.PostAsync("/openapi/v1.json", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Unauthorized, post.StatusCode);
    }

    private static List<string> ScriptSources(string html) =>
        [.. ScriptSource().Matches(html).Select(m => m.Groups[1].Value)];

    [GeneratedRegex(@":[^}]+}")]
    private static partial Regex Constraint();

    [GeneratedRegex("<script[^>]*\\ssrc=\"([^\"]+)\"")]
    private static partial Regex ScriptSource();
}
