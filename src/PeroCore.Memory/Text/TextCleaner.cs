using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace PeroCore.Memory.Text;

/// <summary>
/// Cleans text before it is embedded or stored as a query (spec/memory.md §7.1 plus the §7.2 tag rule), in
/// this order:
/// <list type="number">
/// <item>every <c>data:image/&lt;type&gt;;base64,&lt;payload&gt;</c> becomes <c>[IMAGE_DATA]</c>; the type is
/// a non-empty run of characters other than <c>;</c>, the payload a non-empty run of characters other than
/// <c>"</c>, <c>'</c>, <c>&gt;</c> and Unicode whitespace (the regex <c>data:image/[^;]+;base64,[^"'\s&gt;]+</c>);</item>
/// <item>the body of every upper-case tag block <c>&lt;TAG&gt;…&lt;/TAG&gt;</c> (TAG = <c>[A-Z_]+</c>, closed by
/// the first following <c>&lt;/TAG&gt;</c> of the same name, across lines) becomes <c>[OMITTED]</c>, keeping
/// the tags (the regex <c>&lt;([A-Z_]+)&gt;.*?&lt;/\1&gt;</c> with DOTALL, matched left to right);</item>
/// <item>the text is cut to the first <see cref="TextCleanerOptions.MaxLength"/> text elements (grapheme
/// clusters, so a surrogate pair or a combining sequence is never split);</item>
/// <item>Unicode whitespace is trimmed from both ends.</item>
/// </list>
/// </summary>
/// <remarks>
/// Runs in time linear in the input on every input: both rules are hand-written scanners (no backtracking
/// regex); the closing tags are indexed by name once, so an unclosed opener costs O(1). Immutable and
/// thread-safe.
/// </remarks>
internal sealed class TextCleaner
{
    private const string ImagePrefix = "data:image/";
    private const string Base64Marker = "base64,";

    private readonly TextCleanerOptions _options;

    /// <summary>Creates a cleaner.</summary>
    /// <param name="options">The settings; <see cref="TextCleanerOptions.Default"/> when null.</param>
    public TextCleaner(TextCleanerOptions? options = null)
    {
        options ??= TextCleanerOptions.Default;
        options.Validate();
        _options = options;
    }

    /// <summary>Gets a cleaner with the default options.</summary>
    public static TextCleaner Default { get; } = new();

    /// <summary>Cleans <paramref name="text"/>; null gives an empty string.</summary>
    public string Clean(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        if (_options.ReplaceImageData)
        {
            text = ReplaceImages(text, _options.ImagePlaceholder);
        }

        if (_options.OmitTagBodies)
        {
            text = OmitTagBodies(text, _options.OmittedPlaceholder);
        }

        return Truncate(text, _options.MaxLength).Trim();
    }

    /// <summary>Replaces inline base64 images. Linear: every index is examined a bounded number of times.</summary>
    internal static string ReplaceImages(string text, string placeholder)
    {
        StringBuilder? builder = null;
        var copied = 0;
        var semicolon = -1; // the first ';' at or after the current type start (cached, only moves forward)
        var position = 0;
        while (position < text.Length)
        {
            var start = text.IndexOf(ImagePrefix, position, StringComparison.Ordinal);
            if (start < 0)
            {
                break;
            }

            var typeStart = start + ImagePrefix.Length;
            if (semicolon < typeStart)
            {
                semicolon = text.IndexOf(';', typeStart);
                if (semicolon < 0)
                {
                    break; // no ';' left: no further match is possible
                }
            }

            var payloadStart = semicolon + 1 + Base64Marker.Length;
            if (semicolon == typeStart
                || !text.AsSpan(semicolon + 1).StartsWith(Base64Marker, StringComparison.Ordinal))
            {
                position = start + 1;
                continue;
            }

            var end = payloadStart;
            while (end < text.Length && !IsPayloadStop(text[end]))
            {
                end++;
            }

            if (end == payloadStart)
            {
                position = start + 1;
                continue;
            }

            builder ??= new StringBuilder(text.Length);
            builder.Append(text, copied, start - copied).Append(placeholder);
            copied = end;
            position = end;
        }

        if (builder is null)
        {
            return text;
        }

        return builder.Append(text, copied, text.Length - copied).ToString();
    }

    /// <summary>
    /// Replaces the bodies of upper-case tag blocks. Closers are collected per name first; each opener then
    /// takes the first closer of its name after it through a per-name cursor that only moves forward.
    /// </summary>
    internal static string OmitTagBodies(string text, string placeholder)
    {
        var closers = CollectClosers(text);
        if (closers.Count == 0)
        {
            return text;
        }

        var lookup = closers.GetAlternateLookup<ReadOnlySpan<char>>();
        StringBuilder? builder = null;
        var copied = 0;
        var position = 0;
        while (position < text.Length)
        {
            var open = text.IndexOf('<', position);
            if (open < 0)
            {
                break;
            }

            var nameLength = TagNameLength(text, open + 1);
            var close = open + 1 + nameLength;
            if (nameLength == 0 || close >= text.Length || text[close] != '>'
                || !lookup.TryGetValue(text.AsSpan(open + 1, nameLength), out var list))
            {
                position = open + 1;
                continue;
            }

            var bodyStart = close + 1;
            while (list.Next < list.Positions.Count && list.Positions[list.Next] < bodyStart)
            {
                list.Next++;
            }

            if (list.Next == list.Positions.Count)
            {
                position = open + 1; // unclosed: this opener does not match
                continue;
            }

            var closerStart = list.Positions[list.Next];
            builder ??= new StringBuilder(text.Length);
            builder.Append(text, copied, bodyStart - copied).Append(placeholder);
            copied = closerStart; // keep "</TAG>" itself
            position = closerStart + 2 + nameLength + 1;
        }

        if (builder is null)
        {
            return text;
        }

        return builder.Append(text, copied, text.Length - copied).ToString();
    }

    /// <summary>Cuts to the first <paramref name="maxLength"/> text elements (0 = no limit). O(result).</summary>
    internal static string Truncate(string text, int maxLength)
    {
        if (maxLength == 0 || text.Length <= maxLength)
        {
            return text; // a text element is at least one char
        }

        var span = text.AsSpan();
        var index = 0;
        for (var count = 0; count < maxLength && index < span.Length; count++)
        {
            index += StringInfo.GetNextTextElementLength(span[index..]);
        }

        return index >= text.Length ? text : text[..index];
    }

    private static Dictionary<string, CloserList> CollectClosers(string text)
    {
        var closers = new Dictionary<string, CloserList>(StringComparer.Ordinal);
        var lookup = closers.GetAlternateLookup<ReadOnlySpan<char>>();
        var position = 0;
        while (position < text.Length)
        {
            var start = text.IndexOf("</", position, StringComparison.Ordinal);
            if (start < 0)
            {
                break;
            }

            var nameLength = TagNameLength(text, start + 2);
            var end = start + 2 + nameLength;
            if (nameLength > 0 && end < text.Length && text[end] == '>')
            {
                var name = text.AsSpan(start + 2, nameLength);
                ref var list = ref CollectionsMarshal.GetValueRefOrAddDefault(lookup, name, out _);
                list ??= new CloserList();
                list.Positions.Add(start);
                position = end + 1;
            }
            else
            {
                position = start + 1;
            }
        }

        return closers;
    }

    private static int TagNameLength(string text, int start)
    {
        var i = start;
        while (i < text.Length && (char.IsAsciiLetterUpper(text[i]) || text[i] == '_'))
        {
            i++;
        }

        return i - start;
    }

    private static bool IsPayloadStop(char c) => c is '"' or '\'' or '>' || char.IsWhiteSpace(c);

    /// <summary>Positions of the closers of one tag name, and the cursor of the opener scan.</summary>
    private sealed class CloserList
    {
        public List<int> Positions { get; } = [];

        public int Next { get; set; }
    }
}
