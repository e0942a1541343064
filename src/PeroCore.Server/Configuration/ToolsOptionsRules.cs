using Microsoft.Extensions.Options;
using PeroCore.Agent.Tools;
using PeroCore.Agent.Tools.Web;

namespace PeroCore.Server.Configuration;

/// <summary>The rules of <see cref="ToolsOptions"/> on items: the workspace path, the allowed networks, the switches.</summary>
internal sealed class ToolsOptionsRules : IValidateOptions<ToolsOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, ToolsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (options.WorkspaceDirectory is { } workspace && (workspace.IndexOfAny(Path.GetInvalidPathChars()) >= 0 || workspace.Contains('\0', StringComparison.Ordinal)))
        {
            errors.Add(SettingsMessage.Format("Tools:WorkspaceDirectory", "a valid folder path", workspace));
        }

        foreach (var network in options.FetchAllowedNetworks.Items)
        {
            try
            {
                AddressPolicy.ParseNetwork(network);
            }
            catch (FormatException)
            {
                errors.Add(SettingsMessage.Format("Tools:FetchAllowedNetworks", "a list of IP addresses or CIDR networks such as 192.168.1.0/24", network));
            }
        }

        foreach (var group in options.Disabled.Items)
        {
            if (string.Equals(group, ToolSwitches.CorePlugin, StringComparison.OrdinalIgnoreCase))
            {
                errors.Add(SettingsMessage.Format("Tools:Disabled", "tool groups other than CoreOps (finish_task ends every task)", group));
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
