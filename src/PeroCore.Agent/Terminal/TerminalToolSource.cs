using System.Diagnostics;
using System.Globalization;
using System.Text;
using PeroCore.Agent.Confirmations;
using PeroCore.Agent.Tools;
using PeroCore.Nit.Tools;

namespace PeroCore.Agent.Terminal;

/// <summary>
/// <c>run_terminal_command(command, args?, cwd?)</c> (alias <c>execute_terminal_command</c>, the original's name): the
/// auditor (<see cref="TerminalAuditor"/>) refuses blocked commands first; every other command waits for the owner's
/// confirmation (<see cref="ConfirmationBroker"/>), and an unanswered one is refused. An approved command runs as an
/// executable with an argument list (never a shell string), in a folder inside the workspace, with its output and time
/// bounded; the result carries the exit code. Registered only when the host enables it.
/// </summary>
public sealed class TerminalToolSource(TerminalToolOptions options, ConfirmationBroker broker) : IToolSource
{
    /// <summary>The tool's name.</summary>
    public const string ToolName = "run_terminal_command";

    /// <inheritdoc />
    public IEnumerable<NitTool> CreateTools()
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(broker);
        yield return NitTool.Create(ToolName)
            .InPlugin("TerminalExecutor", "Terminal", "Runs a program on the owner's machine after the owner approves it.")
            .InCategory("work")
            .WithAlias("execute_terminal_command")
            .WithDescription("Runs a program in the workspace after the owner confirms it; returns its output and exit code. No shell: pipes, ';' and $(...) are passed as text.")
            .WithParameter("command", NitParameterType.String, "The program, or the program and its arguments separated by spaces (quotes group).", required: true)
            .WithOptionalParameter("args", NitParameterType.Array, null, "The arguments as a list (then command is only the program).")
            .WithOptionalParameter("cwd", NitParameterType.String, null, "A folder inside the workspace (default: the workspace).")
            .WithTimeout(Timeout.InfiniteTimeSpan) // waits for the owner, then its own run limit applies
            .Handle((call, ct) => new ValueTask<object?>(RunAsync(call, ct)))
            .Build();
    }

    /// <summary>Splits a command line into words: whitespace separates, single and double quotes group. Nothing else is special.</summary>
    public static List<string> Split(string commandLine)
    {
        ArgumentNullException.ThrowIfNull(commandLine);
        var words = new List<string>();
        var current = new StringBuilder();
        var inWord = false;
        char? quote = null;
        foreach (var c in commandLine)
        {
            if (quote is { } q)
            {
                if (c == q)
                {
                    quote = null;
                }
                else
                {
                    current.Append(c);
                }
            }
            else if (c is '"' or '\'')
            {
                quote = c;
                inWord = true;
            }
            else if (char.IsWhiteSpace(c))
            {
                if (inWord)
                {
                    words.Add(current.ToString());
                    current.Clear();
                    inWord = false;
                }
            }
            else
            {
                current.Append(c);
                inWord = true;
            }
        }

        if (inWord)
        {
            words.Add(current.ToString());
        }

        return words;
    }

    private async Task<object?> RunAsync(NitToolCall call, CancellationToken ct)
    {
        var texts = TerminalTexts.For(call);
        var given = call.GetList("args");
        var words = given is null ? Split(call.GetString("command") ?? string.Empty) : [call.GetString("command")?.Trim() ?? string.Empty];
        var verb = words.Count > 0 ? words[0] : string.Empty;
        List<string> args = given is null ? [.. words.Skip(1)] : [.. given.Select(a => a as string ?? Nit.Values.NitValueFormatter.Format(a))];

        var verdict = TerminalAuditor.Audit(verb, args);
        if (verdict.Risk == TerminalRisk.Block)
        {
            throw new InvalidOperationException(string.Format(CultureInfo.InvariantCulture, texts.BlockedFormat, verdict.Reason));
        }

        var root = Path.GetFullPath(options.WorkspaceDirectory);
        Directory.CreateDirectory(root);
        var requested = call.GetString("cwd");
        var cwd = Path.GetFullPath(string.IsNullOrWhiteSpace(requested) ? root : Path.Combine(root, requested));
        if (!IsInside(root, cwd) || !Directory.Exists(cwd) || LeavesThroughLink(root, cwd))
        {
            throw new InvalidOperationException(string.Format(CultureInfo.InvariantCulture, texts.OutsideWorkspaceFormat, requested));
        }

        var approved = await broker.RequestAsync(ToolName, verb, args, cwd, verdict.Risk.ToString().ToLowerInvariant(), verdict.Reason, options.ConfirmationTimeout, ct).ConfigureAwait(false);
        if (!approved)
        {
            throw new InvalidOperationException(string.Format(CultureInfo.InvariantCulture, texts.DeniedFormat, options.ConfirmationTimeout.TotalSeconds));
        }

        return await ExecuteAsync(verb, args, cwd, texts, ct).ConfigureAwait(false);
    }

    private async Task<string> ExecuteAsync(string verb, List<string> args, string cwd, TerminalTexts texts, CancellationToken ct)
    {
        var info = new ProcessStartInfo(verb)
        {
            WorkingDirectory = cwd,
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        using var process = new Process { StartInfo = info };
        try
        {
            process.Start();
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            throw new InvalidOperationException(string.Format(CultureInfo.InvariantCulture, texts.NotStartedFormat, ex.Message), ex);
        }

        process.StandardInput.Close();
        var stdout = ReadBoundedAsync(process.StandardOutput, options.MaxOutputChars);
        var stderr = ReadBoundedAsync(process.StandardError, options.MaxOutputChars);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(options.RunTimeout);
        var timedOut = false;
        try
        {
            await process.WaitForExitAsync(limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            timedOut = !ct.IsCancellationRequested;
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            if (!timedOut)
            {
                throw;
            }
        }

        var (output, outCut) = await stdout.ConfigureAwait(false);
        var (errors, errCut) = await stderr.ConfigureAwait(false);
        var sb = new StringBuilder();
        sb.Append(timedOut
            ? string.Format(CultureInfo.InvariantCulture, texts.TimedOutFormat, options.RunTimeout.TotalSeconds)
            : string.Format(CultureInfo.InvariantCulture, texts.ExitCodeFormat, process.ExitCode));
        if (output.Length > 0)
        {
            sb.Append("\n[STDOUT]\n").Append(output).Append(outCut ? texts.Truncated : string.Empty);
        }

        if (errors.Length > 0)
        {
            sb.Append("\n[STDERR]\n").Append(errors).Append(errCut ? texts.Truncated : string.Empty);
        }

        return sb.ToString();
    }

    /// <summary>Reads a stream to its end, keeping at most <paramref name="max"/> characters (the rest is drained so the process never blocks).</summary>
    private static async Task<(string Text, bool Truncated)> ReadBoundedAsync(StreamReader reader, int max)
    {
        var sb = new StringBuilder();
        var buffer = new char[4096];
        var truncated = false;
        int read;
        while ((read = await reader.ReadAsync(buffer).ConfigureAwait(false)) > 0)
        {
            var keep = Math.Min(read, max - sb.Length);
            if (keep > 0)
            {
                sb.Append(buffer, 0, keep);
            }

            truncated |= keep < read;
        }

        return (sb.ToString(), truncated);
    }

    private static bool IsInside(string root, string path)
    {
        var rootWithSeparator = root.EndsWith(Path.DirectorySeparatorChar) ? root : root + Path.DirectorySeparatorChar;
        return string.Equals(path.TrimEnd(Path.DirectorySeparatorChar), root.TrimEnd(Path.DirectorySeparatorChar), StringComparison.Ordinal) ||
               path.StartsWith(rootWithSeparator, StringComparison.Ordinal);
    }

    /// <summary>True when a folder between the root and <paramref name="path"/> is a link that points outside the root.</summary>
    private static bool LeavesThroughLink(string root, string path)
    {
        for (var current = new DirectoryInfo(path); current is not null && IsInside(root, current.FullName); current = current.Parent)
        {
            if (current.LinkTarget is not null && current.ResolveLinkTarget(returnFinalTarget: true) is { } target && !IsInside(root, Path.GetFullPath(target.FullName)))
            {
                return true;
            }

            if (string.Equals(current.FullName.TrimEnd(Path.DirectorySeparatorChar), root.TrimEnd(Path.DirectorySeparatorChar), StringComparison.Ordinal))
            {
                break;
            }
        }

        return false;
    }
}
