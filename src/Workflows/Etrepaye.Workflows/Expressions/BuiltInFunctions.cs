using System.Collections;
using Etrepaye.Shared.Contracts;
using Etrepaye.Workflows.Definitions;

namespace Etrepaye.Workflows.Expressions;

internal sealed record FunctionDefinition(
    string Name,
    string Signature,
    Func<IReadOnlyList<WorkflowType>, WorkflowType?> Check,
    Func<IReadOnlyList<object?>, EvaluationFrame, TextSpan, object?> Evaluate);

/// <summary>The functions of the expression language. All are pure; today() reads the instant of the step.</summary>
internal static class BuiltInFunctions
{
    private static readonly Dictionary<string, FunctionDefinition> _functions = new FunctionDefinition[]
    {
        new("min", "min(a, b, ...) of numbers, money, dates or durations", args => SameOrdered(args), (args, _, span) => args.Aggregate((a, b) => ExpressionEvaluator.Compare(b!, a!, span) < 0 ? b : a)),
        new("max", "max(a, b, ...) of numbers, money, dates or durations", args => SameOrdered(args), (args, _, span) => args.Aggregate((a, b) => ExpressionEvaluator.Compare(b!, a!, span) > 0 ? b : a)),
        new("today", "today()", args => args.Count == 0 ? WorkflowType.Date : null, (_, frame, _) => frame.Options.Today),
        new("endOfMonth", "endOfMonth(date)", args => Is(args, WorkflowTypeKind.Date) ? WorkflowType.Date : null, (args, _, _) =>
        {
            var date = (DateOnly)args[0]!;
            return new DateOnly(date.Year, date.Month, DateTime.DaysInMonth(date.Year, date.Month));
        }),
        new("abs", "abs(number | money | duration)", args => args.Count == 1 && args[0].Kind is WorkflowTypeKind.Number or WorkflowTypeKind.Money or WorkflowTypeKind.Duration or WorkflowTypeKind.Any ? args[0] : null, (args, _, _) => args[0] switch
        {
            decimal d => Math.Abs(d),
            Money m => m with { Amount = Math.Abs(m.Amount) },
            Duration duration => duration with { Amount = Math.Abs(duration.Amount) },
            var other => other,
        }),
        new("round", "round(number [, decimals]) or round(money [, decimals]); money rounds to its minor unit by default", CheckRound, EvaluateRound),
        new("daysBetween", "daysBetween(from: date, to: date): calendar days", args => Is(args, WorkflowTypeKind.Date, WorkflowTypeKind.Date) ? WorkflowType.Number : null, (args, _, _) =>
            (decimal)(((DateOnly)args[1]!).DayNumber - ((DateOnly)args[0]!).DayNumber)),
        new("businessDaysBetween", "businessDaysBetween(from: date, to: date): business days in (from, to]", args => Is(args, WorkflowTypeKind.Date, WorkflowTypeKind.Date) ? WorkflowType.Number : null, (args, frame, _) =>
        {
            var from = (DateOnly)args[0]!;
            var to = (DateOnly)args[1]!;
            var sign = to >= from ? 1 : -1;
            var (start, end) = sign > 0 ? (from, to) : (to, from);
            var count = 0;
            for (var day = start.AddDays(1); day <= end; day = day.AddDays(1))
            {
                frame.Step(default);
                count += frame.Options.Calendar.IsBusinessDay(day) ? 1 : 0;
            }

            return (decimal)(sign * count);
        }),
        new("count", "count(list)", args => args.Count == 1 && args[0].Kind is WorkflowTypeKind.List or WorkflowTypeKind.Any ? WorkflowType.Number : null, (args, _, _) =>
            (decimal)((IEnumerable)args[0]!).Cast<object?>().Count()),
        new("contains", "contains(list, item) or contains(text, part)", CheckContains, (args, frame, _) => args[0] switch
        {
            string text => text.Contains((string)args[1]!, StringComparison.Ordinal),
            IEnumerable items => items.Cast<object?>().Any(item =>
            {
                frame.Step(default);
                return WorkflowValues.AreEqual(item, args[1]);
            }),
            _ => false,
        }),
    }.ToDictionary(f => f.Name, StringComparer.Ordinal);

    public static IEnumerable<string> Names => _functions.Keys;

    public static IEnumerable<FunctionDefinition> All => _functions.Values;

    public static bool TryGet(string name, out FunctionDefinition function) => _functions.TryGetValue(name, out function!);

    public static WorkflowType? CheckCall(this FunctionDefinition function, CallExpr call, IReadOnlyList<WorkflowType> arguments, out string? problem)
    {
        var result = function.Check(arguments);
        problem = result is null ? $"{call.Function}({string.Join(", ", arguments)}) does not match {function.Signature}" : null;
        return result;
    }

    private static bool Is(IReadOnlyList<WorkflowType> args, params WorkflowTypeKind[] kinds) =>
        args.Count == kinds.Length && args.Zip(kinds).All(p => p.First.Kind == p.Second || p.First.Kind == WorkflowTypeKind.Any);

    private static WorkflowType? SameOrdered(IReadOnlyList<WorkflowType> args)
    {
        if (args.Count < 2 || args[0].Kind is not (WorkflowTypeKind.Number or WorkflowTypeKind.Money or WorkflowTypeKind.Date or WorkflowTypeKind.Duration))
        {
            return null;
        }

        return args.All(a => a.Kind == args[0].Kind) ? args[0] : null;
    }

    private static WorkflowType? CheckRound(IReadOnlyList<WorkflowType> args)
    {
        if (args.Count is < 1 or > 2 || (args.Count == 2 && args[1].Kind != WorkflowTypeKind.Number))
        {
            return null;
        }

        return args[0].Kind is WorkflowTypeKind.Number or WorkflowTypeKind.Money ? args[0] : null;
    }

    private static object? EvaluateRound(IReadOnlyList<object?> args, EvaluationFrame frame, TextSpan span)
    {
        var decimals = args.Count == 2 ? (decimal)args[1]! : (decimal?)null;
        if (decimals is { } d && (d < 0 || d > 28 || decimal.Truncate(d) != d))
        {
            throw new ExpressionException("round() takes a whole number of decimals between 0 and 28", span);
        }

        return args[0] switch
        {
            Money money => money with
            {
                Amount = Math.Round(money.Amount, decimals is { } places ? (int)places : Currency.Parse(money.Currency).MinorUnits, MidpointRounding.AwayFromZero),
            },
            decimal number => Math.Round(number, (int)(decimals ?? 0), MidpointRounding.AwayFromZero),
            var other => other,
        };
    }

    private static WorkflowType? CheckContains(IReadOnlyList<WorkflowType> args)
    {
        if (args.Count != 2)
        {
            return null;
        }

        if (args[0].Kind is WorkflowTypeKind.String or WorkflowTypeKind.Enum && args[1].Kind is WorkflowTypeKind.String or WorkflowTypeKind.Enum)
        {
            return WorkflowType.Boolean;
        }

        if (args[0].Kind == WorkflowTypeKind.List && (args[0].Element!.IsAssignableFrom(args[1]) || args[1].IsAssignableFrom(args[0].Element!)))
        {
            return WorkflowType.Boolean;
        }

        return args[0].Kind == WorkflowTypeKind.Any ? WorkflowType.Boolean : null;
    }
}
