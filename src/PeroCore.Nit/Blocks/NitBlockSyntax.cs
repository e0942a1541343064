namespace PeroCore.Nit.Blocks;

/// <summary>
/// The tag grammar shared by <see cref="NitBlockExtractor"/> and <see cref="Streaming.NitStreamFilter"/>, so
/// that what is hidden is exactly what is executed (spec §1.1, §4.4). Immutable.
/// </summary>
public sealed class NitBlockSyntax
{
    /// <summary>The legacy opener, case-sensitive.</summary>
    public const string LegacyOpener = "[[[NIT_CALL]]]";

    /// <summary>The legacy closer, case-sensitive.</summary>
    public const string LegacyCloser = "[[[NIT_END]]]";

    /// <summary>Creates a syntax whose <c>&lt;nit-ID&gt;</c> tags carry exactly <paramref name="idHexDigits"/> hex digits.</summary>
    public NitBlockSyntax(int idHexDigits = 4)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(idHexDigits, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(idHexDigits, 16);
        IdHexDigits = idHexDigits;
    }

    /// <summary>The default syntax: 4-hex-digit IDs, as in the original handshake.</summary>
    public static NitBlockSyntax Default { get; } = new();

    /// <summary>Number of hex digits in a <c>&lt;nit-XXXX&gt;</c> ID.</summary>
    public int IdHexDigits { get; }

    /// <summary>
    /// The most text the stream filter ever holds back outside a block: one char less than the longest opener.
    /// </summary>
    public int MaxHoldBack => Math.Max(LegacyOpener.Length, "<nit->".Length + IdHexDigits) - 1;
}
