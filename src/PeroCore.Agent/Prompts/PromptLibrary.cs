using System.Reflection;
using System.Text;

namespace PeroCore.Agent.Prompts;

/// <summary>
/// An immutable set of prompt templates for one language, loaded from the embedded copy, the shipped folder and the
/// user's folder (see <see cref="PromptLibraryOptions"/>). Load once and share; load again to pick up edited files.
/// </summary>
public sealed class PromptLibrary
{
    /// <summary>The config key that selects the language (<c>en</c> default, or <c>zh</c>).</summary>
    public const string LanguageConfigKey = "prompt_language";

    private const string ResourcePrefix = "PeroCore.Agent.Prompts.";
    private static readonly string[] Extensions = [".md", ".txt"];

    private readonly Dictionary<string, PromptTemplate> _templates;
    private readonly Dictionary<string, string> _texts;

    private PromptLibrary(PromptLanguage language, Dictionary<string, PromptTemplate> templates, PromptRenderer renderer)
    {
        Language = language;
        _templates = templates;
        _texts = templates.ToDictionary(t => t.Key, t => t.Value.Text, StringComparer.Ordinal);
        Renderer = renderer;
    }

    /// <summary>The language of this set.</summary>
    public PromptLanguage Language { get; }

    /// <summary>The templates by name.</summary>
    public IReadOnlyDictionary<string, PromptTemplate> Templates => _templates;

    /// <summary>The renderer used by <see cref="Render"/>.</summary>
    public PromptRenderer Renderer { get; }

    /// <summary>The folder name of a language: <c>en</c> or <c>zh</c>.</summary>
    public static string FolderName(PromptLanguage language) => language == PromptLanguage.Chinese ? "zh" : "en";

    /// <summary>
    /// Reads a <c>prompt_language</c> value: <c>zh</c>, <c>zh-CN</c>, <c>zh_Hans</c>, <c>chinese</c> or <c>中文</c> select
    /// Chinese; anything else (including null) English.
    /// </summary>
    public static PromptLanguage ParseLanguage(string? value)
    {
        var v = value?.Trim();
        if (string.IsNullOrEmpty(v))
        {
            return PromptLanguage.English;
        }

        return v.StartsWith("zh", StringComparison.OrdinalIgnoreCase) || v.Equals("chinese", StringComparison.OrdinalIgnoreCase) || v == "中文"
            ? PromptLanguage.Chinese
            : PromptLanguage.English;
    }

    /// <summary>Loads the templates of <paramref name="language"/>.</summary>
    /// <exception cref="IOException">A template file exists but cannot be read.</exception>
    public static async Task<PromptLibrary> LoadAsync(PromptLanguage language, PromptLibraryOptions? options = null, PromptRenderer? renderer = null,
        CancellationToken cancellationToken = default)
    {
        options ??= new PromptLibraryOptions();
        var folder = FolderName(language);
        var templates = new Dictionary<string, PromptTemplate>(StringComparer.Ordinal);

        if (options.UseEmbedded)
        {
            var assembly = typeof(PromptLibrary).Assembly;
            var prefix = ResourcePrefix + folder + "/";
            var altPrefix = ResourcePrefix + folder + "\\";
            foreach (var resource in assembly.GetManifestResourceNames())
            {
                if (!resource.StartsWith(prefix, StringComparison.Ordinal) && !resource.StartsWith(altPrefix, StringComparison.Ordinal))
                {
                    continue;
                }

                var fileName = resource[prefix.Length..];
                if (!TryTemplateName(fileName, out var name))
                {
                    continue;
                }

                var stream = assembly.GetManifestResourceStream(resource)!;
                await using (stream.ConfigureAwait(false))
                {
                    using var reader = new StreamReader(stream, Encoding.UTF8);
                    var text = await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
                    templates[name] = new PromptTemplate(name, Normalize(text), "embedded:" + folder + "/" + fileName);
                }
            }
        }

        foreach (var root in new[] { options.ShippedFolder, options.UserFolder })
        {
            if (string.IsNullOrWhiteSpace(root))
            {
                continue;
            }

            var dir = Path.Combine(root, folder);
            if (!Directory.Exists(dir))
            {
                continue;
            }

            foreach (var file in Directory.EnumerateFiles(dir).Order(StringComparer.Ordinal))
            {
                if (!TryTemplateName(Path.GetFileName(file), out var name))
                {
                    continue;
                }

                var text = await File.ReadAllTextAsync(file, Encoding.UTF8, cancellationToken).ConfigureAwait(false);
                templates[name] = new PromptTemplate(name, Normalize(text), file);
            }
        }

        return new PromptLibrary(language, templates, renderer ?? new PromptRenderer());
    }

    /// <summary>Builds a library from in-memory templates (tests, tools).</summary>
    public static PromptLibrary FromTemplates(PromptLanguage language, IReadOnlyDictionary<string, string> templates, PromptRenderer? renderer = null)
    {
        ArgumentNullException.ThrowIfNull(templates);
        var map = templates.ToDictionary(t => t.Key, t => new PromptTemplate(t.Key, Normalize(t.Value), "memory:" + t.Key), StringComparer.Ordinal);
        return new PromptLibrary(language, map, renderer ?? new PromptRenderer());
    }

    /// <summary>The template named <paramref name="name"/>, or null.</summary>
    public PromptTemplate? Find(string name) => _templates.GetValueOrDefault(name);

    /// <summary>Renders the template <paramref name="name"/> with <paramref name="variables"/>.</summary>
    public PromptRenderResult Render(string name, IReadOnlyDictionary<string, string?>? variables = null) =>
        Renderer.Render(_texts, name, variables);

    /// <summary>Renders an ad-hoc text against this library's templates.</summary>
    public PromptRenderResult RenderText(string text, IReadOnlyDictionary<string, string?>? variables = null) =>
        Renderer.RenderText(_texts, text, variables);

    /// <summary>
    /// Normalises a template file: line endings to <c>\n</c>, a leading byte-order mark and a YAML front matter block
    /// (<c>---</c> ... <c>---</c> at the very top) removed, trailing whitespace trimmed.
    /// </summary>
    internal static string Normalize(string text)
    {
        var t = text.ReplaceLineEndings("\n").TrimStart('\uFEFF');
        if (t.StartsWith("---\n", StringComparison.Ordinal))
        {
            var end = t.IndexOf("\n---\n", 3, StringComparison.Ordinal);
            if (end >= 0)
            {
                t = t[(end + 5)..];
            }
            else if (t.EndsWith("\n---", StringComparison.Ordinal))
            {
                t = string.Empty;
            }
        }

        return t.TrimEnd();
    }

    private static bool TryTemplateName(string fileName, out string name)
    {
        foreach (var ext in Extensions)
        {
            if (fileName.EndsWith(ext, StringComparison.OrdinalIgnoreCase) && fileName.Length > ext.Length && !fileName.StartsWith('.'))
            {
                name = fileName[..^ext.Length];
                return true;
            }
        }

        name = string.Empty;
        return false;
    }
}
