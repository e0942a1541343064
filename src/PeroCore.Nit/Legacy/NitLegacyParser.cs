using PeroCore.Nit.Tools;

namespace PeroCore.Nit.Legacy;

/// <summary>
/// Parses the content of a <c>[[[NIT_CALL]]] … [[[NIT_END]]]</c> block (spec §3.1): the plugin name is the first
/// line; parameters are <c>key: [START] value [END]</c> anywhere after it, with ASCII keys (<c>[a-zA-Z0-9_-]+</c>),
/// values ending at the first <c>[END]</c>. Linear time, never throws for any input.
/// </summary>
public static class NitLegacyParser
{
    private const string StartMarker = "[START]";
    private const string EndMarker = "[END]";

    /// <summary>Parses the text between the legacy markers.</summary>
    public static NitLegacyCall Parse(string blockContent)
    {
        ArgumentNullException.ThrowIfNull(blockContent);
        string content = Strip(blockContent);
        int newline = content.IndexOf('\n', StringComparison.Ordinal);
        string plugin = Strip(newline < 0 ? content : content[..newline]);
        string rest = newline < 0 ? string.Empty : content[(newline + 1)..];

        var parameters = new OrderedDictionary<string, object?>(StringComparer.Ordinal);
        int floor = 0; // a key may not start before the end of the previous match
        int search = 0;
        while (search < rest.Length)
        {
            int start = rest.IndexOf(StartMarker, search, StringComparison.Ordinal);
            if (start < 0)
            {
                break;
            }

            string? key = KeyBefore(rest, start, floor);
            if (key is null)
            {
                search = start + 1;
                continue;
            }

            int valueStart = start + StartMarker.Length;
            int end = rest.IndexOf(EndMarker, valueStart, StringComparison.Ordinal);
            if (end < 0)
            {
                break; // no [END] anywhere after: no further parameter can match
            }

            parameters[NitNames.Normalize(key)] = Strip(rest[valueStart..end]);
            floor = search = end + EndMarker.Length;
        }

        return new NitLegacyCall(plugin, parameters);
    }

    /// <summary>The key of <c>key \s* : \s* [START]</c> ending just before <paramref name="start"/>, or null.</summary>
    private static string? KeyBefore(string text, int start, int floor)
    {
        int j = start - 1;
        while (j >= floor && IsSpace(text[j]))
        {
            j--;
        }

        if (j < floor || text[j] != ':')
        {
            return null;
        }

        j--;
        while (j >= floor && IsSpace(text[j]))
        {
            j--;
        }

        int keyEnd = j + 1;
        while (j >= floor && (char.IsAsciiLetterOrDigit(text[j]) || text[j] is '_' or '-'))
        {
            j--;
        }

        return keyEnd > j + 1 ? text[(j + 1)..keyEnd] : null;
    }

    /// <summary>Python's <c>str.strip()</c>: Unicode white space plus U+001C..U+001F.</summary>
    private static string Strip(string text) => text.Trim().Trim('\x1c', '\x1d', '\x1e', '\x1f').Trim();

    private static bool IsSpace(char c) => char.IsWhiteSpace(c) || c is >= '\x1c' and <= '\x1f';
}
