using System.Buffers;
using System.Globalization;
using System.Numerics;
using System.Text;

namespace PeroCore.Nit.Parsing;

/// <summary>
/// Hand-written scanner for NIT 2.0 profile R (spec §1.2 and §1.7). Positions count code points:
/// a line ends only at <c>'\n'</c>, every other code point (TAB, CR, emoji) advances the column by one.
/// Throws only <see cref="NitException"/>.
/// </summary>
internal sealed class NitLexer
{
    /// <summary>Integers longer than this are refused, so a huge literal cannot stall the parser.</summary>
    internal const int MaxNumberLength = 4096;

    // Boxes of small integers, shared so common literals allocate nothing (immutable after construction).
    private static readonly object[] SmallIntegers = Enumerable.Range(-16, 272).Select(i => (object)(long)i).ToArray();

    private readonly string source;
    private NitToken[] tokens;
    private int count;
    private int pos;
    private int line = 1;
    private int column = 1;

    // Index just past the last identifier token; a '.' there may join a dotted tool name.
    private int identifierEnd = -1;

    private NitLexer(string source)
    {
        this.source = source;
        this.tokens = ArrayPool<NitToken>.Shared.Rent(Math.Min(4096, (source.Length / 3) + 8));
    }

    /// <summary>
    /// Lexes the whole script first (a lexer error anywhere wins over a parser error, as in the seed). The tokens
    /// live in a pooled array; give it back with <see cref="ReturnTokens"/>.
    /// </summary>
    public static NitToken[] Tokenize(string source, out int count)
    {
        var lexer = new NitLexer(source);
        try
        {
            lexer.Run();
        }
        catch
        {
            ReturnTokens(lexer.tokens);
            throw;
        }

        count = lexer.count;
        return lexer.tokens;
    }

    public static void ReturnTokens(NitToken[] tokens) => ArrayPool<NitToken>.Shared.Return(tokens, clearArray: true);

    private void Add(NitToken token)
    {
        if (this.count == this.tokens.Length)
        {
            NitToken[] larger = ArrayPool<NitToken>.Shared.Rent(this.tokens.Length * 2);
            this.tokens.AsSpan(0, this.count).CopyTo(larger);
            ReturnTokens(this.tokens);
            this.tokens = larger;
        }

        this.tokens[this.count++] = token;
    }

    private void Run()
    {
        string s = this.source;
        while (this.pos < s.Length)
        {
            char c = s[this.pos];
            if (c < 0x80)
            {
                switch (c)
                {
                    case ' ' or '\t' or '\r' or '\f' or '\v' or (>= '\x1c' and <= '\x1f'):
                        this.pos++;
                        this.column++;
                        continue;
                    case '\n':
                        this.pos++;
                        this.line++;
                        this.column = 1;
                        continue;
                    case '$':
                        this.ReadVariable();
                        continue;
                    case '"' or '\'':
                        this.ReadString(c);
                        continue;
                    case '=':
                        this.Single(NitTokenType.EQUALS);
                        continue;
                    case '(':
                        this.Single(NitTokenType.LPAREN);
                        continue;
                    case ')':
                        this.Single(NitTokenType.RPAREN);
                        continue;
                    case ',':
                        this.Single(NitTokenType.COMMA);
                        continue;
                    case '[':
                        this.Single(NitTokenType.LBRACKET);
                        continue;
                    case ']':
                        this.Single(NitTokenType.RBRACKET);
                        continue;
                    case '{':
                        this.Single(NitTokenType.LBRACE);
                        continue;
                    case '}':
                        this.Single(NitTokenType.RBRACE);
                        continue;
                    case ':':
                        this.Single(NitTokenType.COLON);
                        continue;
                    case '#':
                        this.SkipToEndOfLine();
                        continue;
                    case '`' when this.pos + 2 < s.Length && s[this.pos + 1] == '`' && s[this.pos + 2] == '`':
                        // Code fence (```nit): skipped like a comment, outside strings only.
                        this.SkipToEndOfLine();
                        continue;
                    case '.' when this.identifierEnd == this.pos && this.pos + 1 < s.Length && IsIdentifierStart(s, this.pos + 1):
                        this.Single(NitTokenType.DOT);
                        continue;
                    case '-' when this.pos + 1 < s.Length && char.IsAsciiDigit(s[this.pos + 1]):
                        this.ReadNumber();
                        continue;
                    case >= '0' and <= '9':
                        this.ReadNumber();
                        continue;
                    case '_' or (>= 'a' and <= 'z') or (>= 'A' and <= 'Z'):
                        this.ReadIdentifier();
                        continue;
                    default:
                        throw this.Unexpected();
                }
            }

            Rune rune = RuneAt(s, this.pos, out _);
            if (IsSpace(rune))
            {
                this.Advance();
            }
            else if (Rune.IsLetter(rune))
            {
                this.ReadIdentifier();
            }
            else
            {
                throw this.Unexpected();
            }
        }

        this.Add(new NitToken(NitTokenType.EOF, string.Empty, this.line, this.column));
    }

    private void Single(NitTokenType type)
    {
        this.Add(new NitToken(type, null, this.line, this.column));
        this.pos++;
        this.column++;
    }

    private void SkipToEndOfLine()
    {
        string s = this.source;
        while (this.pos < s.Length && s[this.pos] != '\n')
        {
            this.Advance();
        }
    }

    /// <summary>Moves past one code point (two chars for a surrogate pair).</summary>
    private void Advance()
    {
        string s = this.source;
        char c = s[this.pos];
        if (c == '\n')
        {
            this.pos++;
            this.line++;
            this.column = 1;
            return;
        }

        this.pos += char.IsHighSurrogate(c) && this.pos + 1 < s.Length && char.IsLowSurrogate(s[this.pos + 1]) ? 2 : 1;
        this.column++;
    }

    private NitException Unexpected()
    {
        string s = this.source;
        int width = char.IsHighSurrogate(s[this.pos]) && this.pos + 1 < s.Length && char.IsLowSurrogate(s[this.pos + 1]) ? 2 : 1;
        return this.Error(this.line, this.column, "Unexpected character: " + s.Substring(this.pos, width));
    }

    private NitException Error(int atLine, int atColumn, string reason)
        => NitException.Create(NitErrorKind.Lexer, this.source, atLine, atColumn, reason);

    private void ReadVariable()
    {
        int startLine = this.line, startColumn = this.column;
        this.pos++;
        this.column++;
        int nameStart = this.pos;
        this.SkipIdentifierChars();
        if (this.pos == nameStart)
        {
            throw this.Error(startLine, startColumn, "Empty variable name");
        }

        this.Add(new NitToken(NitTokenType.VARIABLE, this.source[nameStart..this.pos], startLine, startColumn));
    }

    private void ReadIdentifier()
    {
        int startLine = this.line, startColumn = this.column;
        int start = this.pos;
        this.SkipIdentifierChars();
        string text = this.source[start..this.pos];
        NitTokenType type = text == "async" ? NitTokenType.KEYWORD_ASYNC : NitTokenType.IDENTIFIER;
        this.Add(new NitToken(type, text, startLine, startColumn));
        if (type == NitTokenType.IDENTIFIER)
        {
            this.identifierEnd = this.pos;
        }
    }

    /// <summary>Skips <c>{letter | number | '_'}</c> (Python's <c>isalnum() or '_'</c>).</summary>
    private void SkipIdentifierChars()
    {
        string s = this.source;
        while (this.pos < s.Length)
        {
            char c = s[this.pos];
            if (c < 0x80)
            {
                if (char.IsAsciiLetterOrDigit(c) || c == '_')
                {
                    this.pos++;
                    this.column++;
                    continue;
                }

                return;
            }

            Rune rune = RuneAt(s, this.pos, out int width);
            if (!IsIdentifierPart(rune))
            {
                return;
            }

            this.pos += width;
            this.column++;
        }
    }

    private void ReadString(char quote)
    {
        string s = this.source;
        int startLine = this.line, startColumn = this.column;
        this.pos++;
        this.column++;
        int contentStart = this.pos;
        StringBuilder? sb = null;
        while (this.pos < s.Length)
        {
            char c = s[this.pos];
            if (c == quote)
            {
                string value = sb is null ? s[contentStart..this.pos] : sb.Append(s, contentStart, this.pos - contentStart).ToString();
                this.pos++;
                this.column++;
                this.Add(new NitToken(NitTokenType.STRING, value, startLine, startColumn));
                return;
            }

            if (c == '\\')
            {
                if (this.pos + 1 >= s.Length)
                {
                    // A backslash at EOF: the string never ends.
                    this.pos++;
                    this.column++;
                    break;
                }

                char next = s[this.pos + 1];
                char? replacement = next switch
                {
                    'n' => '\n',
                    't' => '\t',
                    'r' => '\r',
                    '0' => '\0',
                    '\\' or '"' or '\'' => next,
                    _ => null,
                };

                if (replacement is char r)
                {
                    sb ??= new StringBuilder(Math.Max(16, this.pos - contentStart + 16));
                    sb.Append(s, contentStart, this.pos - contentStart).Append(r);
                    this.pos += 2;
                    this.column += 2;
                    contentStart = this.pos;
                    continue;
                }

                // Unknown escape [FIX]: keep the backslash, so "C:\Users\x" stays a Windows path.
                this.pos++;
                this.column++;
                continue;
            }

            this.Advance();
        }

        throw this.Error(this.line, this.column, "Unterminated string");
    }

    private void ReadNumber()
    {
        string s = this.source;
        int startLine = this.line, startColumn = this.column;
        int start = this.pos;
        if (s[this.pos] == '-')
        {
            this.pos++;
        }

        int dots = 0;
        while (this.pos < s.Length)
        {
            char c = s[this.pos];
            if (char.IsAsciiDigit(c))
            {
                this.pos++;
            }
            else if (c == '.')
            {
                dots++;
                this.pos++;
            }
            else
            {
                break;
            }
        }

        this.column += this.pos - start;
        string text = s[start..this.pos];
        if (dots > 1)
        {
            throw this.Error(startLine, startColumn, "Invalid number literal '" + Shorten(text) + "'");
        }

        object value;
        if (dots == 1)
        {
            // "1." is 1.0 as in Python; a huge mantissa becomes infinity, never an exception.
            value = double.Parse(text.EndsWith('.') ? text + "0" : text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
        }
        else if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long l))
        {
            value = l >= -16 && l < 256 ? SmallIntegers[l + 16] : l;
        }
        else if (text.Length <= MaxNumberLength)
        {
            value = BigInteger.Parse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        }
        else
        {
            throw this.Error(startLine, startColumn, "Invalid number literal '" + Shorten(text) + "' (too long)");
        }

        this.Add(new NitToken(NitTokenType.NUMBER, value, startLine, startColumn));
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "...";

    private static Rune RuneAt(string s, int index, out int width)
    {
        if (Rune.DecodeFromUtf16(s.AsSpan(index), out Rune rune, out width) != System.Buffers.OperationStatus.Done)
        {
            // A lone surrogate: treat as one unknown char.
            width = 1;
            return Rune.ReplacementChar;
        }

        return rune;
    }

    private static bool IsIdentifierStart(string s, int index)
    {
        char c = s[index];
        if (c < 0x80)
        {
            return char.IsAsciiLetter(c) || c == '_';
        }

        return Rune.IsLetter(RuneAt(s, index, out _));
    }

    /// <summary>Python's <c>isspace()</c>: Unicode white space plus the separators U+001C..U+001F.</summary>
    internal static bool IsSpace(Rune rune) => Rune.IsWhiteSpace(rune) || (rune.Value >= 0x1C && rune.Value <= 0x1F);

    /// <summary>Python's <c>isalnum()</c>: letters and every numeric category (Nd, Nl, No).</summary>
    internal static bool IsIdentifierPart(Rune rune)
    {
        if (rune.Value == '_')
        {
            return true;
        }

        UnicodeCategory cat = Rune.GetUnicodeCategory(rune);
        return cat is UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
            or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter
            or UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber;
    }
}
