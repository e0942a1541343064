using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using PeroCore.Memory;

namespace PeroCore.Agent.Scoring;

/// <summary>
/// Keeps junk out of long-term memory when the scorer or the secretary writes (explicit writes through the API are
/// the owner's choice and are not checked): text of the system prompt or of the NIT protocol, memories that were
/// recalled into the prompt and extracted again, output of the tools, and near-duplicates of a stored memory (which
/// the writer reinforces instead). Memories a merge is consuming never count as duplicates of the merged text.
/// </summary>
public sealed partial class JunkGuard
{
    private readonly MemoryEngine _engine;
    private readonly JunkGuardOptions _options;

    /// <summary>Creates a guard over the engine's stored memories.</summary>
    public JunkGuard(MemoryEngine engine, JunkGuardOptions? options = null)
    {
        _engine = engine ?? throw new ArgumentNullException(nameof(engine));
        _options = options ?? new JunkGuardOptions();
        _options.Validate();
    }

    /// <summary>Decides whether a memory may be stored.</summary>
    public async Task<JunkVerdict> CheckAsync(JunkCandidate candidate, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        if (Check(candidate, _options) is { } textual)
        {
            return textual;
        }

        var neighbours = await _engine.FindSimilarAsync(candidate.Content, candidate.Tags, _options.Neighbours + candidate.ExcludedIds.Count,
            cancellationToken).ConfigureAwait(false);
        foreach (var (id, similarity) in neighbours)
        {
            if (candidate.ExcludedIds.Contains(id))
            {
                continue;
            }

            if (similarity >= _options.DuplicateSimilarity)
            {
                return new JunkVerdict(JunkKind.NearDuplicate,
                    string.Create(CultureInfo.InvariantCulture, $"near-duplicate of memory {id} (similarity {similarity:0.000}); that memory was reinforced instead"),
                    id, similarity);
            }

            break; // best first: the rest are further away
        }

        return JunkVerdict.Accept;
    }

    /// <summary>The checks that need no stored memory: protocol text, system prompt, tool output, recalled memories.</summary>
    internal static JunkVerdict? Check(JunkCandidate candidate, JunkGuardOptions options)
    {
        var content = candidate.Content;
        if (ProtocolMarker().IsMatch(content))
        {
            return new JunkVerdict(JunkKind.SystemPrompt, "contains NIT tool-call syntax, which belongs to the protocol, not to a memory");
        }

        if (!string.IsNullOrWhiteSpace(candidate.SystemPrompt) && TextOverlap.MaxCopiedShare(content, [candidate.SystemPrompt]) is { Share: var p } && p >= options.CopiedShare)
        {
            return new JunkVerdict(JunkKind.SystemPrompt, Share("copied from the system prompt", p), Similarity: p);
        }

        if (IsStructuredData(content))
        {
            return new JunkVerdict(JunkKind.ToolOutput, "is structured data (JSON), the shape of a tool's output, not a memory");
        }

        if (candidate.ToolOutputs.Count > 0 && TextOverlap.MaxCopiedShare(content, candidate.ToolOutputs) is { Share: var t } && t >= options.CopiedShare)
        {
            return new JunkVerdict(JunkKind.ToolOutput, Share("copied from a tool's output", t), Similarity: t);
        }

        if (candidate.RecalledTexts.Count > 0 && TextOverlap.MaxCopiedShare(content, [string.Join("\n", candidate.RecalledTexts)]) is { Share: var r } &&
            r >= options.CopiedShare)
        {
            return new JunkVerdict(JunkKind.RecalledMemory, Share("repeats memories that were recalled into the prompt", r), Similarity: r);
        }

        return null;
    }

    private static string Share(string what, double share) =>
        string.Create(CultureInfo.InvariantCulture, $"{what} ({share:P0} of its text)");

    private static bool IsStructuredData(string content)
    {
        var trimmed = content.Trim();
        if (trimmed.Length < 2 || !(trimmed[0] is '{' or '[') || !(trimmed[^1] is '}' or ']'))
        {
            return false;
        }

        try
        {
            using var doc = JsonDocument.Parse(trimmed);
            return doc.RootElement.ValueKind is JsonValueKind.Object or JsonValueKind.Array;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    [GeneratedRegex(@"<\s*/?\s*nit\b|\[\[\[\s*NIT|NIT_CALL|\bnit-id\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ProtocolMarker();
}
