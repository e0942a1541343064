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

    private readonly string _source;
    private NitToken[] _tokens;
    private int _count;
    private int _pos;
    private int _line = 1;
    private int _column = 1;

    // Index just past the last identifier token; a '.' there may join a dotted tool name.
    private int _identifierEnd = -1;

    private NitLexer(string source)
    {
        _source = source;
        _tokens = ArrayPool<NitToken>.Shared.Rent(Math.Min(4096, (source.Length / 3) + 8));
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
            ReturnTokens(lexer._tokens);
            throw;
        }

        count = lexer._count;
        return lexer._tokens;
    }

    public static void ReturnTokens(NitToken[] tokens) => ArrayPool<NitToken>.Shared.Return(tokens, clearArray: true);

    private void Add(NitToken token)
    {
        if (_count == _tokens.Length)
        {
            NitToken[] larger = ArrayPool<NitToken>.Shared.Rent(_tokens.Length * 2);
            _tokens.AsSpan(0, _count).CopyTo(larger);
            ReturnTokens(_tokens);
            _tokens = larger;
        }

        _tokens[_count++] = token;
    }

    private void Run()
    {
        string s = _source;
        while (_pos < s.Length)
        {
            char c = s[_pos];
            if (c < 0x80)
            {
                switch (c)
                {
                    case ' ' or '\t' or '\r' or '\f' or '\v' or (>= '\x1c' and <= '\x1f'):
                        _pos++;
                        _column++;
                        continue;
                    case '\n':
                        _pos++;
                        _line++;
                        _column = 1;
                        continue;
                    case '$':
                        ReadVariable();
                        continue;
                    case '"' or '\'':
                        ReadString(c);
                        continue;
                    case '=':
                        Single(NitTokenType.EQUALS);
                        continue;
                    case '(':
                        Single(NitTokenType.LPAREN);
                        continue;
                    case ')':
                        Single(NitTokenType.RPAREN);
                        continue;
                    case ',':
                        Single(NitTokenType.COMMA);
                        continue;
                    case '[':
                        Single(NitTokenType.LBRACKET);
                        continue;
                    case ']':
                        Single(NitTokenType.RBRACKET);
                        continue;
                    case '{':
                        Single(NitTokenType.LBRACE);
                        continue;
                    case '}':
                        Single(NitTokenType.RBRACE);
                        continue;
                    case ':':
                        Single(NitTokenType.COLON);
                        continue;
                    case '#':
                        SkipToEndOfLine();
                        continue;
                    case '`' when _pos + 2 < s.Length && s[_pos + 1] == '`' && s[_pos + 2] == '`':
                        // Code fence (```nit): skipped like a comment, outside strings only.
                        SkipToEndOfLine();
                        continue;
                    case '.' when _identifierEnd == _pos && _pos + 1 < s.Length && IsIdentifierStart(s, _pos + 1):
                        Single(NitTokenType.DOT);
                        continue;
                    case '-' when _pos + 1 < s.Length && char.IsAsciiDigit(s[_pos + 1]):
                        ReadNumber();
                        continue;
                    case >= '0' and <= '9':
                        ReadNumber();
                        continue;
                    case '_' or (>= 'a' and <= 'z') or (>= 'A' and <= 'Z'):
                        ReadIdentifier();
                        continue;
                    default:
                        throw Unexpected();
                }
            }

            Rune rune = RuneAt(s, _pos, out _);
            if (IsSpace(rune))
            {
                Advance();
            }
            else if (Rune.IsLetter(rune))
            {
                ReadIdentifier();
            }
            else
            {
                throw Unexpected();
            }
        }

        Add(new NitToken(NitTokenType.EOF, string.Empty, _line, _column));
    }

    private void Single(NitTokenType type)
    {
        Add(new NitToken(type, null, _line, _column));
        _pos++;
        _column++;
    }

    private void SkipToEndOfLine()
    {
        string s = _source;
        while (_pos < s.Length && s[_pos] != '\n')
        {
            Advance();
        }
    }

    /// <summary>Moves past one code point (two chars for a surrogate pair).</summary>
    private void Advance()
    {
        string s = _source;
        char c = s[_pos];
        if (c == '\n')
        {
            _pos++;
            _line++;
            _column = 1;
            return;
        }

        _pos += char.IsHighSurrogate(c) && _pos + 1 < s.Length && char.IsLowSurrogate(s[_pos + 1]) ? 2 : 1;
        _column++;
    }

    private NitException Unexpected()
    {
        string s = _source;
        int width = char.IsHighSurrogate(s[_pos]) && _pos + 1 < s.Length && char.IsLowSurrogate(s[_pos + 1]) ? 2 : 1;
        return Error(_line, _column, "Unexpected character: " + s.Substring(_pos, width));
    }

    private NitException Error(int atLine, int atColumn, string reason)
        => NitException.Create(NitErrorKind.Lexer, _source, atLine, atColumn, reason);

    private void ReadVariable()
    {
        int startLine = _line, startColumn = _column;
        _pos++;
        _column++;
        int nameStart = _pos;
        SkipIdentifierChars();
        if (_pos == nameStart)
        {
            throw Error(startLine, startColumn, "Empty variable name");
        }

        Add(new NitToken(NitTokenType.VARIABLE, _source[nameStart.._pos], startLine, startColumn));
    }

    private void ReadIdentifier()
    {
        int startLine = _line, startColumn = _column;
        int start = _pos;
        SkipIdentifierChars();
        string text = _source[start.._pos];
        NitTokenType type = text == "async" ? NitTokenType.KEYWORD_ASYNC : NitTokenType.IDENTIFIER;
        Add(new NitToken(type, text, startLine, startColumn));
        if (type == NitTokenType.IDENTIFIER)
        {
            _identifierEnd = _pos;
        }
    }

    /// <summary>Skips <c>{letter | number | '_'}</c> (Python's <c>isalnum() or '_'</c>).</summary>
    private void SkipIdentifierChars()
    {
        string s = _source;
        while (_pos < s.Length)
        {
            char c = s[_pos];
            if (c < 0x80)
            {
                if (char.IsAsciiLetterOrDigit(c) || c == '_')
                {
                    _pos++;
                    _column++;
                    continue;
                }

                return;
            }

            Rune rune = RuneAt(s, _pos, out int width);
            if (!IsIdentifierPart(rune))
            {
                return;
            }

            _pos += width;
            _column++;
        }
    }

    private void ReadString(char quote)
    {
        string s = _source;
        int startLine = _line, startColumn = _column;
        _pos++;
        _column++;
        int contentStart = _pos;
        StringBuilder? sb = null;
        while (_pos < s.Length)
        {
            char c = s[_pos];
            if (c == quote)
            {
                string value = sb is null ? s[contentStart.._pos] : sb.Append(s, contentStart, _pos - contentStart).ToString();
                _pos++;
                _column++;
                Add(new NitToken(NitTokenType.STRING, value, startLine, startColumn));
                return;
            }

            if (c == '\\')
            {
                if (_pos + 1 >= s.Length)
                {
                    // A backslash at EOF: the string never ends.
                    _pos++;
                    _column++;
                    break;
                }

                char next = s[_pos + 1];
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
                    sb ??= new StringBuilder(Math.Max(16, _pos - contentStart + 16));
                    sb.Append(s, contentStart, _pos - contentStart).Append(r);
                    _pos += 2;
                    _column += 2;
                    contentStart = _pos;
                    continue;
                }

                // Unknown escape [FIX]: keep the backslash, so "C:\Users\x" stays a Windows path.
                _pos++;
                _column++;
                continue;
            }

            Advance();
        }

        throw Error(_line, _column, "Unterminated string");
    }

    private void ReadNumber()
    {
        string s = _source;
        int startLine = _line, startColumn = _column;
        int start = _pos;
        if (s[_pos] == '-')
        {
            _pos++;
        }

        int dots = 0;
        while (_pos < s.Length)
        {
            char c = s[_pos];
            if (char.IsAsciiDigit(c))
            {
                _pos++;
            }
            else if (c == '.')
            {
                dots++;
                _pos++;
            }
            else
            {
                break;
            }
        }

        _column += _pos - start;
        string text = s[start.._pos];
        if (dots > 1)
        {
            throw Error(startLine, startColumn, "Invalid number literal '" + Shorten(text) + "'");
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
            throw Error(startLine, startColumn, "Invalid number literal '" + Shorten(text) + "' (too long)");
        }

        Add(new NitToken(NitTokenType.NUMBER, value, startLine, startColumn));
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
