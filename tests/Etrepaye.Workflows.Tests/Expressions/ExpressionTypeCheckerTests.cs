using Etrepaye.Workflows.Definitions;
using Etrepaye.Workflows.Expressions;

namespace Etrepaye.Workflows.Tests.Expressions;

public sealed class ExpressionTypeCheckerTests
{
    internal static readonly Dictionary<string, WorkflowType> Scope = new()
    {
        ["case"] = WorkflowType.Record(
            new RecordField("overdueAmount", WorkflowType.Money),
            new RecordField("dueDate", WorkflowType.Date),
            new RecordField("reminders", WorkflowType.Number)),
        ["customer"] = WorkflowType.Record(new RecordField("segment", WorkflowType.Enum("SME", "Large")), new RecordField("name", WorkflowType.String)),
        ["limit"] = WorkflowType.Money,
        ["count"] = WorkflowType.Number,
        ["flag"] = WorkflowType.Boolean,
        ["tags"] = WorkflowType.ListOf(WorkflowType.String),
        ["delay"] = WorkflowType.Duration,
    };

    private static CompiledExpression Compile(string text, WorkflowType? expected = null) => ExpressionCompiler.Compile(text, Scope, expected);

    [Theory]
    [InlineData("case.overdueAmount > 5000 EUR and customer.segment == \"SME\"", "boolean")]
    [InlineData("case.dueDate + 10 business days", "date")]
    [InlineData("case.overdueAmount * 0.05 + limit", "money")]
    [InlineData("today() - case.dueDate", "duration")]
    [InlineData("daysBetween(case.dueDate, today()) > 30", "boolean")]
    [InlineData("if flag then limit else case.overdueAmount", "money")]
    [InlineData("min(limit, case.overdueAmount)", "money")]
    [InlineData("round(case.overdueAmount / 3)", "money")]
    [InlineData("endOfMonth(case.dueDate)", "date")]
    [InlineData("abs(count - 3)", "number")]
    [InlineData("contains(tags, \"vip\")", "boolean")]
    [InlineData("customer.name + \" (\" + customer.segment + \")\"", "string")]
    [InlineData("case.overdueAmount.amount > 100", "boolean")]
    [InlineData("delay * 2 + 3 days", "duration")]
    [InlineData("customer.segment == \"Large\"", "boolean")]
    public void Check_WhenWellTyped_InfersType(string text, string type)
    {
        var compiled = Compile(text);

        compiled.Diagnostics.ShouldBeEmpty();
        compiled.Type!.ToString().ShouldBe(type);
    }

    [Theory]
    [InlineData("limit + 3", 1, 7, "cannot apply '+' to money and number")]
    [InlineData("limit * limit", 1, 7, "money can only be multiplied by a number")]
    [InlineData("case.dueDate + 3", 1, 14, "add a duration")]
    [InlineData("case.overdueAmont > limit", 1, 6, "did you mean 'overdueAmount'")]
    [InlineData("customr.segment", 1, 1, "unknown variable 'customr': did you mean 'customer'")]
    [InlineData("customer.segment == \"Medium\"", 1, 21, "not a value of enum(SME | Large)")]
    [InlineData("flag and count", 1, 6, "'and' needs booleans")]
    [InlineData("if count then 1 else 2", 1, 4, "condition of 'if' must be boolean")]
    [InlineData("if flag then 1 else \"x\"", 1, 1, "'then' gives number but 'else' gives string")]
    [InlineData("limit > case.dueDate", 1, 7, "cannot compare money > date")]
    [InlineData("median(count, 2)", 1, 1, "unknown function 'median'")]
    [InlineData("endOfMonth(count)", 1, 1, "does not match endOfMonth(date)")]
    [InlineData("count.value", 1, 7, "has no fields")]
    [InlineData("[]", 1, 1, "empty list")]
    [InlineData("100 EUR + 5 USD", 1, 9, "cannot combine EUR and USD")]
    public void Check_WhenIllTyped_ReportsErrorAtPosition(string text, int line, int column, string message)
    {
        var compiled = Compile(text);

        compiled.Success.ShouldBeFalse();
        var diagnostic = compiled.Diagnostics.ShouldHaveSingleItem();
        diagnostic.Message.ShouldContain(message);
        (diagnostic.Line, diagnostic.Column).ShouldBe((line, column));
    }

    [Fact]
    public void Check_WhenExpectedTypeDiffers_ReportsExpectedType()
    {
        var compiled = Compile("case.overdueAmount", WorkflowType.Boolean);

        compiled.Diagnostics.ShouldHaveSingleItem().Message.ShouldBe("expected boolean but the expression is money");
    }

    [Fact]
    public void Check_WhenStringLiteralExpectedAsEnum_AcceptsKnownValueOnly()
    {
        var segment = WorkflowType.Enum("SME", "Large");

        Compile("\"SME\"", segment).Success.ShouldBeTrue();
        Compile("\"Tiny\"", segment).Success.ShouldBeFalse();
    }

    [Fact]
    public void Check_WhenSeveralErrors_ReportsEveryOne()
    {
        var compiled = Compile("unknownA + unknownB");

        compiled.Diagnostics.Count.ShouldBe(2);
        compiled.Diagnostics.Select(d => d.Column).ShouldBe([1, 12]);
    }
}
