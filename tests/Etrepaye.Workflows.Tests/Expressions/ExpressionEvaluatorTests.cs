using Etrepaye.Shared.Contracts;
using Etrepaye.Workflows.Calendars;
using Etrepaye.Workflows.Definitions;
using Etrepaye.Workflows.Expressions;

namespace Etrepaye.Workflows.Tests.Expressions;

public sealed class ExpressionEvaluatorTests
{
    private static readonly DateOnly _today = new(2025, 4, 17);

    private static readonly Dictionary<string, object?> _values = new()
    {
        ["case"] = new Dictionary<string, object?>
        {
            ["overdueAmount"] = new Money(6200m, "EUR"),
            ["dueDate"] = new DateOnly(2025, 4, 18),
            ["reminders"] = 2m,
        },
        ["customer"] = new Dictionary<string, object?> { ["segment"] = "SME", ["name"] = "Durand" },
        ["limit"] = new Money(5000m, "EUR"),
        ["count"] = 3m,
        ["flag"] = true,
        ["tags"] = new List<object?> { "vip", "export" },
        ["delay"] = Duration.Days(4),
    };

    private static EvaluationResult Evaluate(string text, int budget = EvaluationOptions.DefaultStepBudget, Dictionary<string, object?>? values = null)
    {
        var compiled = ExpressionCompiler.Compile(text, ExpressionTypeCheckerTests.Scope);
        compiled.Diagnostics.ShouldBeEmpty();
        return compiled.Evaluate(new DictionaryScope(values ?? _values), new EvaluationOptions(_today, BusinessCalendar.France(), budget));
    }

    [Theory]
    [InlineData("case.overdueAmount > 5000 EUR and customer.segment == \"SME\"", "true")]
    [InlineData("case.overdueAmount + limit", "11200 EUR")]
    [InlineData("case.overdueAmount * 0.5", "3100.0 EUR")]
    [InlineData("round(case.overdueAmount / 3)", "2066.67 EUR")]
    [InlineData("case.dueDate + 10 days", "2025-04-28")]
    [InlineData("case.dueDate + 3 business days", "2025-04-24")]
    [InlineData("case.dueDate - 1 business day", "2025-04-17")]
    [InlineData("case.dueDate + 1 month", "2025-05-18")]
    [InlineData("endOfMonth(2024-02-10)", "2024-02-29")]
    [InlineData("today()", "2025-04-17")]
    [InlineData("daysBetween(today(), case.dueDate)", "1")]
    [InlineData("businessDaysBetween(2025-04-18, 2025-04-25)", "4")]
    [InlineData("today() - case.dueDate", "-1 day")]
    [InlineData("if count > 2 then \"many\" else \"few\"", "\"many\"")]
    [InlineData("max(1, count, 2)", "3")]
    [InlineData("min(case.dueDate, today())", "2025-04-17")]
    [InlineData("abs(0 EUR - limit)", "5000 EUR")]
    [InlineData("round(10 / 3, 2)", "3.33")]
    [InlineData("contains(tags, \"vip\") and not contains(customer.name, \"x\")", "true")]
    [InlineData("delay * 2 + 1 week", "15 days")]
    [InlineData("delay > 3 days", "true")]
    [InlineData("5 EUR == 5 USD", "false")]
    [InlineData("count([1, 2, 3])", "3")]
    [InlineData("case.overdueAmount.currency", "\"EUR\"")]
    public void Evaluate_WhenWellTyped_ComputesValue(string text, string expected)
    {
        WorkflowValues.Render(Evaluate(text).Value).ShouldBe(expected);
    }

    [Fact]
    public void Evaluate_WhenReadingFields_RecordsEveryPathAndValue()
    {
        var result = Evaluate("case.overdueAmount > limit and customer.segment == \"SME\"");

        result.Reads.ShouldBe(
        [
            new ValueRead("case.overdueAmount", "6200 EUR"),
            new ValueRead("limit", "5000 EUR"),
            new ValueRead("customer.segment", "\"SME\""),
        ]);
    }

    [Fact]
    public void Evaluate_WhenAndIsFalse_ShortCircuitsTheRightSide()
    {
        var result = Evaluate("count > 10 and case.overdueAmount > limit");

        result.Value.ShouldBe(false);
        result.Reads.Select(r => r.Path).ShouldBe(["count"]);
    }

    [Fact]
    public void Evaluate_WhenCurrenciesDiffer_FailsAtTheOperator()
    {
        var values = new Dictionary<string, object?>(_values) { ["limit"] = new Money(10m, "USD") };

        var exception = Should.Throw<ExpressionException>(() => Evaluate("count + 1 > 0 and\n  case.overdueAmount + limit > 0 EUR", values: values));

        exception.Problem.ShouldContain("the currencies differ");
        (exception.Line, exception.Column).ShouldBe((2, 22));
    }

    [Fact]
    public void Evaluate_WhenDividingByZero_Fails()
    {
        Should.Throw<ExpressionException>(() => Evaluate("count / (count - 3)")).Problem.ShouldBe("division by zero");
    }

    [Fact]
    public void Evaluate_WhenVariableIsNotSet_NamesIt()
    {
        var values = new Dictionary<string, object?>(_values) { ["limit"] = null };

        var exception = Should.Throw<ExpressionException>(() => Evaluate("case.overdueAmount > limit", values: values));

        exception.Problem.ShouldBe("'limit' is not set");
        exception.Column.ShouldBe(22);
    }

    [Fact]
    public void Evaluate_WhenStepBudgetExceeded_FailsInsteadOfRunning()
    {
        var text = string.Join(" + ", Enumerable.Repeat("count", 50));

        var exception = Should.Throw<ExpressionException>(() => Evaluate(text, budget: 20));

        exception.Problem.ShouldContain("budget of 20 evaluation steps");
    }

    [Fact]
    public void Evaluate_WhenFunctionLoopsOverAList_ChargesEachItemToTheBudget()
    {
        var values = new Dictionary<string, object?>(_values) { ["tags"] = Enumerable.Range(0, 1000).Select(i => (object?)$"t{i}").ToList() };

        Should.Throw<ExpressionException>(() => Evaluate("contains(tags, \"absent\")", budget: 100, values: values));
        Evaluate("contains(tags, \"absent\")", budget: 2000, values: values).Value.ShouldBe(false);
    }

    [Fact]
    public void Evaluate_WhenMoneyMultiplied_NeverUsesDouble()
    {
        var values = new Dictionary<string, object?>(_values) { ["limit"] = new Money(0.1m, "EUR") };

        Evaluate("limit * 3 == 0.3 EUR", values: values).Value.ShouldBe(true);
    }
}
