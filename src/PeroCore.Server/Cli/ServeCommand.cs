using System.CommandLine;
using Microsoft.AspNetCore.Connections;
using PeroCore.Server.Hosting;

namespace PeroCore.Server.Cli;

/// <summary>
/// <c>perocore [serve] [--host ADDRESS] [--port N] [--data FOLDER] [--api-key KEY] [--Section:Key=VALUE...]</c>: runs the
/// server until Ctrl-C or SIGTERM. Each start failure with a known cause is one line on standard error and its exit code.
/// </summary>
internal static class ServeCommand
{
    /// <summary>What the server verb does (the root command shows it too).</summary>
    public const string Description = "Run the server (the default when no command is given) until Ctrl-C or SIGTERM.";

    /// <summary>The <c>serve</c> command.</summary>
    public static Command Create(CliContext context) => AddTo(new Command("serve", Description), context);

    /// <summary>Adds the server's options and action to <paramref name="command"/> (the root runs the server too).</summary>
    public static T AddTo<T>(T command, CliContext context)
        where T : Command
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(context);
        SettingOption[] shortcuts = [SettingOption.Host(), SettingOption.Port(), SettingOption.Data(), SettingOption.ApiKey()];
        foreach (var shortcut in shortcuts)
        {
            command.Options.Add(shortcut.Option);
        }

        command.SetAction((result, ct) => RunAsync(SettingOption.Arguments(result, context.Settings, shortcuts), context.Error, ct));
        return command;
    }

    /// <summary>Creates, starts and runs the server with the configuration arguments <paramref name="configuration"/>.</summary>
    public static async Task<int> RunAsync(string[] configuration, TextWriter error, CancellationToken cancellationToken)
    {
        PeroCoreApplication? app = null;
        try
        {
            return await PeroCoreCli.GuardAsync(async () =>
            {
                app = await PeroCoreApplication.CreateAsync(configuration).ConfigureAwait(false);
                try
                {
                    await app.RunAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (IOException ex) when (ex.InnerException is AddressInUseException)
                {
                    var server = app.Settings.Server;
                    await error.WriteLineAsync(
                        $"Cannot listen on {server.Host}:{server.Port}: the address is already in use (is another server running?). " +
                        "Choose another port with --port N or Server:Port.").ConfigureAwait(false);
                    return PeroCoreCli.ExitAddressInUse;
                }

                return 0;
            }, error).ConfigureAwait(false);
        }
        finally
        {
            if (app is not null)
            {
                await app.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
