using System.Text;
using PeroCore.Nit.Blocks;
using PeroCore.Nit.Tools;
using PeroCore.Nit.Values;

namespace PeroCore.Nit.Runtime;

/// <summary>Everything the dispatcher did with one reply.</summary>
public sealed class NitDispatchResult
{
    /// <summary>The observation header the seed sends back (“System notice: NIT tool execution feedback”).</summary>
    public const string ObservationHeader = "【系统通知：NIT工具执行反馈】\n"; // NitFeedbackTexts.Seed.ObservationHeader

    // Code points past the observation budget that are still localized, so a phrase crossing the cut is translated whole.
    private const int LocalizeMargin = 512;

    internal NitDispatchResult(NitExtractionResult extraction, IReadOnlyList<NitBlockResult> records)
    {
        Extraction = extraction;
        Records = records;
        var tools = new List<string>();
        foreach (NitBlockResult record in records)
        {
            tools.AddRange(record.ExecutedTools);
        }

        ExecutedTools = tools;
    }

    /// <summary>The blocks and hidden spans of the reply.</summary>
    public NitExtractionResult Extraction { get; }

    /// <summary>One record per closed block: script blocks first, then legacy blocks, each in text order (seed order).</summary>
    public IReadOnlyList<NitBlockResult> Records { get; }

    /// <summary>True when the reply had no block: the turn is the final answer.</summary>
    public bool IsEmpty => Records.Count == 0;

    /// <summary>True when any record is an error (drives the 3-strike breaker and reflection; blocked does not count).</summary>
    public bool HasErrors => Records.Any(r => r.Status == NitStatus.Error);

    /// <summary>Every tool invoked or scheduled, in dispatch order.</summary>
    public IReadOnlyList<string> ExecutedTools { get; }

    /// <summary>The reply as the user sees it (blocks removed).</summary>
    public string VisibleText => Extraction.VisibleText;

    /// <summary>
    /// True when a tool of this name ran (case- and underscore-insensitive), e.g. <c>finish_task</c> to end the
    /// ReAct loop (spec §2.7 fix, conformance D16).
    /// </summary>
    public bool CalledTool(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        string wanted = NitNames.Normalize(name);
        return ExecutedTools.Any(t => NitNames.Normalize(t) == wanted);
    }

    /// <summary>
    /// The seed's observation text (spec §2.7): the header, then per record
    /// <c>✅|❌ 工具 [plugin] 执行完成。\n结果:\n{output}</c>, each output cut to <paramref name="maxOutputLength"/>
    /// code points plus <c>...(truncated)</c>; finished background tasks are appended when given. <paramref name="texts"/>
    /// picks the language (the seed's Chinese by default); a syntax error's caret note follows it.
    /// </summary>
    public string FormatObservation(int maxOutputLength = 2000, IEnumerable<NitTaskEvent>? taskEvents = null, NitFeedbackTexts? texts = null)
    {
        texts ??= NitFeedbackTexts.Seed;
        var sb = new StringBuilder(texts.ObservationHeader);
        foreach (NitBlockResult record in Records)
        {
            sb.Append(string.Format(System.Globalization.CultureInfo.InvariantCulture, texts.ToolFinishedFormat, record.Status == NitStatus.Success ? "✅" : "❌", record.Plugin))
                .Append(Shown(record.Output, maxOutputLength, texts))
                .Append("\n\n");
        }

        if (taskEvents is not null)
        {
            foreach (NitTaskEvent e in taskEvents)
            {
                sb.Append(e.IsSuccess ? "✅ " : "❌ ").Append(Shown(e.Describe(maxOutputLength), maxOutputLength, texts)).Append("\n\n");
            }
        }

        return sb.ToString();
    }

    /// <summary>
    /// The output as shown: localized, then cut to <paramref name="max"/> code points plus the marker. Localizing comes
    /// first so a cut never leaves half an untranslated phrase; only a bounded head of a huge output is localized.
    /// </summary>
    private static string Shown(string text, int max, NitFeedbackTexts texts)
    {
        if (ReferenceEquals(texts, NitFeedbackTexts.Seed))
        {
            return Cut(text, max, texts.TruncatedMarker, clipped: false);
        }

        int head = NitValueFormatter.CodePointPrefixLength(text, max + LocalizeMargin);
        bool clipped = head < text.Length;
        return Cut(texts.Localize(clipped ? text[..head] : text), max, texts.TruncatedMarker, clipped);
    }

    private static string Cut(string text, int max, string marker, bool clipped)
    {
        int cut = NitValueFormatter.CodePointPrefixLength(text, max);
        return cut >= text.Length && !clipped ? text : string.Concat(text.AsSpan(0, cut), marker);
    }
}
