using PeroCore.Nit.Blocks;

namespace PeroCore.Nit.Runtime;

/// <summary>One dispatch record (spec §2.6): what happened to one block.</summary>
public sealed class NitBlockResult
{
    internal NitBlockResult(NitBlock block, string plugin, NitStatus status, string output, IReadOnlyList<string> executedTools, NitExecutionResult? execution, string? warning)
    {
        Block = block;
        Plugin = plugin;
        Status = status;
        Output = output;
        ExecutedTools = executedTools;
        Execution = execution;
        Warning = warning;
    }

    /// <summary>The block.</summary>
    public NitBlock Block { get; }

    /// <summary><c>NIT_Script</c> for a script block, the plugin line for a legacy block.</summary>
    public string Plugin { get; }

    /// <summary>Success, error, blocked (handshake) or skipped (legacy policy).</summary>
    public NitStatus Status { get; }

    /// <summary>The text for the observation: the script summary, <c>Script Error: …</c>, the legacy result or the refusal.</summary>
    public string Output { get; }

    /// <summary>The block as written, tags included.</summary>
    public string RawBlock => Block.RawText;

    /// <summary>Tools the block invoked or scheduled.</summary>
    public IReadOnlyList<string> ExecutedTools { get; }

    /// <summary>The interpreter result of a script block that ran (per-statement records), else null.</summary>
    public NitExecutionResult? Execution { get; }

    /// <summary>A note, e.g. a block without ID run in fallback mode.</summary>
    public string? Warning { get; }
}
