using Microsoft.Extensions.Configuration;
using PeroCore.Server.Configuration;

namespace PeroCore.Server.Tests.Tools;

/// <summary>The <c>Tools</c> settings: defaults and refused values.</summary>
public sealed class ToolSettingsTests
{
    [Fact]
    public void The_workspace_defaults_to_the_data_folder_and_a_configured_one_is_used_as_given()
    {
        var options = new ToolsOptions().ToToolOptions("/srv/pero/data");
        Assert.Equal(Path.Combine("/srv/pero/data", "workspace"), options.WorkspaceDirectory);
        Assert.Equal("data", options.DataFolderName);
        Assert.Equal("/tmp/ws", new ToolsOptions { WorkspaceDirectory = "/tmp/ws" }.ToToolOptions("/srv/pero/data").WorkspaceDirectory);
    }

    [Fact]
    public void Bad_values_are_refused_naming_the_key()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Tools:FetchAllowedNetworks"] = "10.0.0.0/8,not-a-network",
            ["Tools:Disabled"] = "CoreOps",
            ["Tools:FetchTimeoutSeconds"] = "0",
        }).Build();
        var ex = Assert.Throws<SettingsException>(() => PeroCoreSettings.Load(configuration));
        Assert.Contains(ex.Errors, e => e.Contains("Tools:FetchAllowedNetworks", StringComparison.Ordinal) && e.Contains("not-a-network", StringComparison.Ordinal));
        Assert.Contains(ex.Errors, e => e.Contains("Tools:Disabled", StringComparison.Ordinal) && e.Contains("CoreOps", StringComparison.Ordinal));
        Assert.Contains(ex.Errors, e => e.Contains("Tools:FetchTimeoutSeconds", StringComparison.Ordinal));
    }
}
