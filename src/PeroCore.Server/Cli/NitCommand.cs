using System.CommandLine;
using PeroCore.Nit.Cli;

namespace PeroCore.Server.Cli;

/// <summary>
/// <c>perocore nit check|run FILE|-</c>: the NIT language on the command line (<see cref="NitCommandLine"/>). Exit codes
/// 0 success, 1 NIT error (syntax error, failed statement), 2 usage or I/O error.
/// </summary>
internal static class NitCommand
{
    /// <summary>The <c>nit</c> command with <c>check</c> and <c>run</c>.</summary>
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new Command("nit", "The NIT tool-script language.")
        {
            Verb(context, "check", "Parse a NIT script (or a reply holding NIT blocks): the AST as JSON, or the error with its line and column."),
            Verb(context, "run", "Run a NIT script against the echo and sleep test tools."),
        };
    }

    private static Command Verb(CliContext context, string name, string description)
    {
        var file = new Argument<string>("FILE") { Description = "The script, or - for standard input." };
        var command = new Command(name, description) { file };
        command.SetAction((result, ct) =>
            new NitCommandLine().InvokeAsync([name, result.GetRequiredValue(file)], context.Input, context.Output, context.Error, ct));
        return command;
    }
}
