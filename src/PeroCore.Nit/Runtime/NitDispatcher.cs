using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PeroCore.Nit.Blocks;
using PeroCore.Nit.Legacy;
using PeroCore.Nit.Tools;
using PeroCore.Nit.Values;

namespace PeroCore.Nit.Runtime;

/// <summary>
/// Runs every block of a model reply (spec §2.6, §3.3 and §9.1): all <c>&lt;nit&gt;</c> script blocks first, in text
/// order, then all NIT 1.0 legacy blocks, in text order. Blocks failing the NIT-ID handshake are refused and
/// reported as <see cref="NitStatus.Blocked"/>. Stateless: each reply is dispatched once (the caller resets its
/// response buffer every turn, so nothing is replayed). Thread-safe.
/// </summary>
public sealed class NitDispatcher
{
    /// <summary>The <c>plugin</c> of every script block record.</summary>
    public const string ScriptPluginName = "NIT_Script";

    private readonly ILogger _logger;

    /// <summary>Creates a dispatcher over an interpreter.</summary>
    public NitDispatcher(NitRuntime runtime, NitBlockExtractor? extractor = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        Runtime = runtime;
        Extractor = extractor ?? NitBlockExtractor.Default;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>The interpreter running script blocks.</summary>
    public NitRuntime Runtime { get; }

    /// <summary>The extractor (its syntax must match the stream filter's).</summary>
    public NitBlockExtractor Extractor { get; }

    /// <summary>Extracts and runs every block of <paramref name="reply"/>.</summary>
    public ValueTask<NitDispatchResult> DispatchAsync(string reply, NitDispatchOptions? options = null, NitExecutionContext? context = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reply);
        return DispatchAsync(Extractor.Extract(reply), options, context, cancellationToken);
    }

    /// <summary>Runs every block of an extraction.</summary>
    public async ValueTask<NitDispatchResult> DispatchAsync(NitExtractionResult extraction, NitDispatchOptions? options = null, NitExecutionContext? context = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(extraction);
        options ??= NitDispatchOptions.Default;
        context ??= NitExecutionContext.Empty;
        var records = new List<NitBlockResult>(extraction.Blocks.Count);
        bool anyScript = false;

        foreach (NitBlock block in extraction.Blocks)
        {
            if (block.Kind != NitBlockKind.Script)
            {
                continue;
            }

            anyScript = true;
            string? refusal = CheckHandshake(block, options, out string? warning);
            if (refusal is not null)
            {
                records.Add(new NitBlockResult(block, ScriptPluginName, NitStatus.Blocked, refusal, [], null, null));
                continue;
            }

            NitExecutionResult execution = await Runtime.ExecuteAsync(block.Content, context, cancellationToken).ConfigureAwait(false);
            records.Add(new NitBlockResult(block, ScriptPluginName, execution.Status, execution.Output, execution.ExecutedTools, execution, warning));
        }

        foreach (NitBlock block in extraction.Blocks)
        {
            if (block.Kind != NitBlockKind.Legacy)
            {
                continue;
            }

            NitLegacyCall call = NitLegacyParser.Parse(block.Content);
            if (options.LegacyPolicy == NitLegacyPolicy.Disabled
                || (options.LegacyPolicy == NitLegacyPolicy.SkipWhenScriptPresent && anyScript))
            {
                string reason = options.LegacyPolicy == NitLegacyPolicy.Disabled
                    ? "Skipped: NIT 1.0 ([[[NIT_CALL]]]) blocks are disabled; use a <nit> script."
                    : "Skipped: this reply already contains a <nit> script, so the NIT 1.0 block was not run.";
                records.Add(new NitBlockResult(block, call.PluginName, NitStatus.Skipped, reason, [], null, null));
                continue;
            }

            string? refusal = CheckHandshake(block, options, out string? warning);
            if (refusal is not null)
            {
                records.Add(new NitBlockResult(block, call.PluginName, NitStatus.Blocked, refusal, [], null, null));
                continue;
            }

            NitToolOutcome outcome = await Runtime.Tools.InvokeAsync(call.PluginName, call.Parameters, context, cancellationToken).ConfigureAwait(false);
            // The result is formatted only up to the runtime's value budget, then cut and marked.
            string output = NitValueFormatter.FormatBounded(outcome.ResultValue, Runtime.Options.MaxValueSize, out bool cut);
            if (cut)
            {
                output += NitRuntimeOptions.TruncationSuffix;
            }

            IReadOnlyList<string> tools = outcome.WasInvoked ? [outcome.Tool!.Name] : [];
            records.Add(new NitBlockResult(block, call.PluginName, outcome.IsSuccess ? NitStatus.Success : NitStatus.Error, output, tools, null, warning ?? outcome.Warning));
        }

        return new NitDispatchResult(extraction, records);
    }

    /// <summary>Returns the refusal text when the block must not run, else null (with a fallback warning if any).</summary>
    private string? CheckHandshake(NitBlock block, NitDispatchOptions options, out string? warning)
    {
        warning = null;
        if (options.ExpectedId is not { } expected)
        {
            return null;
        }

        string? refusal = null;
        if (block.Id is not null)
        {
            if (!NitHandshake.Matches(expected, block.Id))
            {
                string got = block.Id.ToUpperInvariant();
                refusal = options.RevealExpectedId
                    ? string.Format(CultureInfo.InvariantCulture, options.Texts.IdMismatchRevealedFormat, expected.Trim().ToUpperInvariant(), got)
                    : string.Format(CultureInfo.InvariantCulture, options.Texts.IdMismatchFormat, got);
            }
        }
        else if (options.StrictId)
        {
            refusal = block.Kind == NitBlockKind.Legacy ? options.Texts.StrictLegacyRefusal : options.Texts.StrictMissingIdRefusal;
        }
        else
        {
            warning = "Block without NIT ID ran in fallback mode.";
            NitLog.MissingBlockId(_logger);
        }

        if (refusal is not null)
        {
            NitLog.BlockRefused(_logger, refusal);
        }

        return refusal;
    }
}
