namespace PeroCore.Nit.Parsing;

/// <summary>
/// Token kinds. The member names are the names the original printed in parser errors
/// (<c>Expected TokenType.RPAREN, got TokenType.IDENTIFIER</c>), so they are kept in upper case.
/// </summary>
#pragma warning disable CA1707 // Identifiers should not contain underscores: names are part of the error texts.
internal enum NitTokenType
{
    IDENTIFIER,
    VARIABLE,
    STRING,
    NUMBER,
    EQUALS,
    LPAREN,
    RPAREN,
    COMMA,
    KEYWORD_ASYNC,
    EOF,
    LBRACKET,
    RBRACKET,
    LBRACE,
    RBRACE,
    COLON,
    DOT,
}
#pragma warning restore CA1707
