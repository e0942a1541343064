namespace PeroCore.Memory.Text;

/// <summary>Settings of a <see cref="SensitiveWordFilter"/>.</summary>
internal sealed record SensitiveWordFilterOptions
{
    /// <summary>Gets the shared default options (mask with <c>*</c>, ignore case).</summary>
    public static SensitiveWordFilterOptions Default { get; } = new();

    /// <summary>Gets the mode used by <see cref="SensitiveWordFilter.Apply"/>. Default <see cref="SensitiveWordMode.Mask"/>.</summary>
    public SensitiveWordMode Mode { get; init; } = SensitiveWordMode.Mask;

    /// <summary>
    /// Gets the character written for each masked character (a surrogate pair, i.e. one Unicode scalar
    /// value, gets one mask character). Default <c>*</c>.
    /// </summary>
    public char MaskChar { get; init; } = '*';

    /// <summary>
    /// Gets whether matching ignores case, by simple per-character invariant lower-casing (Latin, Greek,
    /// Cyrillic…; Chinese has no case and is unaffected). Default <see langword="true"/>.
    /// </summary>
    public bool IgnoreCase { get; init; } = true;
}
