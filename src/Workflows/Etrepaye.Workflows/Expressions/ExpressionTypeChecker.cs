using Etrepaye.Shared.Contracts;
using Etrepaye.Workflows.Definitions;

namespace Etrepaye.Workflows.Expressions;

public sealed record TypeCheckResult(WorkflowType? Type, IReadOnlyList<ExpressionDiagnostic> Diagnostics)
{
    public bool Success => Type is not null && Diagnostics.Count == 0;
}

/// <summary>
/// Infers the type of an expression against the declared variables and reports every error with its
/// position. Values of type any (event payloads) are checked at run time instead.
/// </summary>
public static class ExpressionTypeChecker
{
    public static TypeCheckResult Check(ExprNode root, IReadOnlyDictionary<string, WorkflowType> scope, WorkflowType? expected = null)
    {
        var checker = new Checker(scope);
        var type = checker.Infer(root);
        if (type is not null && expected is not null && !IsAssignable(expected, root, type))
        {
            checker.Diagnostics.Add(new ExpressionDiagnostic($"expected {expected} but the expression is {type}", StartOf(root)));
        }

        return new TypeCheckResult(checker.Diagnostics.Count == 0 ? type : null, checker.Diagnostics);
    }

    /// <summary>Like <see cref="WorkflowType.IsAssignableFrom"/>, and a string literal fits an enum that has it.</summary>
    internal static bool IsAssignable(WorkflowType expected, ExprNode node, WorkflowType actual) =>
        expected.IsAssignableFrom(actual)
        || (expected.Kind == WorkflowTypeKind.Enum && node is LiteralExpr { Value: string text } && expected.Values.Contains(text))
        || (expected.Kind == WorkflowTypeKind.List && node is ListExpr list && list.Items.All(i => i is LiteralExpr { Value: string s } && expected.Element!.Kind == WorkflowTypeKind.Enum && expected.Element.Values.Contains(s)));

    /// <summary>The leftmost position of a node: where "expected X" errors point.</summary>
    internal static TextSpan StartOf(ExprNode node) => node switch
    {
        BinaryExpr binary => StartOf(binary.Left),
        MemberExpr member => StartOf(member.Target),
        _ => node.Span,
    };

    private sealed class Checker(IReadOnlyDictionary<string, WorkflowType> scope)
    {
        public List<ExpressionDiagnostic> Diagnostics { get; } = [];

        public WorkflowType? Infer(ExprNode node) => node switch
        {
            LiteralExpr literal => literal.Type,
            VariableExpr variable => InferVariable(variable),
            MemberExpr member => InferMember(member),
            UnaryExpr unary => InferUnary(unary),
            BinaryExpr binary => InferBinary(binary),
            ConditionalExpr conditional => InferConditional(conditional),
            CallExpr call => InferCall(call),
            ListExpr list => InferList(list),
            _ => Error(node.Span, "unsupported expression"),
        };

        private WorkflowType? Error(TextSpan span, string message)
        {
            Diagnostics.Add(new ExpressionDiagnostic(message, span));
            return null;
        }

        private WorkflowType? InferVariable(VariableExpr variable)
        {
            if (scope.TryGetValue(variable.Name, out var type))
            {
                return type;
            }

            var suggestion = Suggest(variable.Name, scope.Keys);
            return Error(variable.Span, $"unknown variable '{variable.Name}'{(suggestion is null ? string.Empty : $": did you mean '{suggestion}'?")}");
        }

        private WorkflowType? InferMember(MemberExpr member)
        {
            var target = Infer(member.Target);
            switch (target?.Kind)
            {
                case null:
                    return null;
                case WorkflowTypeKind.Any:
                    return WorkflowType.Any;
                case WorkflowTypeKind.Money when member.Member is "amount":
                    return WorkflowType.Number;
                case WorkflowTypeKind.Money when member.Member is "currency":
                    return WorkflowType.String;
                case WorkflowTypeKind.Record:
                    if (target.FieldType(member.Member) is { } fieldType)
                    {
                        return fieldType;
                    }

                    var suggestion = Suggest(member.Member, target.Fields.Select(f => f.Name));
                    return Error(member.Span, $"{target} has no field '{member.Member}'{(suggestion is null ? string.Empty : $": did you mean '{suggestion}'?")}");
                case WorkflowTypeKind.Map:
                    return target.Element;
                default:
                    return Error(member.Span, $"a {target} has no fields ('{member.Member}')");
            }
        }

        private WorkflowType? InferUnary(UnaryExpr unary)
        {
            var operand = Infer(unary.Operand);
            if (operand is null)
            {
                return null;
            }

            if (unary.Operator == UnaryOperator.Not)
            {
                return operand.Kind is WorkflowTypeKind.Boolean or WorkflowTypeKind.Any
                    ? WorkflowType.Boolean
                    : Error(unary.Span, $"'not' needs a boolean, not {operand}");
            }

            return operand.Kind is WorkflowTypeKind.Number or WorkflowTypeKind.Money or WorkflowTypeKind.Duration or WorkflowTypeKind.Any
                ? operand
                : Error(unary.Span, $"'-' cannot negate {operand}");
        }

        private WorkflowType? InferConditional(ConditionalExpr conditional)
        {
            var condition = Infer(conditional.Condition);
            var whenTrue = Infer(conditional.WhenTrue);
            var whenFalse = Infer(conditional.WhenFalse);
            if (condition is not null && condition.Kind is not (WorkflowTypeKind.Boolean or WorkflowTypeKind.Any))
            {
                Error(StartOf(conditional.Condition), $"the condition of 'if' must be boolean, not {condition}");
            }

            if (whenTrue is null || whenFalse is null)
            {
                return null;
            }

            if (whenTrue.IsAssignableFrom(whenFalse))
            {
                return whenTrue;
            }

            if (whenFalse.IsAssignableFrom(whenTrue))
            {
                return whenFalse;
            }

            if (whenTrue.Kind is WorkflowTypeKind.String or WorkflowTypeKind.Enum && whenFalse.Kind is WorkflowTypeKind.String or WorkflowTypeKind.Enum)
            {
                return WorkflowType.String;
            }

            return Error(conditional.Span, $"'then' gives {whenTrue} but 'else' gives {whenFalse}");
        }

        private WorkflowType? InferList(ListExpr list)
        {
            if (list.Items.Count == 0)
            {
                return Error(list.Span, "an empty list literal has no type");
            }

            var types = list.Items.Select(Infer).ToList();
            if (types.Any(t => t is null))
            {
                return null;
            }

            var element = types[0]!;
            for (var i = 1; i < types.Count; i++)
            {
                if (element.IsAssignableFrom(types[i]!))
                {
                    continue;
                }

                if (types[i]!.IsAssignableFrom(element))
                {
                    element = types[i]!;
                    continue;
                }

                return Error(list.Items[i].Span, $"list items must share a type: {element} and {types[i]}");
            }

            return WorkflowType.ListOf(element);
        }

        private WorkflowType? InferCall(CallExpr call)
        {
            var arguments = call.Arguments.Select(Infer).ToList();
            if (arguments.Any(a => a is null))
            {
                return null;
            }

            if (!BuiltInFunctions.TryGet(call.Function, out var function))
            {
                var suggestion = Suggest(call.Function, BuiltInFunctions.Names);
                return Error(call.Span, $"unknown function '{call.Function}'{(suggestion is null ? string.Empty : $": did you mean '{suggestion}'?")}");
            }

            var result = function.CheckCall(call, arguments!, out var problem);
            return result ?? Error(call.Span, problem!);
        }

        private WorkflowType? InferBinary(BinaryExpr binary)
        {
            var left = Infer(binary.Left);
            var right = Infer(binary.Right);
            if (left is null || right is null)
            {
                return null;
            }

            var op = Operators.Text(binary.Operator);
            var any = left.Kind == WorkflowTypeKind.Any || right.Kind == WorkflowTypeKind.Any;
            switch (binary.Operator)
            {
                case BinaryOperator.And or BinaryOperator.Or:
                    return left.Kind is WorkflowTypeKind.Boolean or WorkflowTypeKind.Any && right.Kind is WorkflowTypeKind.Boolean or WorkflowTypeKind.Any
                        ? WorkflowType.Boolean
                        : Error(binary.Span, $"'{op}' needs booleans, not {left} and {right}");
                case BinaryOperator.Equal or BinaryOperator.NotEqual:
                    return CheckEquality(binary, left, right, op);
                case BinaryOperator.Less or BinaryOperator.LessOrEqual or BinaryOperator.Greater or BinaryOperator.GreaterOrEqual:
                    if (any)
                    {
                        return WorkflowType.Boolean;
                    }

                    return left.IsOrdered && Comparable(left, right)
                        ? WorkflowType.Boolean
                        : Error(binary.Span, $"cannot compare {left} {op} {right}");
                default:
                    return any ? WorkflowType.Any : Arithmetic(binary, left, right, op);
            }
        }

        private WorkflowType? CheckEquality(BinaryExpr binary, WorkflowType left, WorkflowType right, string op)
        {
            if (left.Kind == WorkflowTypeKind.Enum && binary.Right is LiteralExpr { Value: string rightText } && !left.Values.Contains(rightText))
            {
                return Error(binary.Right.Span, $"\"{rightText}\" is not a value of {left}");
            }

            if (right.Kind == WorkflowTypeKind.Enum && binary.Left is LiteralExpr { Value: string leftText } && !right.Values.Contains(leftText))
            {
                return Error(binary.Left.Span, $"\"{leftText}\" is not a value of {right}");
            }

            return left.IsAssignableFrom(right) || right.IsAssignableFrom(left) || Comparable(left, right)
                ? WorkflowType.Boolean
                : Error(binary.Span, $"cannot compare {left} {op} {right}: they are different types");
        }

        private static bool Comparable(WorkflowType left, WorkflowType right) =>
            (left.Kind is WorkflowTypeKind.String or WorkflowTypeKind.Enum && right.Kind is WorkflowTypeKind.String or WorkflowTypeKind.Enum)
            || (left.IsPrimitive && left.Kind == right.Kind);

        private WorkflowType? Arithmetic(BinaryExpr binary, WorkflowType left, WorkflowType right, string op)
        {
            var l = left.Kind;
            var r = right.Kind;
            if (binary is { Operator: BinaryOperator.Add or BinaryOperator.Subtract or BinaryOperator.Divide, Left: LiteralExpr { Value: Money a }, Right: LiteralExpr { Value: Money b } }
                && a.Currency != b.Currency)
            {
                return Error(binary.Span, $"cannot combine {a.Currency} and {b.Currency}: convert explicitly first");
            }

            WorkflowType? result = binary.Operator switch
            {
                BinaryOperator.Add => (l, r) switch
                {
                    (WorkflowTypeKind.Number, WorkflowTypeKind.Number) => WorkflowType.Number,
                    (WorkflowTypeKind.Money, WorkflowTypeKind.Money) => WorkflowType.Money,
                    (WorkflowTypeKind.Date, WorkflowTypeKind.Duration) or (WorkflowTypeKind.Duration, WorkflowTypeKind.Date) => WorkflowType.Date,
                    (WorkflowTypeKind.Duration, WorkflowTypeKind.Duration) => WorkflowType.Duration,
                    (WorkflowTypeKind.String or WorkflowTypeKind.Enum, WorkflowTypeKind.String or WorkflowTypeKind.Enum) => WorkflowType.String,
                    _ => null,
                },
                BinaryOperator.Subtract => (l, r) switch
                {
                    (WorkflowTypeKind.Number, WorkflowTypeKind.Number) => WorkflowType.Number,
                    (WorkflowTypeKind.Money, WorkflowTypeKind.Money) => WorkflowType.Money,
                    (WorkflowTypeKind.Date, WorkflowTypeKind.Duration) => WorkflowType.Date,
                    (WorkflowTypeKind.Date, WorkflowTypeKind.Date) => WorkflowType.Duration,
                    (WorkflowTypeKind.Duration, WorkflowTypeKind.Duration) => WorkflowType.Duration,
                    _ => null,
                },
                BinaryOperator.Multiply => (l, r) switch
                {
                    (WorkflowTypeKind.Number, WorkflowTypeKind.Number) => WorkflowType.Number,
                    (WorkflowTypeKind.Money, WorkflowTypeKind.Number) or (WorkflowTypeKind.Number, WorkflowTypeKind.Money) => WorkflowType.Money,
                    (WorkflowTypeKind.Duration, WorkflowTypeKind.Number) or (WorkflowTypeKind.Number, WorkflowTypeKind.Duration) => WorkflowType.Duration,
                    _ => null,
                },
                _ => (l, r) switch
                {
                    (WorkflowTypeKind.Number, WorkflowTypeKind.Number) => WorkflowType.Number,
                    (WorkflowTypeKind.Money, WorkflowTypeKind.Number) => WorkflowType.Money,
                    (WorkflowTypeKind.Money, WorkflowTypeKind.Money) => WorkflowType.Number,
                    _ => null,
                },
            };
            if (result is not null)
            {
                return result;
            }

            var hint = (binary.Operator, l, r) switch
            {
                (BinaryOperator.Multiply, WorkflowTypeKind.Money, WorkflowTypeKind.Money) => ": money can only be multiplied by a number",
                (BinaryOperator.Add or BinaryOperator.Subtract, WorkflowTypeKind.Money, WorkflowTypeKind.Number) or (BinaryOperator.Add or BinaryOperator.Subtract, WorkflowTypeKind.Number, WorkflowTypeKind.Money)
                    => ": write the amount with its currency, e.g. 100 EUR",
                (BinaryOperator.Add or BinaryOperator.Subtract, WorkflowTypeKind.Date, WorkflowTypeKind.Number)
                    => ": add a duration, e.g. 10 days or 10 business days",
                _ => string.Empty,
            };
            return Error(binary.Span, $"cannot apply '{op}' to {left} and {right}{hint}");
        }

        private static string? Suggest(string name, IEnumerable<string> candidates) =>
            candidates
                .Select(c => (Candidate: c, Distance: Levenshtein(name, c)))
                .Where(c => c.Distance <= Math.Max(1, name.Length / 3))
                .OrderBy(c => c.Distance)
                .Select(c => c.Candidate)
                .FirstOrDefault();

        private static int Levenshtein(string a, string b)
        {
            var previous = Enumerable.Range(0, b.Length + 1).ToArray();
            for (var i = 1; i <= a.Length; i++)
            {
                var current = new int[b.Length + 1];
                current[0] = i;
                for (var j = 1; j <= b.Length; j++)
                {
                    var cost = char.ToLowerInvariant(a[i - 1]) == char.ToLowerInvariant(b[j - 1]) ? 0 : 1;
                    current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
                }

                previous = current;
            }

            return previous[b.Length];
        }
    }
}
