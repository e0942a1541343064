namespace PeroCore.Memory.Text;

/// <summary>Settings of an <see cref="FtsQueryBuilder"/>.</summary>
internal sealed record FtsQueryOptions
{
    /// <summary>Gets the shared default options (no stop words, at most 64 terms).</summary>
    public static FtsQueryOptions Default { get; } = new();

    /// <summary>
    /// Gets the terms to leave out (compared after lower-casing), for example common function words.
    /// Default: none.
    /// </summary>
    public IReadOnlySet<string>? StopWords { get; init; }

    /// <summary>
    /// Gets the maximum number of terms kept (the first ones in the text); 0 means no limit. Bounds the
    /// query a very long message produces. Default 64.
    /// </summary>
    public int MaxTerms { get; init; } = 64;

    /// <summary>
    /// Gets whether a CJK run of two or more characters also yields its single characters as terms (after
    /// its bigrams), trading precision for recall: <c>我的猫</c> then also matches a text that only shares
    /// <c>猫</c>. Single characters are frequent, so prune by document frequency when this is on.
    /// Default <see langword="false"/> (bigrams only; a one-character run always yields its character).
    /// </summary>
    public bool IncludeCjkSingleCharacters { get; init; }

    /// <summary>Throws when a setting is out of range.</summary>
    public void Validate() => ArgumentOutOfRangeException.ThrowIfNegative(MaxTerms);
}
