using System.Globalization;

namespace Etrepaye.Workflows.Expressions;

internal enum TokenKind
{
    Number,
    String,
    Date,
    Identifier,
    And,
    Or,
    Not,
    If,
    Then,
    Else,
    True,
    False,
    Plus,
    Minus,
    Star,
    Slash,
    EqualEqual,
    BangEqual,
    Less,
    LessEqual,
    Greater,
    GreaterEqual,
    LeftParen,
    RightParen,
    LeftBracket,
    RightBracket,
    Comma,
    Dot,
    End,
}

internal readonly record struct Token(TokenKind Kind, string Text, TextSpan Span, object? Value = null);

internal sealed class Lexer(string text)
{
    private static readonly Dictionary<string, TokenKind> _keywords = new(StringComparer.Ordinal)
    {
        ["and"] = TokenKind.And,
        ["or"] = TokenKind.Or,
        ["not"] = TokenKind.Not,
        ["if"] = TokenKind.If,
        ["then"] = TokenKind.Then,
        ["else"] = TokenKind.Else,
        ["true"] = TokenKind.True,
        ["false"] = TokenKind.False,
    };

    private int _position;
    private int _line = 1;
    private int _lineStart;

    public List<Token> Tokenize()
    {
        var tokens = new List<Token>();
        while (true)
        {
            SkipWhitespace();
            if (_position >= text.Length)
            {
                tokens.Add(new Token(TokenKind.End, string.Empty, SpanFrom(_position)));
                return tokens;
            }

            tokens.Add(Next());
        }
    }

    private void SkipWhitespace()
    {
        while (_position < text.Length && char.IsWhiteSpace(text[_position]))
        {
            if (text[_position] == '\n')
            {
                _line++;
                _lineStart = _position + 1;
            }

            _position++;
        }
    }

    private TextSpan SpanFrom(int start) => new(start, _position - start, _line, start - _lineStart + 1);

    private Token Next()
    {
        var start = _position;
        var c = text[_position];
        if (char.IsAsciiDigit(c))
        {
            return IsDateAhead() ? ReadDate(start) : ReadNumber(start);
        }

        if (char.IsAsciiLetter(c) || c == '_')
        {
            while (_position < text.Length && (char.IsAsciiLetterOrDigit(text[_position]) || text[_position] == '_'))
            {
                _position++;
            }

            var word = text[start.._position];
            return new Token(_keywords.GetValueOrDefault(word, TokenKind.Identifier), word, SpanFrom(start));
        }

        if (c == '"')
        {
            return ReadString(start);
        }

        _position++;
        var two = _position < text.Length ? text[_position] : '\0';
        switch (c)
        {
            case '+': return Simple(TokenKind.Plus, start);
            case '-': return Simple(TokenKind.Minus, start);
            case '*': return Simple(TokenKind.Star, start);
            case '/': return Simple(TokenKind.Slash, start);
            case '(': return Simple(TokenKind.LeftParen, start);
            case ')': return Simple(TokenKind.RightParen, start);
            case '[': return Simple(TokenKind.LeftBracket, start);
            case ']': return Simple(TokenKind.RightBracket, start);
            case ',': return Simple(TokenKind.Comma, start);
            case '.': return Simple(TokenKind.Dot, start);
            case '<' when two == '=':
                _position++;
                return Simple(TokenKind.LessEqual, start);
            case '<': return Simple(TokenKind.Less, start);
            case '>' when two == '=':
                _position++;
                return Simple(TokenKind.GreaterEqual, start);
            case '>': return Simple(TokenKind.Greater, start);
            case '=' when two == '=':
                _position++;
                return Simple(TokenKind.EqualEqual, start);
            case '!' when two == '=':
                _position++;
                return Simple(TokenKind.BangEqual, start);
            case '=':
                throw new ExpressionException("'=' is not an operator: compare with '=='", SpanFrom(start));
            case '&' or '|':
                throw new ExpressionException($"'{c}' is not an operator: use 'and' / 'or'", SpanFrom(start));
            case '!':
                throw new ExpressionException("'!' is not an operator: use 'not' or '!='", SpanFrom(start));
            default:
                throw new ExpressionException($"unexpected character '{c}'", SpanFrom(start));
        }
    }

    private Token Simple(TokenKind kind, int start) => new(kind, text[start.._position], SpanFrom(start));

    // A date literal is written yyyy-MM-dd with no spaces, so 2024-05-01 never means a subtraction.
    private bool IsDateAhead()
    {
        const string pattern = "dddd-dd-dd";
        if (_position + pattern.Length > text.Length)
        {
            return false;
        }

        for (var i = 0; i < pattern.Length; i++)
        {
            var c = text[_position + i];
            if (pattern[i] == 'd' ? !char.IsAsciiDigit(c) : c != '-')
            {
                return false;
            }
        }

        var after = _position + pattern.Length;
        return after == text.Length || !char.IsAsciiLetterOrDigit(text[after]);
    }

    private Token ReadDate(int start)
    {
        _position += 10;
        var span = SpanFrom(start);
        var literal = text[start.._position];
        return DateOnly.TryParseExact(literal, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? new Token(TokenKind.Date, literal, span, date)
            : throw new ExpressionException($"'{literal}' is not a valid date", span);
    }

    private Token ReadNumber(int start)
    {
        while (_position < text.Length && char.IsAsciiDigit(text[_position]))
        {
            _position++;
        }

        if (_position + 1 < text.Length && text[_position] == '.' && char.IsAsciiDigit(text[_position + 1]))
        {
            _position++;
            while (_position < text.Length && char.IsAsciiDigit(text[_position]))
            {
                _position++;
            }
        }

        var literal = text[start.._position];
        return decimal.TryParse(literal, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)
            ? new Token(TokenKind.Number, literal, SpanFrom(start), value)
            : throw new ExpressionException($"'{literal}' is too large a number", SpanFrom(start));
    }

    private Token ReadString(int start)
    {
        _position++;
        var value = new System.Text.StringBuilder();
        while (true)
        {
            if (_position >= text.Length || text[_position] == '\n')
            {
                throw new ExpressionException("unterminated string: a string ends with '\"' on the same line", SpanFrom(start));
            }

            var c = text[_position++];
            if (c == '"')
            {
                return new Token(TokenKind.String, text[start.._position], SpanFrom(start), value.ToString());
            }

            if (c == '\\')
            {
                var escaped = _position < text.Length ? text[_position++] : '\0';
                value.Append(escaped switch
                {
                    '"' => '"',
                    '\\' => '\\',
                    'n' => '\n',
                    't' => '\t',
                    _ => throw new ExpressionException($"unknown escape '\\{escaped}'", SpanFrom(_position - 2)),
                });
                continue;
            }

            value.Append(c);
        }
    }
}
