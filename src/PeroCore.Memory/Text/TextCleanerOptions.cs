namespace PeroCore.Memory.Text;

/// <summary>Settings of a <see cref="TextCleaner"/>.</summary>
public sealed record TextCleanerOptions
{
    /// <summary>Gets the shared default options (the original's rules, tag omission on, 2000 text elements).</summary>
    public static TextCleanerOptions Default { get; } = new();

    /// <summary>
    /// Gets the maximum length of the result in text elements (grapheme clusters), counted before the final
    /// trim as the original does; 0 means no limit. Default 2000.
    /// </summary>
    public int MaxLength { get; init; } = 2000;

    /// <summary>
    /// Gets whether inline images <c>data:image/&lt;type&gt;;base64,&lt;payload&gt;</c> are replaced with
    /// <see cref="ImagePlaceholder"/>. Default <see langword="true"/>.
    /// </summary>
    public bool ReplaceImageData { get; init; } = true;

    /// <summary>Gets the text that replaces an inline image. Default <c>[IMAGE_DATA]</c>.</summary>
    public string ImagePlaceholder { get; init; } = "[IMAGE_DATA]";

    /// <summary>
    /// Gets whether the body of upper-case tag blocks <c>&lt;TAG&gt;…&lt;/TAG&gt;</c> is replaced with
    /// <see cref="OmittedPlaceholder"/>, keeping the tags (the original's Python rule). Default <see langword="true"/>.
    /// </summary>
    public bool OmitTagBodies { get; init; } = true;

    /// <summary>Gets the text that replaces an omitted tag body. Default <c>[OMITTED]</c>.</summary>
    public string OmittedPlaceholder { get; init; } = "[OMITTED]";

    /// <summary>Throws when a setting is out of range.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(MaxLength);
        ArgumentNullException.ThrowIfNull(ImagePlaceholder);
        ArgumentNullException.ThrowIfNull(OmittedPlaceholder);
    }
}
