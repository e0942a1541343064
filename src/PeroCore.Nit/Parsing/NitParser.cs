using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Numerics;
using PeroCore.Nit.Values;

namespace PeroCore.Nit.Parsing;

/// <summary>
/// Parses NIT 2.0 profile R scripts (spec §1.3 and §1.7) into an immutable <see cref="NitScript"/>.
/// Parsing is all-or-nothing: the whole script is lexed and parsed before anything runs.
/// Only <see cref="NitException"/> is ever thrown, and the work is linear in the input size.
/// </summary>
public sealed class NitParser
{
    /// <summary>How deeply lists and dictionaries may nest.</summary>
    public const int MaxNestingDepth = 64;

    private readonly string _source;
    private readonly NitToken[] _tokens;
    private readonly int _count;
    private int _index;

    private NitParser(string source, NitToken[] tokens, int count)
    {
        _source = source;
        _tokens = tokens;
        _count = count;
    }

    /// <summary>Parses a script (the text between <c>&lt;nit&gt;</c> and <c>&lt;/nit&gt;</c>).</summary>
    /// <exception cref="NitException">On any lexical or syntax error.</exception>
    public static NitScript Parse(string script)
    {
        ArgumentNullException.ThrowIfNull(script);
        NitToken[] tokens = NitLexer.Tokenize(script, out int count);
        try
        {
            return new NitParser(script, tokens, count).ParseScript();
        }
        finally
        {
            NitLexer.ReturnTokens(tokens);
        }
    }

    /// <summary>Parses a script; returns false with the error instead of throwing.</summary>
    public static bool TryParse(string script, [NotNullWhen(true)] out NitScript? result, [NotNullWhen(false)] out NitException? error)
    {
        try
        {
            result = Parse(script);
            error = null;
            return true;
        }
        catch (NitException ex)
        {
            result = null;
            error = ex;
            return false;
        }
    }

    private NitToken Peek => _tokens[_index];

    private NitToken PeekAt(int offset) => _tokens[Math.Min(_index + offset, _count - 1)];

    private NitToken Advance()
    {
        NitToken token = _tokens[_index];
        if (token.Type != NitTokenType.EOF)
        {
            _index++;
        }

        return token;
    }

    private NitScript ParseScript()
    {
        var statements = new List<NitStatement>();
        while (Peek.Type != NitTokenType.EOF)
        {
            statements.Add(ParseStatement());
        }

        return new NitScript(statements.ToArray());
    }

    private NitStatement ParseStatement()
    {
        NitToken first = Peek;
        if (first.Type == NitTokenType.VARIABLE)
        {
            Advance();
            Expect(NitTokenType.EQUALS);
            NitExpression value = ParseAssignedValue();
            return new NitStatement(first.Text, value, first.Line, first.Column);
        }

        NitCall call = ParseCall();
        return new NitStatement(null, call, first.Line, first.Column);
    }

    /// <summary>Right-hand side of an assignment: a call, or (profile R) any value.</summary>
    private NitExpression ParseAssignedValue()
    {
        NitToken token = Peek;
        switch (token.Type)
        {
            case NitTokenType.KEYWORD_ASYNC:
                return ParseCall();
            case NitTokenType.IDENTIFIER:
                NitTokenType next = PeekAt(1).Type;
                if (next != NitTokenType.LPAREN && next != NitTokenType.DOT && TryKeywordLiteral(token, out NitLiteral? literal))
                {
                    Advance();
                    return literal;
                }

                return ParseCall();
            default:
                return ParseValue(0);
        }
    }

    private NitCall ParseCall()
    {
        NitToken start = Peek;
        bool isAsync = false;
        if (start.Type == NitTokenType.KEYWORD_ASYNC)
        {
            Advance();
            isAsync = true;
        }

        NitToken nameToken = Expect(NitTokenType.IDENTIFIER);
        string name = nameToken.Text;
        while (Peek.Type == NitTokenType.DOT)
        {
            Advance();
            name = name + "." + Expect(NitTokenType.IDENTIFIER).Text;
        }

        Expect(NitTokenType.LPAREN);
        List<NitArgument>? arguments = null;
        Dictionary<string, int>? positions = null;
        if (Peek.Type != NitTokenType.RPAREN)
        {
            arguments = new List<NitArgument>(4);
            while (true)
            {
                NitToken argName = Expect(NitTokenType.IDENTIFIER);
                Expect(NitTokenType.EQUALS);
                NitExpression value = ParseValue(0);
                AddOrReplace(arguments, ref positions, argName.Text, new NitArgument(argName.Text, value, argName.Line, argName.Column));

                if (Peek.Type != NitTokenType.COMMA)
                {
                    break;
                }

                Advance();
                if (Peek.Type == NitTokenType.RPAREN)
                {
                    break; // trailing comma [EXT]
                }
            }
        }

        Expect(NitTokenType.RPAREN);

        IReadOnlyList<NitArgument> args = arguments is null ? [] : arguments.ToArray();
        string? callback = null;
        foreach (NitArgument argument in args)
        {
            // Callback lifting: a literal callback= becomes CallNode.callback, for sync calls too [SEED].
            if (argument.Name == "callback" && argument.Value is NitLiteral { Kind: not NitLiteralKind.Null } lit)
            {
                callback = LiteralToText(lit);
            }
        }

        return new NitCall(name, args, isAsync, callback, start.Line, start.Column);
    }

    /// <summary>
    /// Adds an entry, or replaces the value of an earlier entry with the same name in place (Python dict semantics).
    /// Small lists are searched linearly; larger ones get an index, so parsing stays linear.
    /// </summary>
    private static void AddOrReplace<T>(List<T> items, ref Dictionary<string, int>? positions, string name, T item)
        where T : notnull
    {
        const int IndexThreshold = 8;
        if (positions is null && items.Count >= IndexThreshold)
        {
            positions = new Dictionary<string, int>(StringComparer.Ordinal);
            for (int i = 0; i < items.Count; i++)
            {
                positions[NameOf(items[i])] = i;
            }
        }

        if (positions is not null)
        {
            if (positions.TryGetValue(name, out int at))
            {
                items[at] = item;
            }
            else
            {
                positions[name] = items.Count;
                items.Add(item);
            }

            return;
        }

        for (int i = 0; i < items.Count; i++)
        {
            if (string.Equals(NameOf(items[i]), name, StringComparison.Ordinal))
            {
                items[i] = item; // duplicate: the last value wins, first position kept
                return;
            }
        }

        items.Add(item);
    }

    private static string NameOf<T>(T item) where T : notnull => item switch
    {
        NitArgument argument => argument.Name,
        KeyValuePair<string, NitExpression> entry => entry.Key,
        _ => throw new InvalidOperationException(),
    };

    private NitExpression ParseValue(int depth)
    {
        NitToken token = Peek;
        switch (token.Type)
        {
            case NitTokenType.STRING:
                Advance();
                return new NitLiteral(NitLiteralKind.String, token.Value, token.Line, token.Column);
            case NitTokenType.NUMBER:
                Advance();
                NitLiteralKind kind = token.Value is double ? NitLiteralKind.Float : NitLiteralKind.Integer;
                return new NitLiteral(kind, token.Value, token.Line, token.Column);
            case NitTokenType.VARIABLE:
                Advance();
                return new NitVariableReference(token.Text, token.Line, token.Column);
            case NitTokenType.IDENTIFIER when TryKeywordLiteral(token, out NitLiteral? literal):
                Advance();
                return literal;
            case NitTokenType.LBRACKET:
                return ParseList(depth);
            case NitTokenType.LBRACE:
                return ParseDictionary(depth);
            default:
                throw Error(token, "Expected value, got TokenType." + token.Type.ToString());
        }
    }

    private NitListExpression ParseList(int depth)
    {
        NitToken open = Advance();
        CheckDepth(open, depth);
        var items = new List<NitExpression>();
        if (Peek.Type != NitTokenType.RBRACKET)
        {
            while (true)
            {
                items.Add(ParseValue(depth + 1));
                if (Peek.Type != NitTokenType.COMMA)
                {
                    break;
                }

                Advance();
                if (Peek.Type == NitTokenType.RBRACKET)
                {
                    break;
                }
            }
        }

        Expect(NitTokenType.RBRACKET);
        return new NitListExpression(items.ToArray(), open.Line, open.Column);
    }

    private NitDictionaryExpression ParseDictionary(int depth)
    {
        NitToken open = Advance();
        CheckDepth(open, depth);
        var entries = new List<KeyValuePair<string, NitExpression>>();
        Dictionary<string, int>? positions = null;
        if (Peek.Type != NitTokenType.RBRACE)
        {
            while (true)
            {
                NitToken key = Peek;
                if (key.Type is not (NitTokenType.STRING or NitTokenType.IDENTIFIER))
                {
                    throw Error(key, "Expected dictionary key, got TokenType." + key.Type.ToString());
                }

                Advance();
                Expect(NitTokenType.COLON);
                NitExpression value = ParseValue(depth + 1);
                AddOrReplace(entries, ref positions, key.Text, new KeyValuePair<string, NitExpression>(key.Text, value));

                if (Peek.Type != NitTokenType.COMMA)
                {
                    break;
                }

                Advance();
                if (Peek.Type == NitTokenType.RBRACE)
                {
                    break;
                }
            }
        }

        Expect(NitTokenType.RBRACE);
        return new NitDictionaryExpression(entries.ToArray(), open.Line, open.Column);
    }

    private void CheckDepth(NitToken token, int depth)
    {
        if (depth >= MaxNestingDepth)
        {
            throw Error(token, string.Create(CultureInfo.InvariantCulture, $"Nesting too deep (more than {MaxNestingDepth} levels)"));
        }
    }

    /// <summary>Profile R: true/false/null/none (any case) in value position are literals.</summary>
    private static bool TryKeywordLiteral(NitToken token, [NotNullWhen(true)] out NitLiteral? literal)
    {
        string text = token.Text;
        literal = text.Length switch
        {
            4 when text.Equals("true", StringComparison.OrdinalIgnoreCase) => new NitLiteral(NitLiteralKind.Boolean, true, token.Line, token.Column),
            5 when text.Equals("false", StringComparison.OrdinalIgnoreCase) => new NitLiteral(NitLiteralKind.Boolean, false, token.Line, token.Column),
            4 when text.Equals("null", StringComparison.OrdinalIgnoreCase) || text.Equals("none", StringComparison.OrdinalIgnoreCase)
                => new NitLiteral(NitLiteralKind.Null, null, token.Line, token.Column),
            _ => null,
        };
        return literal is not null;
    }

    private static string LiteralToText(NitLiteral literal) => literal.Value switch
    {
        string s => s,
        long l => l.ToString(CultureInfo.InvariantCulture),
        BigInteger b => b.ToString(CultureInfo.InvariantCulture),
        double d => NitValueFormatter.FormatDouble(d),
        bool b => b ? "true" : "false",
        _ => string.Empty,
    };

    private NitToken Expect(NitTokenType type)
    {
        NitToken token = Peek;
        if (token.Type != type)
        {
            throw Error(token, "Expected TokenType." + type.ToString() + ", got TokenType." + token.Type.ToString());
        }

        return Advance();
    }

    private NitException Error(NitToken at, string reason)
        => NitException.Create(NitErrorKind.Parser, _source, at.Line, at.Column, reason);
}
