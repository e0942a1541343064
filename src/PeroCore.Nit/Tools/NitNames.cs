using System.Text;

namespace PeroCore.Nit.Tools;

/// <summary>Name normalisation shared by tool lookup and argument mapping (spec §1.6 item 2).</summary>
internal static class NitNames
{
    /// <summary><c>k.lower().replace('_','').replace('-','')</c>.</summary>
    public static string Normalize(string name)
    {
        bool clean = true;
        foreach (char c in name)
        {
            if (c is '_' or '-' || char.IsAsciiLetterUpper(c) || c >= 0x80)
            {
                clean = false;
                break;
            }
        }

        if (clean)
        {
            return name;
        }

        var sb = new StringBuilder(name.Length);
        foreach (char c in name.ToLowerInvariant())
        {
            if (c is not ('_' or '-'))
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }

    /// <summary>Path stripping (spec §2.5 item 1): <c>a/b\c</c> becomes <c>c</c>.</summary>
    public static string StripPath(string name)
    {
        if (name.AsSpan().IndexOfAny('/', '\\') < 0)
        {
            return name;
        }

        string unified = name.Replace('\\', '/').TrimEnd('/');
        int slash = unified.LastIndexOf('/');
        return slash < 0 ? unified : unified[(slash + 1)..];
    }

    /// <summary>Edit distance (Levenshtein) with an early cut-off; returns <c>max + 1</c> when larger.</summary>
    public static int Distance(string a, string b, int max)
    {
        if (Math.Abs(a.Length - b.Length) > max)
        {
            return max + 1;
        }

        Span<int> previous = b.Length < 128 ? stackalloc int[b.Length + 1] : new int[b.Length + 1];
        Span<int> current = b.Length < 128 ? stackalloc int[b.Length + 1] : new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            int rowMin = current[0];
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
                rowMin = Math.Min(rowMin, current[j]);
            }

            if (rowMin > max)
            {
                return max + 1;
            }

            current.CopyTo(previous);
        }

        return previous[b.Length];
    }
}
