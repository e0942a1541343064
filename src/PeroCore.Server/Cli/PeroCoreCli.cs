using PeroCore.Memory.Storage;
using PeroCore.Server.Configuration;
using PeroCore.Server.Hosting;

namespace PeroCore.Server.Cli;

/// <summary>The <c>perocore</c> executable: <c>serve</c> (the default) and the other verbs.</summary>
internal static class PeroCoreCli
{
    /// <summary>Exit code for a bad setting or command line.</summary>
    public const int ExitBadConfiguration = 2;

    /// <summary>Exit code when another process owns the data folder.</summary>
    public const int ExitFolderLocked = 3;

    /// <summary>Exit code when the database is from a newer version.</summary>
    public const int ExitSchemaTooNew = 4;

    /// <summary>Exit code when the port is taken.</summary>
    public const int ExitAddressInUse = 5;

    /// <summary>
    /// Exit code when the database is damaged (<c>PRAGMA quick_check</c> failed or SQLite cannot read it), and of
    /// <c>perocore repair</c> when nothing could be salvaged.
    /// </summary>
    public const int ExitDatabaseDamaged = 6;

    private const string Usage = """
        Usage: perocore [serve] [options]        run the server (default)
               perocore nit check FILE|-         parse a NIT script: AST as JSON, or the error with line/column
               perocore nit run FILE|-           run a NIT script against the echo/sleep test tools
               perocore eval locomo --data FILE... [--out report.json]
                                                 LoCoMo retrieval evaluation (recall@k, latency)
               perocore import FILE.jsonl|-      bulk-import memories (server must be stopped)
               perocore repair [--data FOLDER]   salvage a damaged database into a new one, keeping the damaged
                                                 file beside it (server must be stopped)
               perocore bench [--full]           speed benchmarks: one markdown table (indexes cached in bench/.cache)
               perocore help                     show this text

        Options (also settable in appsettings.json or as PEROCORE__Section__Key environment variables):
          --host ADDRESS       bind address (Server:Host, default 127.0.0.1)
          --port N             port (Server:Port, default 9120)
          --data FOLDER        data folder (Server:DataDirectory, default ./data)
          --api-key KEY        key clients must send (Server:ApiKey; required off loopback)
          --Section:Key=VALUE  any other setting
        """;

    /// <summary>Runs the command line; returns the process exit code.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var verb = args.Length > 0 && !args[0].StartsWith('-') ? args[0] : "serve";
        var rest = args.Length > 0 && !args[0].StartsWith('-') ? args[1..] : args;
        switch (verb)
        {
            case "serve":
                return await ServeAsync(rest, error, cancellationToken).ConfigureAwait(false);
            case "nit":
                return await new PeroCore.Nit.Cli.NitCommandLine().InvokeAsync(rest, Console.In, output, error, cancellationToken).ConfigureAwait(false);
            case "eval":
                return await Guard(() => EvalCommand.RunAsync(rest, output, error, cancellationToken), error).ConfigureAwait(false);
            case "import":
                return await Guard(() => ImportCommand.RunAsync(rest, Console.In, output, error, cancellationToken), error).ConfigureAwait(false);
            case "repair":
                return await Guard(() => RepairCommand.RunAsync(rest, output, error, cancellationToken), error).ConfigureAwait(false);
            case "bench":
                return await Guard(() => BenchCommand.RunAsync(rest, output, error, cancellationToken), error).ConfigureAwait(false);
            case "help" or "--help" or "-h":
                await output.WriteLineAsync(Usage).ConfigureAwait(false);
                return 0;
            default:
                await error.WriteLineAsync($"Unknown command '{verb}'.{Environment.NewLine}{Usage}").ConfigureAwait(false);
                return ExitBadConfiguration;
        }
    }

    private static async Task<int> Guard(Func<Task<int>> verb, TextWriter error)
    {
        try
        {
            return await verb().ConfigureAwait(false);
        }
        catch (SettingsException ex)
        {
            await error.WriteLineAsync(ex.Message).ConfigureAwait(false);
            return ExitBadConfiguration;
        }
        catch (DataFolderLockedException ex)
        {
            await error.WriteLineAsync(ex.Message).ConfigureAwait(false);
            return ExitFolderLocked;
        }
        catch (SchemaVersionException ex)
        {
            await error.WriteLineAsync(ex.Message).ConfigureAwait(false);
            return ExitSchemaTooNew;
        }
        catch (DatabaseCorruptException ex)
        {
            await error.WriteLineAsync(ex.Message).ConfigureAwait(false);
            return ExitDatabaseDamaged;
        }
        catch (InvalidDataException ex)
        {
            await error.WriteLineAsync(ex.Message).ConfigureAwait(false);
            return ExitBadConfiguration;
        }
    }

    private static async Task<int> ServeAsync(string[] args, TextWriter error, CancellationToken cancellationToken)
    {
        if (args.Any(a => a is "--help" or "-h"))
        {
            await error.WriteLineAsync(Usage).ConfigureAwait(false);
            return 0;
        }

        PeroCoreApplication? app = null;
        try
        {
            return await Guard(async () =>
            {
                app = await PeroCoreApplication.CreateAsync(args).ConfigureAwait(false);
                try
                {
                    await app.RunAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (IOException ex) when (ex.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
                {
                    var server = app.Settings.Server;
                    await error.WriteLineAsync(
                        $"Cannot listen on {server.Host}:{server.Port}: the address is already in use (is another server running?). " +
                        "Choose another port with --port N or Server:Port.").ConfigureAwait(false);
                    return ExitAddressInUse;
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
