namespace PeroCore.Nit.Runtime;

/// <summary>Per-request dispatch settings: the NIT-ID handshake and the legacy policy.</summary>
public sealed class NitDispatchOptions
{
    /// <summary>Dispatch without handshake, legacy blocks run after script blocks (the seed behaviour).</summary>
    public static NitDispatchOptions Default { get; } = new();

    /// <summary>
    /// The per-request ID (see <see cref="Blocks.NitHandshake"/>). A <c>&lt;nit-XXXX&gt;</c> block with another ID is
    /// refused (<see cref="NitStatus.Blocked"/>). Null disables the check.
    /// </summary>
    public string? ExpectedId { get; init; }

    /// <summary>
    /// With <see cref="ExpectedId"/> set: refuse plain <c>&lt;nit&gt;</c> and legacy blocks too. Otherwise they run with
    /// a warning (HEAD's fallback mode).
    /// </summary>
    public bool StrictId { get; init; }

    /// <summary>
    /// Whether the blocked message names the expected ID (<c>预期 A1B2</c>, as HEAD and conformance case D04).
    /// Turn off when observations may be copied into untrusted content.
    /// </summary>
    public bool RevealExpectedId { get; init; } = true;

    /// <summary>What to do with NIT 1.0 blocks.</summary>
    public NitLegacyPolicy LegacyPolicy { get; init; } = NitLegacyPolicy.Execute;

    /// <summary>The language of the refusals the model reads (the seed's Chinese by default).</summary>
    public NitFeedbackTexts Texts { get; init; } = NitFeedbackTexts.Seed;
}
