namespace PeroCore.Agent.Prompts;

/// <summary>
/// Where prompt templates are loaded from. Each folder holds one sub-folder per language (<c>en</c>, <c>zh</c>) with
/// <c>*.md</c> or <c>*.txt</c> files; the file name without extension is the template name.
/// </summary>
/// <remarks>
/// Layers, later ones overriding earlier ones template by template: the copy embedded in the assembly, then
/// <see cref="ShippedFolder"/>, then <see cref="UserFolder"/>. A user therefore overrides one template by dropping one file
/// with the same name into the user folder.
/// </remarks>
public sealed record PromptLibraryOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Prompts";

    /// <summary>The templates copied next to the binaries (default <c>{AppContext.BaseDirectory}/Prompts</c>); null to skip.</summary>
    public string? ShippedFolder { get; init; } = Path.Combine(AppContext.BaseDirectory, "Prompts");

    /// <summary>The user's overrides, e.g. <c>{data}/prompts</c>; null (default) for none. Missing folders are ignored.</summary>
    public string? UserFolder { get; init; }

    /// <summary>Whether the copy embedded in the assembly is the base layer (default true).</summary>
    public bool UseEmbedded { get; init; } = true;
}
