using System.Globalization;
using System.Text;
using PeroCore.Nit.Blocks;
using PeroCore.Nit.Legacy;
using PeroCore.Nit.Parsing;
using PeroCore.Nit.Runtime;
using PeroCore.Nit.Tools;
using PeroCore.Nit.Values;

namespace PeroCore.Nit.Cli;

/// <summary>
/// The logic of <c>perocore nit check FILE|-</c> and <c>perocore nit run FILE|-</c>. The input is either a bare
/// script or a reply containing blocks (detected by the presence of a closed block).
/// Exit codes: 0 success, 1 NIT error (syntax error, failed statement), 2 usage or I/O error.
/// </summary>
public sealed class NitCommandLine
{
    private readonly Func<NitToolRegistry> _toolsFactory;

    /// <summary>Creates the command line; <c>run</c> uses a fresh registry with <see cref="NitTestTools"/> unless given a factory.</summary>
    public NitCommandLine(Func<NitToolRegistry>? toolsFactory = null)
    {
        _toolsFactory = toolsFactory ?? (() => NitTestTools.AddTo(new NitToolRegistry()));
    }

    /// <summary>Runs <c>check|run FILE|-</c> (the arguments after <c>nit</c>); <c>-</c> reads <paramref name="input"/>.</summary>
    public async Task<int> InvokeAsync(IReadOnlyList<string> args, TextReader input, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        if (args.Count != 2 || args[0] is not ("check" or "run"))
        {
            await error.WriteLineAsync("usage: perocore nit check|run FILE|-".AsMemory(), cancellationToken).ConfigureAwait(false);
            return 2;
        }

        TextReader reader = input;
        StreamReader? file = null;
        if (args[1] != "-")
        {
            try
            {
                file = new StreamReader(args[1], Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                await error.WriteLineAsync($"error: cannot read '{args[1]}': {ex.Message}".AsMemory(), cancellationToken).ConfigureAwait(false);
                return 2;
            }

            reader = file;
        }

        using (file)
        {
            return args[0] == "check"
                ? await CheckAsync(reader, output, error, cancellationToken).ConfigureAwait(false)
                : await RunAsync(reader, output, error, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Parses the input and prints the AST as JSON (a reply prints one entry per block); on a syntax error prints it
    /// with line and column (relative to the input file) and returns 1.
    /// </summary>
    public async Task<int> CheckAsync(TextReader input, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        string text = await input.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        NitExtractionResult extraction = NitBlockExtractor.Default.Extract(text);
        if (extraction.Blocks.Count == 0)
        {
            if (!NitParser.TryParse(text, out NitScript? script, out NitException? syntax))
            {
                await error.WriteLineAsync(syntax.Message.AsMemory(), cancellationToken).ConfigureAwait(false);
                return 1;
            }

            await output.WriteLineAsync(script.ToJson().AsMemory(), cancellationToken).ConfigureAwait(false);
            return 0;
        }

        int exit = 0;
        var json = new StringBuilder("[\n");
        foreach (NitBlock block in extraction.Blocks)
        {
            if (json.Length > 2)
            {
                json.Append(",\n");
            }

            json.Append(CultureInfo.InvariantCulture, $"{{\"block\": {block.Index + 1}, \"line\": {block.Line}, \"kind\": \"{(block.Kind == NitBlockKind.Script ? "script" : "legacy")}\", ");
            if (block.Kind == NitBlockKind.Legacy)
            {
                NitLegacyCall call = NitLegacyParser.Parse(block.Content);
                json.Append("\"plugin\": ").Append(NitValueFormatter.ToJson(call.PluginName))
                    .Append(", \"parameters\": ").Append(NitValueFormatter.ToJson(call.Parameters)).Append('}');
                continue;
            }

            if (NitParser.TryParse(block.Content, out NitScript? script, out NitException? syntax))
            {
                json.Append("\"ast\": ").Append(script.ToJson(indented: false)).Append('}');
                continue;
            }

            exit = 1;
            (int line, int column) = ToReplyPosition(block, syntax.Line, syntax.Column);
            json.Append("\"error\": ").Append(NitValueFormatter.ToJson(syntax.Headline)).Append('}');
            string where = string.Create(CultureInfo.InvariantCulture, $"block {block.Index + 1} (input line {line}, col {column}): ");
            await error.WriteLineAsync((where + syntax.Message).AsMemory(), cancellationToken).ConfigureAwait(false);
        }

        json.Append("\n]");
        await output.WriteLineAsync(json.ToString().AsMemory(), cancellationToken).ConfigureAwait(false);
        return exit;
    }

    /// <summary>
    /// Runs the input against the test tools (<c>echo</c>, <c>sleep</c>): prints each block's summary, waits for
    /// background tasks and prints their results; a runtime error that stopped a script (a value over the size
    /// budget) is also printed to <paramref name="error"/> with its line, column and source line. Returns 1 when
    /// anything failed.
    /// </summary>
    public async Task<int> RunAsync(TextReader input, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        string text = await input.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        await using var tasks = new NitTaskManager();
        await using var runtime = new NitRuntime(_toolsFactory());
        var context = new NitExecutionContext { Tasks = tasks };
        bool failed;

        NitExtractionResult extraction = NitBlockExtractor.Default.Extract(text);
        if (extraction.Blocks.Count == 0)
        {
            NitExecutionResult result = await runtime.ExecuteAsync(text, context, cancellationToken).ConfigureAwait(false);
            failed = !result.IsSuccess;
            TextWriter target = result.SyntaxError is null ? output : error;
            if (result.Output.Length > 0)
            {
                await target.WriteLineAsync(result.Output.AsMemory(), cancellationToken).ConfigureAwait(false);
            }

            if (result.RuntimeError is { } stopped)
            {
                await error.WriteLineAsync(stopped.Message.AsMemory(), cancellationToken).ConfigureAwait(false);
            }
        }
        else
        {
            var dispatcher = new NitDispatcher(runtime);
            NitDispatchResult dispatch = await dispatcher.DispatchAsync(extraction, null, context, cancellationToken).ConfigureAwait(false);
            failed = dispatch.HasErrors;
            foreach (NitBlockResult record in dispatch.Records)
            {
                string header = string.Create(CultureInfo.InvariantCulture, $"[block {record.Block.Index + 1}, line {record.Block.Line}] {record.Plugin}: {record.Status.ToString().ToLowerInvariant()}");
                await output.WriteLineAsync(header.AsMemory(), cancellationToken).ConfigureAwait(false);
                if (record.Output.Length > 0)
                {
                    await output.WriteLineAsync(record.Output.AsMemory(), cancellationToken).ConfigureAwait(false);
                }

                if (record.Execution?.RuntimeError is { } stopped)
                {
                    (int line, int column) = ToReplyPosition(record.Block, stopped.Line, stopped.Column);
                    string where = string.Create(CultureInfo.InvariantCulture, $"block {record.Block.Index + 1} (input line {line}, col {column}): ");
                    await error.WriteLineAsync((where + stopped.Message).AsMemory(), cancellationToken).ConfigureAwait(false);
                }
            }
        }

        await tasks.WhenIdleAsync(cancellationToken).ConfigureAwait(false);
        foreach (NitTaskEvent e in tasks.DrainEvents())
        {
            failed |= !e.IsSuccess;
            await output.WriteLineAsync(e.Describe().AsMemory(), cancellationToken).ConfigureAwait(false);
        }

        await output.WriteLineAsync((failed ? "status: error" : "status: success").AsMemory(), cancellationToken).ConfigureAwait(false);
        return failed ? 1 : 0;
    }

    /// <summary>Maps a script position to the input: line 1 of a block starts right after its opening tag.</summary>
    private static (int Line, int Column) ToReplyPosition(NitBlock block, int line, int column)
        => line == 1 ? (block.Line, block.Column + block.OpenerLength + column - 1) : (block.Line + line - 1, column);
}
