using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace PeroCore.Agent.Tools.Web;

/// <summary>
/// The readable text of an HTML page (AngleSharp): scripts, styles, navigation, headers, footers, forms and the like are
/// dropped; the article (or main part, or body) is flattened to text with a line per block and list items marked.
/// </summary>
internal static class ReadableText
{
    private static readonly string[] Noise =
        ["script", "style", "noscript", "template", "svg", "iframe", "nav", "header", "footer", "aside", "form", "button", "select", "canvas", "object", "embed"];

    private static readonly HashSet<string> Blocks = new(StringComparer.OrdinalIgnoreCase)
    {
        "p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "tr", "table", "pre",
        "blockquote", "br", "hr", "dd", "dt", "dl", "figcaption", "address", "summary", "details",
    };

    /// <summary>The page's title and text.</summary>
    public static (string? Title, string Text) FromHtml(string html)
    {
        var document = new HtmlParser().ParseDocument(html);
        var title = document.Title?.Trim();
        foreach (var element in document.QuerySelectorAll(string.Join(',', Noise)).ToList())
        {
            element.Remove();
        }

        var root = (INode?)document.QuerySelector("article") ?? document.QuerySelector("main") ?? (INode?)document.Body ?? document.DocumentElement;
        var sb = new StringBuilder();
        Walk(root, sb);
        return (string.IsNullOrEmpty(title) ? null : title, Tidy(sb.ToString()));
    }

    private static void Walk(INode? node, StringBuilder sb)
    {
        if (node is null)
        {
            return;
        }

        foreach (var child in node.ChildNodes)
        {
            switch (child)
            {
                case IText text:
                    sb.Append(CollapseSpaces(text.Data));
                    break;
                case IElement element:
                    var block = Blocks.Contains(element.LocalName);
                    if (block)
                    {
                        sb.Append('\n');
                    }

                    if (element.LocalName == "li")
                    {
                        sb.Append("- ");
                    }
                    else if (element.LocalName.Length == 2 && element.LocalName[0] == 'h' && char.IsAsciiDigit(element.LocalName[1]))
                    {
                        sb.Append('#', element.LocalName[1] - '0').Append(' ');
                    }

                    Walk(element, sb);
                    if (block)
                    {
                        sb.Append('\n');
                    }

                    break;
            }
        }
    }

    private static string CollapseSpaces(string text)
    {
        var sb = new StringBuilder(text.Length);
        var space = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                space = true;
                continue;
            }

            if (space && sb.Length > 0)
            {
                sb.Append(' ');
            }
            else if (space)
            {
                sb.Append(' ');
            }

            space = false;
            sb.Append(c);
        }

        if (space)
        {
            sb.Append(' ');
        }

        return sb.ToString();
    }

    /// <summary>Trims every line and keeps at most one blank line in a row.</summary>
    public static string Tidy(string text)
    {
        var sb = new StringBuilder(text.Length);
        var blank = 0;
        foreach (var raw in text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0)
            {
                blank++;
                continue;
            }

            if (sb.Length > 0)
            {
                sb.Append(blank > 0 ? "\n\n" : "\n");
            }

            blank = 0;
            sb.Append(line);
        }

        return sb.ToString();
    }
}
