namespace PeroCore.Server.Cli;

/// <summary>What a verb runs with: the standard streams and the settings given on the command line.</summary>
/// <param name="Input">Standard input (<c>-</c> as a file name reads it).</param>
/// <param name="Output">Standard output: results and help.</param>
/// <param name="Error">Standard error: progress and errors.</param>
/// <param name="Settings">The <c>--Section:Key=VALUE</c> arguments, for the configuration.</param>
internal sealed record CliContext(TextReader Input, TextWriter Output, TextWriter Error, IReadOnlyList<string> Settings);
