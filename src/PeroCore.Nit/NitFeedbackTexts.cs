using System.Collections.Generic;
using System.Text.RegularExpressions;

namespace PeroCore.Nit;

/// <summary>
/// The texts NIT writes for the model to read: the observation header and per-tool lines, the caret note of a syntax
/// error, the headings of the tool documentation and the handshake refusals. <see cref="Seed"/> is the original's
/// (Chinese) wording, the default everywhere; <see cref="English"/> says the same in English, so a host whose prompts are
/// English never mixes the two languages in one prompt.
/// </summary>
/// <param name="ObservationHeader">The first line of the feedback message, with its newline.</param>
/// <param name="ToolFinishedFormat">One record's heading: {0} the ✅/❌ mark, {1} the plugin; ends before the output.</param>
/// <param name="CaretNote">Shown after the caret under a syntax error's column.</param>
/// <param name="DescriptionLabel">The plugin description's label in the tool documentation.</param>
/// <param name="AbilitiesLabel">The tool list's label in the tool documentation.</param>
/// <param name="IdMismatchFormat">A block whose NIT ID is wrong: {0} the ID the block used.</param>
/// <param name="IdMismatchRevealedFormat">The same, naming the expected ID: {0} expected, {1} the ID used.</param>
/// <param name="StrictLegacyRefusal">A NIT 1.0 block in strict mode.</param>
/// <param name="StrictMissingIdRefusal">A block without an ID in strict mode.</param>
public sealed record NitFeedbackTexts(
    string ObservationHeader,
    string ToolFinishedFormat,
    string CaretNote,
    string DescriptionLabel,
    string AbilitiesLabel,
    string IdMismatchFormat,
    string IdMismatchRevealedFormat,
    string StrictLegacyRefusal,
    string StrictMissingIdRefusal)
{
    /// <summary>
    /// Translations of tool documentation texts (plugin names and descriptions, tool and parameter descriptions), keyed
    /// by the text the tool was registered with; a text without an entry is shown as registered.
    /// </summary>
    public IReadOnlyDictionary<string, string>? Glossary { get; init; }

    /// <summary>The label before a tool's arguments in the tool documentation (<c>(Args: …)</c>).</summary>
    public string ArgsLabel { get; init; } = "Args";

    /// <summary>The label before a tool's aliases in the tool documentation (<c>(aliases: …)</c>).</summary>
    public string AliasesLabel { get; init; } = "aliases";

    /// <summary>Shown as the arguments of a tool that takes none.</summary>
    public string NoArguments { get; init; } = "none";

    /// <summary>Shown as the arguments of a tool that takes any.</summary>
    public string AnyArguments { get; init; } = "any";

    /// <summary>Appended to an output cut to the observation budget.</summary>
    public string TruncatedMarker { get; init; } = "...(truncated)";

    /// <summary>Stands for <see cref="Runtime.NitRuntimeOptions.TruncationSuffix"/> (a value cut by the runtime) in feedback.</summary>
    public string SafetyTruncationNote { get; init; } = Runtime.NitRuntimeOptions.TruncationSuffix;

    /// <summary>
    /// Rewrites applied in order by <see cref="Localize"/> to the fixed English texts the library writes into outputs
    /// (error headlines, argument errors, statement lines); none for the seed, whose output is spec-pinned.
    /// </summary>
    public IReadOnlyList<KeyValuePair<Regex, string>>? Rewrites { get; init; }

    /// <summary>A documentation text in this language: its <see cref="Glossary"/> entry, else the text itself.</summary>
    public string Translate(string text) => Glossary is not null && Glossary.TryGetValue(text, out var translated) ? translated : text;

    /// <summary>The original's wording (spec-pinned).</summary>
    public static NitFeedbackTexts Seed { get; } = new(
        "【系统通知：NIT工具执行反馈】\n",
        "{0} 工具 [{1}] 执行完成。\n结果:\n",
        "^--- 这里可能有错",
        "简介",
        "能力列表",
        "安全拦截: NIT ID 不匹配 (实际 {0})",
        "安全拦截: NIT ID 不匹配 (预期 {0}, 实际 {1})",
        "安全拦截: 严格模式下不执行 NIT 1.0 ([[[NIT_CALL]]]) 格式，请使用带 ID 的 <nit-ID> 标签",
        "安全拦截: 缺少 NIT ID，严格模式下只执行带 ID 的 <nit-ID> 标签");

    /// <summary>The same texts in English.</summary>
    public static NitFeedbackTexts English { get; } = new(
        "[System notice: NIT tool feedback]\n",
        "{0} Tool [{1}] finished.\nResult:\n",
        "^--- the error may be here",
        "Description",
        "Abilities",
        "Blocked for safety: NIT ID mismatch (got {0})",
        "Blocked for safety: NIT ID mismatch (expected {0}, got {1})",
        "Blocked for safety: NIT 1.0 ([[[NIT_CALL]]]) blocks do not run in strict mode; use a <nit-ID> tag with the ID",
        "Blocked for safety: the NIT ID is missing; strict mode runs only <nit-ID> tags with the ID");

    /// <summary>
    /// Rewrites the library's fixed texts in <paramref name="text"/> (an output or error message formatted by the
    /// library) into this language: the caret note, the runtime's truncation note, then each of <see cref="Rewrites"/>.
    /// The seed returns the text unchanged.
    /// </summary>
    public string Localize(string text)
    {
        System.ArgumentNullException.ThrowIfNull(text);
        if (ReferenceEquals(this, Seed))
        {
            return text;
        }

        if (CaretNote != Seed.CaretNote)
        {
            text = text.Replace(Seed.CaretNote, CaretNote, System.StringComparison.Ordinal);
        }

        if (SafetyTruncationNote != Runtime.NitRuntimeOptions.TruncationSuffix)
        {
            text = text.Replace(Runtime.NitRuntimeOptions.TruncationSuffix, SafetyTruncationNote, System.StringComparison.Ordinal);
        }

        if (Rewrites is not null)
        {
            foreach (KeyValuePair<Regex, string> rewrite in Rewrites)
            {
                try
                {
                    text = rewrite.Key.Replace(text, rewrite.Value);
                }
                catch (RegexMatchTimeoutException)
                {
                    // A pathological text keeps this phrase as written rather than failing the turn.
                }
            }
        }

        return text;
    }
}
