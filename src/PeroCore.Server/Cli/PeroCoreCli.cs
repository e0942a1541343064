using System.CommandLine;
using Microsoft.Extensions.Options;
using PeroCore.Memory.Storage;
using PeroCore.Server.Configuration;

namespace PeroCore.Server.Cli;

/// <summary>
/// The <c>perocore</c> executable on System.CommandLine: <c>serve</c> (the default) and the other verbs. Unknown options
/// and verbs are refused with exit code 2 and a usage line on standard error; <c>--help</c> (and <c>help VERB</c>)
/// prints to standard output. Any setting can be given as <c>--Section:Key=VALUE</c> to the verbs that read settings.
/// </summary>
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

    /// <summary>Exit code of <c>import</c> when lines were bad (skipped, or with <c>--strict</c> nothing written).</summary>
    public const int ExitLinesRejected = 7;

    private const string RootDescription = """
        PeroCore: a self-hosted AI companion server with long-term memory. Without a command it runs the server (serve).

        Settings come from appsettings.json, PEROCORE__Section__Key environment variables and, overriding both, the
        command line: --Section:Key=VALUE (or --Section:Key VALUE) for any key, e.g. --Embedding:Provider=Hashing,
        and the options below for the common ones. See README.md for every key.

        Exit codes: 0 done, 2 bad setting or command line, 3 data folder in use by another process, 4 database from a
        newer PeroCore, 5 port in use, 6 damaged database, 7 import lines rejected.
        """;

    /// <summary>Runs the command line; returns the process exit code.</summary>
    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default) =>
        RunAsync(args, Console.In, output, error, cancellationToken);

    /// <summary>Runs the command line with <paramref name="input"/> as standard input; returns the process exit code.</summary>
    public static async Task<int> RunAsync(string[] args, TextReader input, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);

        // "perocore help [VERB...]" is "perocore [VERB...] --help".
        if (args is ["help", .. var topic])
        {
            args = [.. topic, "--help"];
        }

        var (settings, rest) = SettingArguments.Split(args, out var missingValue);
        var context = new CliContext(input, output, error, settings);
        var root = CreateRoot(context, out var readSettings);
        if (missingValue is not null)
        {
            return await RefuseAsync(root, [$"The setting '{missingValue}' has no value: write {missingValue}=VALUE."], error).ConfigureAwait(false);
        }

        if (rest is [var verb, ..] && !verb.StartsWith('-') && !root.Subcommands.Any(c => c.Name == verb || c.Aliases.Contains(verb)))
        {
            return await RefuseAsync(root, [$"Unknown command '{verb}'. The commands are: {string.Join(", ", root.Subcommands.Select(c => c.Name))}."], error)
                .ConfigureAwait(false);
        }

        var result = root.Parse(rest, new ParserConfiguration { ResponseFileTokenReplacer = null });
        var command = result.CommandResult.Command;
        var errors = result.Errors.Select(e => e.Message).ToList();
        if (settings.Count > 0 && !readSettings.Contains(command) && result.Action is not System.CommandLine.Help.HelpAction)
        {
            errors.AddRange(settings.Select(s => $"Unrecognized command or argument '{s}' ('{command.Name}' reads no settings)."));
        }

        if (errors.Count > 0)
        {
            return await RefuseAsync(command, errors, error).ConfigureAwait(false);
        }

        return await result.InvokeAsync(new InvocationConfiguration
        {
            Output = output,
            Error = error,
            EnableDefaultExceptionHandler = false, // GuardAsync maps the known failures; anything else is a bug to see whole
            ProcessTerminationTimeout = null,       // the host handles Ctrl-C and SIGTERM (a graceful shutdown)
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs a verb, mapping the failures a user can act on to one message and their exit code.</summary>
    public static async Task<int> GuardAsync(Func<Task<int>> verb, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(verb);
        ArgumentNullException.ThrowIfNull(error);
        var (exitCode, message) = await TryAsync(verb).ConfigureAwait(false);
        if (message is not null)
        {
            await error.WriteLineAsync(message).ConfigureAwait(false);
        }

        return exitCode;
    }

    private static async Task<(int ExitCode, string? Message)> TryAsync(Func<Task<int>> verb)
    {
        try
        {
            return (await verb().ConfigureAwait(false), null);
        }
        catch (SettingsException ex)
        {
            return (ExitBadConfiguration, ex.Message);
        }
        catch (OptionsValidationException ex)
        {
            return (ExitBadConfiguration, new SettingsException([.. ex.Failures]).Message);
        }
        catch (DataFolderLockedException ex)
        {
            return (ExitFolderLocked, ex.Message);
        }
        catch (SchemaVersionException ex)
        {
            return (ExitSchemaTooNew, ex.Message);
        }
        catch (DatabaseCorruptException ex)
        {
            return (ExitDatabaseDamaged, ex.Message);
        }
        catch (InvalidDataException ex)
        {
            return (ExitBadConfiguration, ex.Message);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A file the verb reads or writes (import, export, backup): the message names it.
            return (ExitBadConfiguration, ex.Message);
        }
    }

    private static RootCommand CreateRoot(CliContext context, out HashSet<Command> readSettings)
    {
        var root = ServeCommand.AddTo(new RootCommand(RootDescription), context);
        var serve = ServeCommand.Create(context);
        var import = ImportCommand.Create(context);
        var export = ExportCommand.Create(context);
        var backup = BackupCommand.Create(context);
        var repair = RepairCommand.Create(context);
        var eval = EvalCommand.Create(context);
        var migrate = MigrateCommand.Create(context);
        var mcp = McpCommand.Create(context);
        root.Subcommands.Add(serve);
        root.Subcommands.Add(import);
        root.Subcommands.Add(export);
        root.Subcommands.Add(backup);
        root.Subcommands.Add(NitCommand.Create(context));
        root.Subcommands.Add(eval);
        var bench = BenchCommand.Create(context);
        root.Subcommands.Add(bench);
        root.Subcommands.Add(repair);
        root.Subcommands.Add(migrate);
        root.Subcommands.Add(mcp);
        readSettings = [root, serve, import, export, backup, repair, migrate, mcp, bench, .. eval.Subcommands];
        return root;
    }

    private static async Task<int> RefuseAsync(Command command, IEnumerable<string> errors, TextWriter error)
    {
        foreach (var message in errors)
        {
            await error.WriteLineAsync(message).ConfigureAwait(false);
        }

        var path = string.Join(' ', Path(command));
        await error.WriteLineAsync($"Usage: {Usage(command)}").ConfigureAwait(false);
        await error.WriteLineAsync($"Run '{path} --help' for more.").ConfigureAwait(false);
        return ExitBadConfiguration;
    }

    /// <summary>The usage line of a command, e.g. <c>perocore import &lt;FILE&gt; [options]</c>.</summary>
    private static string Usage(Command command)
    {
        var parts = Path(command).ToList();
        if (command is RootCommand)
        {
            parts.Add("[serve]");
        }

        parts.AddRange(command.Arguments.Select(a => a.Arity.MinimumNumberOfValues > 0 ? $"<{a.Name}>" : $"[<{a.Name}>]"));
        if (command.Subcommands.Count > 0 && command is not RootCommand)
        {
            parts.Add("<command>");
        }

        if (command.Options.Any(o => o is not System.CommandLine.Help.HelpOption and not VersionOption))
        {
            parts.Add("[options]");
        }

        if (command is RootCommand)
        {
            parts.Add("| perocore <command> [options]");
        }

        return string.Join(' ', parts);
    }

    private static IEnumerable<string> Path(Command command)
    {
        var names = new Stack<string>();
        for (Symbol? symbol = command; symbol is Command c; symbol = c.Parents.FirstOrDefault())
        {
            names.Push(c is RootCommand ? "perocore" : c.Name);
        }

        return names;
    }
}
