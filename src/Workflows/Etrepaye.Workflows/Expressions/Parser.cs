using Etrepaye.Shared.Contracts;
using Etrepaye.Workflows.Definitions;

namespace Etrepaye.Workflows.Expressions;

public sealed record ParseResult(ExprNode? Root, IReadOnlyList<ExpressionDiagnostic> Diagnostics)
{
    public bool Success => Root is not null && Diagnostics.Count == 0;
}

/// <summary>
/// A recursive-descent parser. Precedence, lowest first: if-then-else, or, and, not, comparison,
/// + and -, * and /, unary minus, member access and calls.
/// </summary>
public static class ExpressionParser
{
    public const int MaxLength = 4_000;
    public const int MaxDepth = 64;

    public static ParseResult Parse(string text)
    {
        if (text.Length > MaxLength)
        {
            return new ParseResult(null, [new ExpressionDiagnostic($"an expression is at most {MaxLength} characters", 1, 1)]);
        }

        try
        {
            var tokens = new Lexer(text).Tokenize();
            var parser = new Parser(tokens);
            var root = parser.ParseAll();
            return new ParseResult(root, []);
        }
        catch (ExpressionException exception)
        {
            return new ParseResult(null, [new ExpressionDiagnostic(exception.Problem, exception.Line, exception.Column)]);
        }
    }

    private sealed class Parser(List<Token> tokens)
    {
        private int _index;
        private int _depth;

        private Token Current => tokens[_index];

        public ExprNode ParseAll()
        {
            if (Current.Kind == TokenKind.End)
            {
                throw new ExpressionException("the expression is empty", Current.Span);
            }

            var node = ParseExpression();
            return Current.Kind == TokenKind.End ? node : throw Unexpected("an operator or the end of the expression");
        }

        private ExprNode ParseExpression()
        {
            if (++_depth > MaxDepth)
            {
                throw new ExpressionException($"the expression nests deeper than {MaxDepth} levels", Current.Span);
            }

            try
            {
                if (Current.Kind != TokenKind.If)
                {
                    return ParseOr();
                }

                var ifToken = Advance();
                var condition = ParseExpression();
                Expect(TokenKind.Then, "'then'");
                var whenTrue = ParseExpression();
                Expect(TokenKind.Else, "'else' (an if always has an else)");
                var whenFalse = ParseExpression();
                return new ConditionalExpr(condition, whenTrue, whenFalse, ifToken.Span);
            }
            finally
            {
                _depth--;
            }
        }

        private ExprNode ParseOr()
        {
            var left = ParseAnd();
            while (Current.Kind == TokenKind.Or)
            {
                var op = Advance();
                left = new BinaryExpr(BinaryOperator.Or, left, ParseAnd(), op.Span);
            }

            return left;
        }

        private ExprNode ParseAnd()
        {
            var left = ParseNot();
            while (Current.Kind == TokenKind.And)
            {
                var op = Advance();
                left = new BinaryExpr(BinaryOperator.And, left, ParseNot(), op.Span);
            }

            return left;
        }

        private ExprNode ParseNot()
        {
            if (Current.Kind != TokenKind.Not)
            {
                return ParseComparison();
            }

            var op = Advance();
            return Nested(() => new UnaryExpr(UnaryOperator.Not, ParseNot(), op.Span));
        }

        private ExprNode ParseComparison()
        {
            var left = ParseAdditive();
            BinaryOperator? op = Current.Kind switch
            {
                TokenKind.EqualEqual => BinaryOperator.Equal,
                TokenKind.BangEqual => BinaryOperator.NotEqual,
                TokenKind.Less => BinaryOperator.Less,
                TokenKind.LessEqual => BinaryOperator.LessOrEqual,
                TokenKind.Greater => BinaryOperator.Greater,
                TokenKind.GreaterEqual => BinaryOperator.GreaterOrEqual,
                _ => null,
            };
            if (op is null)
            {
                return left;
            }

            var token = Advance();
            var node = new BinaryExpr(op.Value, left, ParseAdditive(), token.Span);
            return Current.Kind is TokenKind.EqualEqual or TokenKind.BangEqual or TokenKind.Less or TokenKind.LessEqual or TokenKind.Greater or TokenKind.GreaterEqual
                ? throw new ExpressionException("comparisons do not chain: combine them with 'and'", Current.Span)
                : node;
        }

        private ExprNode ParseAdditive()
        {
            var left = ParseMultiplicative();
            while (Current.Kind is TokenKind.Plus or TokenKind.Minus)
            {
                var op = Advance();
                left = new BinaryExpr(op.Kind == TokenKind.Plus ? BinaryOperator.Add : BinaryOperator.Subtract, left, ParseMultiplicative(), op.Span);
            }

            return left;
        }

        private ExprNode ParseMultiplicative()
        {
            var left = ParseUnary();
            while (Current.Kind is TokenKind.Star or TokenKind.Slash)
            {
                var op = Advance();
                left = new BinaryExpr(op.Kind == TokenKind.Star ? BinaryOperator.Multiply : BinaryOperator.Divide, left, ParseUnary(), op.Span);
            }

            return left;
        }

        private ExprNode ParseUnary()
        {
            if (Current.Kind != TokenKind.Minus)
            {
                return ParsePostfix();
            }

            var op = Advance();
            return Nested(() => new UnaryExpr(UnaryOperator.Negate, ParseUnary(), op.Span));
        }

        private ExprNode ParsePostfix()
        {
            var node = ParsePrimary();
            while (Current.Kind == TokenKind.Dot)
            {
                Advance();
                var member = Expect(TokenKind.Identifier, "a field name after '.'");
                node = new MemberExpr(node, member.Text, member.Span);
            }

            return node;
        }

        private ExprNode ParsePrimary()
        {
            var token = Current;
            switch (token.Kind)
            {
                case TokenKind.Number:
                    Advance();
                    return ParseNumberSuffix(token);
                case TokenKind.String:
                    Advance();
                    return new LiteralExpr(token.Value!, WorkflowType.String, token.Span);
                case TokenKind.Date:
                    Advance();
                    return new LiteralExpr(token.Value!, WorkflowType.Date, token.Span);
                case TokenKind.True or TokenKind.False:
                    Advance();
                    return new LiteralExpr(token.Kind == TokenKind.True, WorkflowType.Boolean, token.Span);
                case TokenKind.LeftParen:
                    Advance();
                    var inner = ParseExpression();
                    Expect(TokenKind.RightParen, "')'");
                    return inner;
                case TokenKind.LeftBracket:
                    return ParseList();
                case TokenKind.Identifier:
                    Advance();
                    return Current.Kind == TokenKind.LeftParen ? ParseCall(token) : new VariableExpr(token.Text, token.Span);
                default:
                    throw Unexpected("a value, a variable, a function call or '('");
            }
        }

        private ExprNode ParseNumberSuffix(Token number)
        {
            var amount = (decimal)number.Value!;
            var next = Current;
            if (next.Kind != TokenKind.Identifier)
            {
                return new LiteralExpr(amount, WorkflowType.Number, number.Span);
            }

            if (next.Text.Length == 3 && next.Text.All(char.IsAsciiLetterUpper))
            {
                Advance();
                return Currency.IsKnown(next.Text)
                    ? new LiteralExpr(new Money(amount, next.Text), WorkflowType.Money, number.Span)
                    : throw new ExpressionException($"'{next.Text}' is not an ISO 4217 currency code", next.Span);
            }

            DurationUnit? unit = next.Text switch
            {
                "day" or "days" => DurationUnit.Days,
                "week" or "weeks" => DurationUnit.Weeks,
                "month" or "months" => DurationUnit.Months,
                "business" => DurationUnit.BusinessDays,
                _ => null,
            };
            if (unit is null)
            {
                return new LiteralExpr(amount, WorkflowType.Number, number.Span);
            }

            Advance();
            if (unit == DurationUnit.BusinessDays && (Current.Kind != TokenKind.Identifier || Current.Text is not ("day" or "days")))
            {
                throw new ExpressionException("expected 'days' after 'business'", Current.Span);
            }

            if (unit == DurationUnit.BusinessDays)
            {
                Advance();
            }

            if (decimal.Truncate(amount) != amount || amount > int.MaxValue)
            {
                throw new ExpressionException("a duration is a whole number of days, business days, weeks or months", number.Span);
            }

            return new LiteralExpr(new Duration((int)amount, unit.Value), WorkflowType.Duration, number.Span);
        }

        private ListExpr ParseList()
        {
            var open = Advance();
            var items = new List<ExprNode>();
            if (Current.Kind != TokenKind.RightBracket)
            {
                do
                {
                    items.Add(ParseExpression());
                }
                while (Accept(TokenKind.Comma));
            }

            Expect(TokenKind.RightBracket, "',' or ']'");
            return new ListExpr(items, open.Span);
        }

        private CallExpr ParseCall(Token name)
        {
            Advance();
            var arguments = new List<ExprNode>();
            if (Current.Kind != TokenKind.RightParen)
            {
                do
                {
                    arguments.Add(ParseExpression());
                }
                while (Accept(TokenKind.Comma));
            }

            Expect(TokenKind.RightParen, "',' or ')'");
            return new CallExpr(name.Text, arguments, name.Span);
        }

        private T Nested<T>(Func<T> parse)
        {
            if (++_depth > MaxDepth)
            {
                throw new ExpressionException($"the expression nests deeper than {MaxDepth} levels", Current.Span);
            }

            try
            {
                return parse();
            }
            finally
            {
                _depth--;
            }
        }

        private Token Advance() => tokens[_index < tokens.Count - 1 ? _index++ : _index];

        private bool Accept(TokenKind kind)
        {
            if (Current.Kind != kind)
            {
                return false;
            }

            Advance();
            return true;
        }

        private Token Expect(TokenKind kind, string what) => Current.Kind == kind ? Advance() : throw Unexpected(what);

        private ExpressionException Unexpected(string expected)
        {
            var found = Current.Kind == TokenKind.End ? "the end of the expression" : $"'{Current.Text}'";
            return new ExpressionException($"expected {expected} but found {found}", Current.Span);
        }
    }
}
