using Etrepaye.Shared.Contracts;
using Etrepaye.Workflows.Calendars;
using Etrepaye.Workflows.Definitions;

namespace Etrepaye.Workflows.Expressions;

/// <summary>Where an expression reads its variables.</summary>
public interface IExpressionScope
{
    bool TryGetValue(string name, out object? value);
}

public sealed class DictionaryScope(IReadOnlyDictionary<string, object?> values) : IExpressionScope
{
    public bool TryGetValue(string name, out object? value) => values.TryGetValue(name, out value);
}

/// <summary>The facts an evaluation may depend on besides variables: they make it deterministic.</summary>
public sealed record EvaluationOptions(DateOnly Today, IBusinessCalendar Calendar, int StepBudget = EvaluationOptions.DefaultStepBudget)
{
    public const int DefaultStepBudget = 10_000;
}

/// <summary>A variable or field path the expression read, with the value it found (as shown in the journal).</summary>
public sealed record ValueRead(string Path, string Value);

public sealed record EvaluationResult(object? Value, IReadOnlyList<ValueRead> Reads, int Steps);

internal sealed class EvaluationFrame(IExpressionScope scope, EvaluationOptions options)
{
    private readonly Dictionary<string, string> _reads = new(StringComparer.Ordinal);
    private readonly List<ValueRead> _orderedReads = [];

    public IExpressionScope Scope { get; } = scope;

    public EvaluationOptions Options { get; } = options;

    public int Steps { get; private set; }

    public IReadOnlyList<ValueRead> Reads => _orderedReads;

    public void Step(TextSpan span)
    {
        if (++Steps > Options.StepBudget)
        {
            throw new ExpressionException($"the expression exceeded its budget of {Options.StepBudget} evaluation steps", span);
        }
    }

    public void Read(string path, object? value)
    {
        if (_reads.TryAdd(path, WorkflowValues.Render(value)))
        {
            _orderedReads.Add(new ValueRead(path, _reads[path]));
        }
    }
}

/// <summary>
/// Evaluates a checked expression tree. Every node costs one step; running out of the budget is an
/// error, not a hang. Errors carry the line and column of the node at fault.
/// </summary>
public static class ExpressionEvaluator
{
    public static EvaluationResult Evaluate(ExprNode root, IExpressionScope scope, EvaluationOptions options)
    {
        var frame = new EvaluationFrame(scope, options);
        var value = Eval(root, frame, track: true);
        return new EvaluationResult(value, frame.Reads, frame.Steps);
    }

    private static object? Eval(ExprNode node, EvaluationFrame frame, bool track)
    {
        frame.Step(node.Span);
        try
        {
            return node switch
            {
                LiteralExpr literal => literal.Value,
                VariableExpr variable => EvalVariable(variable, frame, track),
                MemberExpr member => EvalMember(member, frame, track),
                UnaryExpr unary => EvalUnary(unary, frame),
                BinaryExpr binary => EvalBinary(binary, frame),
                ConditionalExpr conditional => Truth(Eval(conditional.Condition, frame, true), conditional.Condition)
                    ? Eval(conditional.WhenTrue, frame, true)
                    : Eval(conditional.WhenFalse, frame, true),
                CallExpr call => EvalCall(call, frame),
                ListExpr list => list.Items.Select(i => Eval(i, frame, true)).ToList(),
                _ => throw new ExpressionException("unsupported expression", node.Span),
            };
        }
        catch (Exception exception) when (exception is OverflowException or ArgumentOutOfRangeException or InvalidCastException)
        {
            throw new ExpressionException($"cannot compute this value: {exception.Message}", node.Span);
        }
    }

    private static object? EvalVariable(VariableExpr variable, EvaluationFrame frame, bool track)
    {
        if (!frame.Scope.TryGetValue(variable.Name, out var value))
        {
            throw new ExpressionException($"unknown variable '{variable.Name}'", variable.Span);
        }

        if (track)
        {
            frame.Read(variable.Name, value);
        }

        return value;
    }

    private static object? EvalMember(MemberExpr member, EvaluationFrame frame, bool track)
    {
        var path = PathOf(member);
        var target = Eval(member.Target, frame, track: path is null);
        var value = target switch
        {
            null => throw new ExpressionException($"cannot read '{member.Member}': {(PathOf(member.Target) is { } targetPath ? $"'{targetPath}'" : "the value")} is not set", member.Span),
            Money money when member.Member == "amount" => money.Amount,
            Money money when member.Member == "currency" => money.Currency,
            IReadOnlyDictionary<string, object?> record => record.TryGetValue(member.Member, out var field)
                ? field
                : throw new ExpressionException($"the value has no field '{member.Member}'", member.Span),
            System.Text.Json.JsonElement element => ReadJsonMember(element, member),
            _ => throw new ExpressionException($"a {WorkflowValues.Render(target)} has no field '{member.Member}'", member.Span),
        };
        if (track && path is not null)
        {
            frame.Read(path, value);
        }

        return value;
    }

    private static object? ReadJsonMember(System.Text.Json.JsonElement element, MemberExpr member)
    {
        if (element.ValueKind != System.Text.Json.JsonValueKind.Object || !element.TryGetProperty(member.Member, out var field))
        {
            throw new ExpressionException($"the value has no field '{member.Member}'", member.Span);
        }

        return field.ValueKind switch
        {
            System.Text.Json.JsonValueKind.String when WorkflowValues.TryParseDate(field.GetString(), out var date) => date,
            System.Text.Json.JsonValueKind.String when WorkflowValues.TryParseMoney(field.GetString(), out var money) => money,
            System.Text.Json.JsonValueKind.String => field.GetString(),
            System.Text.Json.JsonValueKind.Number => field.GetDecimal(),
            System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False => field.GetBoolean(),
            System.Text.Json.JsonValueKind.Null => null,
            System.Text.Json.JsonValueKind.Object when field.TryGetProperty("amount", out _) && field.TryGetProperty("currency", out _) => WorkflowValues.FromJson(field, WorkflowType.Money, member.Member),
            _ => field.Clone(),
        };
    }

    /// <summary>The dotted path of a member chain rooted at a variable (<c>case.customer.segment</c>), or null.</summary>
    private static string? PathOf(ExprNode node) => node switch
    {
        VariableExpr variable => variable.Name,
        MemberExpr member when PathOf(member.Target) is { } target => $"{target}.{member.Member}",
        _ => null,
    };

    private static object? EvalUnary(UnaryExpr unary, EvaluationFrame frame)
    {
        var operand = Eval(unary.Operand, frame, true);
        if (unary.Operator == UnaryOperator.Not)
        {
            return !Truth(operand, unary.Operand);
        }

        return operand switch
        {
            decimal d => -d,
            Money m => m with { Amount = -m.Amount },
            Duration duration => duration.Negate(),
            null => throw NotSet(unary.Operand),
            _ => throw new ExpressionException($"'-' cannot negate {WorkflowValues.Render(operand)}", unary.Span),
        };
    }

    private static object? EvalCall(CallExpr call, EvaluationFrame frame)
    {
        if (!BuiltInFunctions.TryGet(call.Function, out var function))
        {
            throw new ExpressionException($"unknown function '{call.Function}'", call.Span);
        }

        var arguments = new List<object?>(call.Arguments.Count);
        foreach (var argument in call.Arguments)
        {
            arguments.Add(Eval(argument, frame, true) ?? throw NotSet(argument));
        }

        return function.Evaluate(arguments, frame, call.Span);
    }

    private static object? EvalBinary(BinaryExpr binary, EvaluationFrame frame)
    {
        if (binary.Operator is BinaryOperator.And or BinaryOperator.Or)
        {
            var left = Truth(Eval(binary.Left, frame, true), binary.Left);
            if (binary.Operator == BinaryOperator.And ? !left : left)
            {
                return left;
            }

            return Truth(Eval(binary.Right, frame, true), binary.Right);
        }

        var l = Eval(binary.Left, frame, true);
        var r = Eval(binary.Right, frame, true);
        switch (binary.Operator)
        {
            case BinaryOperator.Equal:
                return WorkflowValues.AreEqual(l, r);
            case BinaryOperator.NotEqual:
                return !WorkflowValues.AreEqual(l, r);
        }

        if (l is null)
        {
            throw NotSet(binary.Left);
        }

        if (r is null)
        {
            throw NotSet(binary.Right);
        }

        return binary.Operator switch
        {
            BinaryOperator.Less => Compare(l, r, binary.Span) < 0,
            BinaryOperator.LessOrEqual => Compare(l, r, binary.Span) <= 0,
            BinaryOperator.Greater => Compare(l, r, binary.Span) > 0,
            BinaryOperator.GreaterOrEqual => Compare(l, r, binary.Span) >= 0,
            _ => Arithmetic(binary, l, r, frame),
        };
    }

    private static object Arithmetic(BinaryExpr binary, object l, object r, EvaluationFrame frame)
    {
        var span = binary.Span;
        switch (binary.Operator, l, r)
        {
            case (BinaryOperator.Add, decimal a, decimal b): return a + b;
            case (BinaryOperator.Subtract, decimal a, decimal b): return a - b;
            case (BinaryOperator.Multiply, decimal a, decimal b): return a * b;
            case (BinaryOperator.Divide, decimal a, decimal b): return b == 0 ? throw DivisionByZero(binary) : a / b;
            case (BinaryOperator.Add, string a, string b): return a + b;
            case (BinaryOperator.Add, Money a, Money b): return SameCurrency(a, b, span) with { Amount = a.Amount + b.Amount };
            case (BinaryOperator.Subtract, Money a, Money b): return SameCurrency(a, b, span) with { Amount = a.Amount - b.Amount };
            case (BinaryOperator.Multiply, Money a, decimal b): return a with { Amount = a.Amount * b };
            case (BinaryOperator.Multiply, decimal a, Money b): return b with { Amount = a * b.Amount };
            case (BinaryOperator.Divide, Money a, decimal b): return b == 0 ? throw DivisionByZero(binary) : a with { Amount = a.Amount / b };
            case (BinaryOperator.Divide, Money a, Money b): return b.Amount == 0 ? throw DivisionByZero(binary) : SameCurrency(a, b, span).Amount / b.Amount;
            case (BinaryOperator.Add, DateOnly a, Duration b): return AddDuration(a, b, frame);
            case (BinaryOperator.Add, Duration a, DateOnly b): return AddDuration(b, a, frame);
            case (BinaryOperator.Subtract, DateOnly a, Duration b): return AddDuration(a, b.Negate(), frame);
            case (BinaryOperator.Subtract, DateOnly a, DateOnly b): return Duration.Days(a.DayNumber - b.DayNumber);
            case (BinaryOperator.Add or BinaryOperator.Subtract, Duration a, Duration b):
                if (!Duration.TryCombine(a, b, out var left, out var right))
                {
                    throw new ExpressionException($"cannot combine {a} and {b}: the units differ", span);
                }

                return left with { Amount = checked(binary.Operator == BinaryOperator.Add ? left.Amount + right.Amount : left.Amount - right.Amount) };
            case (BinaryOperator.Multiply, Duration a, decimal b): return Scale(a, b, span);
            case (BinaryOperator.Multiply, decimal a, Duration b): return Scale(b, a, span);
            default:
                throw new ExpressionException($"cannot apply '{Operators.Text(binary.Operator)}' to {WorkflowValues.Render(l)} and {WorkflowValues.Render(r)}", span);
        }
    }

    internal static int Compare(object l, object r, TextSpan span)
    {
        switch (l, r)
        {
            case (decimal a, decimal b):
                return a.CompareTo(b);
            case (Money a, Money b):
                return SameCurrency(a, b, span).Amount.CompareTo(b.Amount);
            case (DateOnly a, DateOnly b):
                return a.CompareTo(b);
            case (string a, string b):
                return string.CompareOrdinal(a, b);
            case (Duration a, Duration b):
                return Duration.TryCombine(a, b, out var left, out var right)
                    ? left.Amount.CompareTo(right.Amount)
                    : throw new ExpressionException($"cannot compare {a} with {b}: the units differ", span);
            default:
                throw new ExpressionException($"cannot compare {WorkflowValues.Render(l)} with {WorkflowValues.Render(r)}", span);
        }
    }

    private static DateOnly AddDuration(DateOnly date, Duration duration, EvaluationFrame frame) => duration.Unit switch
    {
        DurationUnit.Days => date.AddDays(duration.Amount),
        DurationUnit.Weeks => date.AddDays(checked(duration.Amount * 7)),
        DurationUnit.Months => date.AddMonths(duration.Amount),
        _ => frame.Options.Calendar.AddBusinessDays(date, duration.Amount),
    };

    private static Duration Scale(Duration duration, decimal factor, TextSpan span) =>
        decimal.Truncate(factor) == factor
            ? duration with { Amount = checked((int)(duration.Amount * factor)) }
            : throw new ExpressionException($"a duration can only be multiplied by a whole number, not {factor}", span);

    private static Money SameCurrency(Money a, Money b, TextSpan span) =>
        string.Equals(a.Currency, b.Currency, StringComparison.Ordinal)
            ? a
            : throw new ExpressionException($"cannot combine {a} and {b}: the currencies differ (convert explicitly first)", span);

    private static bool Truth(object? value, ExprNode node) => value switch
    {
        bool b => b,
        null => throw NotSet(node),
        _ => throw new ExpressionException($"expected a boolean, found {WorkflowValues.Render(value)}", node.Span),
    };

    private static ExpressionException NotSet(ExprNode node) =>
        new($"{(PathOf(node) is { } path ? $"'{path}'" : "the value")} is not set", ExpressionTypeChecker.StartOf(node));

    private static ExpressionException DivisionByZero(BinaryExpr binary) => new("division by zero", binary.Span);
}
