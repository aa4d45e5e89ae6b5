using Etrepaye.Workflows.Definitions;

namespace Etrepaye.Workflows.Expressions;

/// <summary>A place in an expression's text; line and column are 1-based.</summary>
public readonly record struct TextSpan(int Start, int Length, int Line, int Column)
{
    public override string ToString() => $"line {Line}, column {Column}";
}

public sealed record ExpressionDiagnostic(string Message, int Line, int Column)
{
    public ExpressionDiagnostic(string message, TextSpan span)
        : this(message, span.Line, span.Column)
    {
    }

    public override string ToString() => $"line {Line}, column {Column}: {Message}";
}

/// <summary>A parse, type or evaluation error, with its position in the expression.</summary>
public sealed class ExpressionException(string message, int line, int column) : Exception($"line {line}, column {column}: {message}")
{
    public ExpressionException(string message, TextSpan span)
        : this(message, span.Line, span.Column)
    {
    }

    public string Problem { get; } = message;

    public int Line { get; } = line;

    public int Column { get; } = column;
}

public enum UnaryOperator
{
    Negate,
    Not,
}

public enum BinaryOperator
{
    Add,
    Subtract,
    Multiply,
    Divide,
    Equal,
    NotEqual,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
    And,
    Or,
}

/// <summary>A node of the expression tree; <see cref="Span"/> is the token that errors point at.</summary>
public abstract record ExprNode(TextSpan Span);

public sealed record LiteralExpr(object Value, WorkflowType Type, TextSpan Span) : ExprNode(Span);

public sealed record VariableExpr(string Name, TextSpan Span) : ExprNode(Span);

/// <summary><c>target.member</c>; <see cref="ExprNode.Span"/> is the member name.</summary>
public sealed record MemberExpr(ExprNode Target, string Member, TextSpan Span) : ExprNode(Span);

public sealed record UnaryExpr(UnaryOperator Operator, ExprNode Operand, TextSpan Span) : ExprNode(Span);

/// <summary>A binary operation; <see cref="ExprNode.Span"/> is the operator.</summary>
public sealed record BinaryExpr(BinaryOperator Operator, ExprNode Left, ExprNode Right, TextSpan Span) : ExprNode(Span);

public sealed record ConditionalExpr(ExprNode Condition, ExprNode WhenTrue, ExprNode WhenFalse, TextSpan Span) : ExprNode(Span);

public sealed record CallExpr(string Function, IReadOnlyList<ExprNode> Arguments, TextSpan Span) : ExprNode(Span);

public sealed record ListExpr(IReadOnlyList<ExprNode> Items, TextSpan Span) : ExprNode(Span);

internal static class Operators
{
    public static string Text(BinaryOperator op) => op switch
    {
        BinaryOperator.Add => "+",
        BinaryOperator.Subtract => "-",
        BinaryOperator.Multiply => "*",
        BinaryOperator.Divide => "/",
        BinaryOperator.Equal => "==",
        BinaryOperator.NotEqual => "!=",
        BinaryOperator.Less => "<",
        BinaryOperator.LessOrEqual => "<=",
        BinaryOperator.Greater => ">",
        BinaryOperator.GreaterOrEqual => ">=",
        BinaryOperator.And => "and",
        _ => "or",
    };
}
