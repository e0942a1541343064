namespace PeroCore.Memory.Storage;

/// <summary>Normalises memory tags: split on ASCII and full-width commas, trim, drop empties, de-duplicate.</summary>
public static class TagList
{
    private static readonly char[] Separators = [',', '，'];

    /// <summary>Parses a stored or user-supplied comma-separated tag string.</summary>
    public static IReadOnlyList<string> Parse(string? tags) =>
        string.IsNullOrWhiteSpace(tags) ? [] : Normalize(tags.Split(Separators));

    /// <summary>Trims, drops empty entries and case-insensitive duplicates, keeping first-seen order.</summary>
    public static IReadOnlyList<string> Normalize(IEnumerable<string>? tags)
    {
        if (tags is null)
        {
            return [];
        }

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var result = new List<string>();
        foreach (var raw in tags)
        {
            if (raw is null)
            {
                continue;
            }

            foreach (var part in raw.Split(Separators))
            {
                var tag = part.Trim();
                if (tag.Length > 0 && seen.Add(tag))
                {
                    result.Add(tag);
                }
            }
        }

        return result;
    }

    /// <summary>The stored form: tags joined with a comma and no space.</summary>
    public static string Join(IEnumerable<string> tags) => string.Join(',', Normalize(tags));
}
