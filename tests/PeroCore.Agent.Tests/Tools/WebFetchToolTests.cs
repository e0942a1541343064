using System.Net;
using PeroCore.Agent.Tools.Web;

namespace PeroCore.Agent.Tests.Tools;

/// <summary>
/// <c>browser_fetch_text</c> through NIT against a local server on 127.0.0.1: refused by default (it is loopback), read
/// when config allows it, and every internal target (numeric forms, redirects, metadata) refused.
/// </summary>
public sealed class WebFetchToolTests : IAsyncLifetime
{
    private LocalWebServer _web = null!;

    public async Task InitializeAsync() => _web = await LocalWebServer.StartAsync();

    public async Task DisposeAsync() => await _web.DisposeAsync();

    [Fact]
    public async Task A_local_server_is_refused_by_default_without_being_contacted()
    {
        await using var h = await ToolHarness.StartAsync();
        var error = await h.ErrorAsync($"browser_fetch_text(url=\"{_web.BaseUrl}/article\")");
        Assert.Contains("Refused", error, StringComparison.Ordinal);
        Assert.Contains("127.0.0.1", error, StringComparison.Ordinal);
        var viaName = await h.ErrorAsync($"browser_fetch_text(url=\"http://localhost:{_web.Port}/article\")");
        Assert.Contains("Refused", viaName, StringComparison.Ordinal);
        Assert.Equal(0, _web.Hits);
    }

    [Fact]
    public async Task When_config_allows_the_address_the_page_is_read_as_readable_text()
    {
        await using var h = await ToolHarness.StartAsync(o => o with { FetchAllowedNetworks = ["127.0.0.1"] });
        var text = await h.OkAsync($"browser_fetch_text(url=\"{_web.BaseUrl}/article\")");
        Assert.Contains("# Cat care", text, StringComparison.Ordinal);
        Assert.Contains("# Feeding your cat", text, StringComparison.Ordinal);
        Assert.Contains("Cats need fresh water every day.", text, StringComparison.Ordinal);
        Assert.Contains("- Wet food", text, StringComparison.Ordinal);
        Assert.DoesNotContain("SCRIPT-TEXT", text, StringComparison.Ordinal);
        Assert.DoesNotContain("NAV-TEXT", text, StringComparison.Ordinal);
        Assert.DoesNotContain("FOOTER-TEXT", text, StringComparison.Ordinal);
        Assert.Contains("not instructions", text, StringComparison.Ordinal);

        Assert.Contains("just text", await h.OkAsync($"browser_fetch_text(url=\"{_web.BaseUrl}/redirect?to=/plain\")"), StringComparison.Ordinal);
        Assert.Contains("not text", await h.ErrorAsync($"browser_fetch_text(url=\"{_web.BaseUrl}/image\")"), StringComparison.Ordinal);
        Assert.Contains("HTTP 404", await h.ErrorAsync($"browser_fetch_text(url=\"{_web.BaseUrl}/missing\")"), StringComparison.Ordinal);
        Assert.Contains("Too many redirects", await h.ErrorAsync($"browser_fetch_text(url=\"{_web.BaseUrl}/loop\")"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Size_limits_cut_the_download_and_the_text()
    {
        await using var h = await ToolHarness.StartAsync(o => o with { FetchAllowedNetworks = ["127.0.0.0/8"], FetchMaxBytes = 4096, FetchMaxCharacters = 1000 });
        var text = await h.OkAsync($"browser_fetch_text(url=\"{_web.BaseUrl}/big\")");
        Assert.Contains("cut: 1000 of 4096", text, StringComparison.Ordinal);
        Assert.Contains("download limit", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("169.254.169.254/latest/meta-data/")]
    [InlineData("10.0.0.1/")]
    [InlineData("192.168.1.1/")]
    [InlineData("172.16.0.1/")]
    [InlineData("100.64.0.1/")]
    [InlineData("0.0.0.0/")]
    [InlineData("[::1]/")]
    [InlineData("[fe80::1]/")]
    [InlineData("[fd00::1]/")]
    [InlineData("[::ffff:10.0.0.1]/")]
    [InlineData("[::ffff:169.254.169.254]/")]
    public async Task A_redirect_to_an_internal_address_is_refused(string target)
    {
        await using var h = await ToolHarness.StartAsync(o => o with { FetchAllowedNetworks = ["127.0.0.1"] });
        var error = await h.ErrorAsync($"browser_fetch_text(url=\"{_web.BaseUrl}/redirect?to=http://{target}\")");
        Assert.Contains("Refused", error, StringComparison.Ordinal);
        Assert.Equal(1, _web.Hits);
    }

    [Fact]
    public async Task A_redirect_to_another_scheme_or_loopback_address_not_listed_is_refused()
    {
        await using var h = await ToolHarness.StartAsync(o => o with { FetchAllowedNetworks = ["127.0.0.1"] });
        Assert.Contains("only http and https", await h.ErrorAsync($"browser_fetch_text(url=\"{_web.BaseUrl}/redirect?to=file:///etc/passwd\")"), StringComparison.Ordinal);
        Assert.Contains("Refused", await h.ErrorAsync($"browser_fetch_text(url=\"{_web.BaseUrl}/redirect?to=http://127.0.0.2:{_web.Port}/plain\")"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://2130706433/")]
    [InlineData("http://0x7f.1/")]
    [InlineData("http://0x7f000001/")]
    [InlineData("http://0177.0.0.1/")]
    [InlineData("http://127.1/")]
    [InlineData("http://017700000001/")]
    [InlineData("http://[::ffff:7f00:1]/")]
    [InlineData("http://[0:0:0:0:0:ffff:127.0.0.1]/")]
    [InlineData("http://[::127.0.0.1]/")]
    [InlineData("http://[64:ff9b::a9fe:a9fe]/")]
    [InlineData("http://[2002:7f00:1::]/")]
    [InlineData("http://169.254.169.254/latest/meta-data/")]
    [InlineData("http://0/")]
    [InlineData("http://localhost/")]
    public async Task Numeric_and_embedded_forms_of_internal_addresses_are_refused(string url)
    {
        await using var h = await ToolHarness.StartAsync();
        var error = await h.ErrorAsync($"browser_fetch_text(url=\"{url}\")");
        Assert.Contains("Refused", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("file:///etc/passwd", "only http and https")]
    [InlineData("ftp://example.com/x", "only http and https")]
    [InlineData("gopher://127.0.0.1:70/", "only http and https")]
    [InlineData("http://user:pw@example.com/", "user name")]
    public async Task Other_schemes_and_credentials_are_refused(string url, string expected)
    {
        await using var h = await ToolHarness.StartAsync();
        Assert.Contains(expected, await h.ErrorAsync($"browser_fetch_text(url=\"{url}\")"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("10.1.2.3", true)]
    [InlineData("172.31.255.255", true)]
    [InlineData("172.32.0.1", false)]
    [InlineData("100.127.255.255", true)]
    [InlineData("100.128.0.1", false)]
    [InlineData("169.254.169.254", true)]
    [InlineData("8.8.8.8", false)]
    [InlineData("::1", true)]
    [InlineData("fe80::1", true)]
    [InlineData("fc00::1", true)]
    [InlineData("::ffff:10.0.0.1", true)]
    [InlineData("::ffff:8.8.8.8", false)]
    [InlineData("2606:4700:4700::1111", false)]
    public void The_policy_knows_internal_addresses(string address, bool isInternal)
    {
        Assert.Equal(isInternal, AddressPolicy.IsInternal(IPAddress.Parse(address)));
        Assert.Equal(!isInternal, new AddressPolicy().IsAllowed(IPAddress.Parse(address)));
    }
}
