using System.Globalization;
using System.Text;

namespace PeroCore.Nit.Tests.Support;

/// <summary>Seeded generators of NIT scripts (from the profile R grammar), mutations and markup-dense replies.</summary>
internal sealed class ScriptGenerator(int seed)
{
    private static readonly string[] Identifiers = ["foo", "bar", "echo", "read_file_content", "截图", "次数", "_x", "a1", "true_tool", "None_x", "ÄÖü", "x²"];
    private static readonly string[] Nasty =
    [
        "\"", "'", "\\", "$", "(", ")", "[", "]", "{", "}", ",", "=", ":", ".", "-", "#", "`", "```", "\n", "\r", "\t", "0", "9", "a", "Z", "_",
        "😀", "\uD800", "\uDC00", "\u3000", "\u00A0", "１", "²", "@", ";", "+", "<", ">", "/", "</nit>", "<nit>", "[[[NIT_CALL]]]", "\0", "é", "\u0301",
    ];

    private static readonly string[] ReplyPieces =
    [
        "Hello", " ", "world", "\n", "你好，主人", "😀", "<", "[", "]", ">", "<b>", "1 < 2", "[link](x)", "<nice>",
        "<nit>", "</nit>", "<NIT>", "</NIT>", "<Nit-A1b2>", "</nit-FFFF>", "<nit-a1b2>", "</NIT-0000>", "<nit-XYZW>", "<nit-A1B2C>",
        "<nit >", "</nit", "<ni", "</ni", "<nit-", "<nit-a1", "</nit-a1b", "[[[NIT_CALL]]]", "[[[NIT_END]]]", "[[[NIT_CA", "[[[NIT_E",
        "[[[nit_call]]]", "[[", "]]]", "[[[", "</", "[START]", "[END]", "echo(a=1)", "$x = foo()", "\"</nit>\"", "<<nit>", "[[[[NIT_CALL]]]",
        "```nit\n", "```\n", "<nit-a1b2c3d4>", "</nit-12345678>",
    ];

    private readonly Random _random = new(seed);

    public Random Random => _random;

    /// <summary>A syntactically valid profile R script and its statement count.</summary>
    public (string Script, int Statements) ValidScript()
    {
        var sb = new StringBuilder();
        int count = _random.Next(0, 8);
        for (int i = 0; i < count; i++)
        {
            sb.Append(Pick(" ", "\n", "\t", "\u3000", "\r\n", "  ")); // statements need no separator, but "$a = $b" + "c()" would merge
            if (_random.Next(3) == 0)
            {
                sb.Append('$').Append(Name()).Append(Pick(" = ", "=", " =\n  "));
                if (_random.Next(3) == 0)
                {
                    Value(sb, 0);
                }
                else
                {
                    Call(sb);
                }
            }
            else
            {
                Call(sb);
            }

            Space(sb);
            if (_random.Next(4) == 0)
            {
                sb.Append(Pick("# comment ()[]\n", "# 注释\n", "\n```nit\n", "\n```\n"));
            }
        }

        return (sb.ToString(), count);
    }

    /// <summary>The script with 1-4 random edits.</summary>
    public string Mutate(string script)
    {
        var sb = new StringBuilder(script);
        int edits = _random.Next(1, 5);
        for (int e = 0; e < edits; e++)
        {
            int at = sb.Length == 0 ? 0 : _random.Next(sb.Length + 1);
            switch (_random.Next(5))
            {
                case 0 when sb.Length > 0:
                    int length = Math.Min(sb.Length - Math.Min(at, sb.Length - 1), _random.Next(1, 4));
                    sb.Remove(Math.Min(at, sb.Length - 1), length);
                    break;
                case 1 when sb.Length > 1:
                    int from = _random.Next(sb.Length - 1);
                    string piece = sb.ToString(from, Math.Min(sb.Length - from, _random.Next(1, 12)));
                    sb.Insert(at, piece);
                    break;
                case 2 when sb.Length > 0:
                    sb.Length = _random.Next(sb.Length);
                    break;
                default:
                    sb.Insert(at, Nasty[_random.Next(Nasty.Length)]);
                    break;
            }
        }

        return sb.ToString();
    }

    /// <summary>A reply dense in tags, partial tags and look-alikes.</summary>
    public string Reply(int maxPieces = 40)
    {
        var sb = new StringBuilder();
        int pieces = _random.Next(0, maxPieces);
        for (int i = 0; i < pieces; i++)
        {
            sb.Append(ReplyPieces[_random.Next(ReplyPieces.Length)]);
        }

        return sb.ToString();
    }

    /// <summary>Random chunk boundaries (1-20 chars, sometimes splitting surrogate pairs).</summary>
    public List<string> Chunk(string text)
    {
        var chunks = new List<string>();
        int i = 0;
        while (i < text.Length)
        {
            int size = Math.Min(text.Length - i, _random.Next(1, _random.Next(2) == 0 ? 4 : 21));
            chunks.Add(text.Substring(i, size));
            i += size;
        }

        if (_random.Next(8) == 0)
        {
            chunks.Insert(_random.Next(chunks.Count + 1), string.Empty);
        }

        return chunks;
    }

    private void Call(StringBuilder sb)
    {
        if (_random.Next(5) == 0)
        {
            sb.Append("async ");
        }

        sb.Append(Name());
        if (_random.Next(5) == 0)
        {
            sb.Append('.').Append(Name());
        }

        sb.Append('(');
        int args = _random.Next(0, 4);
        for (int i = 0; i < args; i++)
        {
            if (i > 0)
            {
                sb.Append(Pick(",", ", ", " ,\n  "));
            }

            sb.Append(_random.Next(6) == 0 ? "callback" : Name()).Append(Pick("=", " = "));
            Value(sb, 0);
        }

        if (args > 0 && _random.Next(4) == 0)
        {
            sb.Append(',');
        }

        sb.Append(')');
    }

    private void Value(StringBuilder sb, int depth)
    {
        switch (_random.Next(depth > 3 ? 7 : 9))
        {
            case 0:
                sb.Append(StringLiteral());
                break;
            case 1:
                sb.Append(_random.Next(2) == 0 ? "-" : string.Empty).Append(_random.Next(1000).ToString(CultureInfo.InvariantCulture));
                break;
            case 2:
                sb.Append(_random.Next(100).ToString(CultureInfo.InvariantCulture)).Append('.').Append(_random.Next(3) == 0 ? string.Empty : "25");
                break;
            case 3:
                sb.Append(Pick("true", "False", "NULL", "none", "123456789012345678901234567890"));
                break;
            case 4:
            case 5:
                sb.Append('$').Append(Name());
                break;
            case 6:
                sb.Append(StringLiteral());
                break;
            case 7:
                sb.Append('[');
                int items = _random.Next(0, 4);
                for (int i = 0; i < items; i++)
                {
                    if (i > 0)
                    {
                        sb.Append(", ");
                    }

                    Value(sb, depth + 1);
                }

                sb.Append(items > 0 && _random.Next(3) == 0 ? ",]" : "]");
                break;
            default:
                sb.Append('{');
                int entries = _random.Next(0, 3);
                for (int i = 0; i < entries; i++)
                {
                    if (i > 0)
                    {
                        sb.Append(", ");
                    }

                    sb.Append(_random.Next(2) == 0 ? Name() : StringLiteral()).Append(": ");
                    Value(sb, depth + 1);
                }

                sb.Append('}');
                break;
        }
    }

    private string StringLiteral()
    {
        char quote = _random.Next(2) == 0 ? '"' : '\'';
        string body = Pick("x", "C:\\Users\\x", "l1\\nl2\\t", "😀 你好", "</nit>", "a\\\"b", "it\\'s", "multi\nline", string.Empty, "#no comment", "\\\\");
        return quote + body.Replace(quote == '"' ? "\\'" : "\\\"", string.Empty, StringComparison.Ordinal) + quote;
    }

    private string Name() => Identifiers[_random.Next(Identifiers.Length)];

    private void Space(StringBuilder sb) => sb.Append(Pick(string.Empty, " ", "\n", "\t", "\u3000", "\r\n", "  "));

    private string Pick(params string[] options) => options[_random.Next(options.Length)];
}
