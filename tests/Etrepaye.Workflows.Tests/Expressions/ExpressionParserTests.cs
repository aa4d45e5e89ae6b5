using Etrepaye.Shared.Contracts;
using Etrepaye.Workflows.Definitions;
using Etrepaye.Workflows.Expressions;

namespace Etrepaye.Workflows.Tests.Expressions;

public sealed class ExpressionParserTests
{
    [Fact]
    public void Parse_WhenMoneyLiteral_ProducesMoneyWithCurrency()
    {
        var result = ExpressionParser.Parse("5000 EUR");

        result.Success.ShouldBeTrue();
        var literal = result.Root.ShouldBeOfType<LiteralExpr>();
        literal.Value.ShouldBe(new Money(5000m, "EUR"));
        literal.Type.ShouldBe(WorkflowType.Money);
    }

    [Theory]
    [InlineData("10 days", 10, DurationUnit.Days)]
    [InlineData("1 day", 1, DurationUnit.Days)]
    [InlineData("10 business days", 10, DurationUnit.BusinessDays)]
    [InlineData("2 weeks", 2, DurationUnit.Weeks)]
    [InlineData("3 months", 3, DurationUnit.Months)]
    public void Parse_WhenDurationLiteral_ProducesDuration(string text, int amount, DurationUnit unit)
    {
        var literal = ExpressionParser.Parse(text).Root.ShouldBeOfType<LiteralExpr>();

        literal.Value.ShouldBe(new Duration(amount, unit));
    }

    [Fact]
    public void Parse_WhenDateLiteral_ProducesDateNotSubtraction()
    {
        var literal = ExpressionParser.Parse("2025-05-01").Root.ShouldBeOfType<LiteralExpr>();

        literal.Value.ShouldBe(new DateOnly(2025, 5, 1));
    }

    [Fact]
    public void Parse_WhenMixedOperators_RespectsPrecedence()
    {
        var root = ExpressionParser.Parse("a + b * 2 > 3 and not c or d").Root;

        var or = root.ShouldBeOfType<BinaryExpr>();
        or.Operator.ShouldBe(BinaryOperator.Or);
        var and = or.Left.ShouldBeOfType<BinaryExpr>();
        and.Operator.ShouldBe(BinaryOperator.And);
        var comparison = and.Left.ShouldBeOfType<BinaryExpr>();
        comparison.Operator.ShouldBe(BinaryOperator.Greater);
        var sum = comparison.Left.ShouldBeOfType<BinaryExpr>();
        sum.Operator.ShouldBe(BinaryOperator.Add);
        sum.Right.ShouldBeOfType<BinaryExpr>().Operator.ShouldBe(BinaryOperator.Multiply);
        and.Right.ShouldBeOfType<UnaryExpr>().Operator.ShouldBe(UnaryOperator.Not);
    }

    [Fact]
    public void Parse_WhenRecordFieldsAndCalls_BuildsMembersAndCalls()
    {
        var root = ExpressionParser.Parse("if case.customer.segment == \"SME\" then min(a, 2) else endOfMonth(today())").Root;

        var conditional = root.ShouldBeOfType<ConditionalExpr>();
        var member = conditional.Condition.ShouldBeOfType<BinaryExpr>().Left.ShouldBeOfType<MemberExpr>();
        member.Member.ShouldBe("segment");
        member.Target.ShouldBeOfType<MemberExpr>().Member.ShouldBe("customer");
        conditional.WhenTrue.ShouldBeOfType<CallExpr>().Arguments.Count.ShouldBe(2);
        conditional.WhenFalse.ShouldBeOfType<CallExpr>().Arguments[0].ShouldBeOfType<CallExpr>().Function.ShouldBe("today");
    }

    [Fact]
    public void Parse_WhenNodesSpanLines_RecordsLineAndColumn()
    {
        var root = ExpressionParser.Parse("a\n  + b").Root.ShouldBeOfType<BinaryExpr>();

        root.Span.Line.ShouldBe(2);
        root.Span.Column.ShouldBe(3);
        root.Right.Span.ShouldBe(new TextSpan(6, 1, 2, 5));
    }

    [Theory]
    [InlineData("a +", 1, 4, "expected a value")]
    [InlineData("a = 3", 1, 3, "compare with '=='")]
    [InlineData("5000 EUX", 1, 6, "not an ISO 4217 currency")]
    [InlineData("3 business weeks", 1, 12, "expected 'days' after 'business'")]
    [InlineData("2.5 days", 1, 1, "whole number")]
    [InlineData("\"open", 1, 1, "unterminated string")]
    [InlineData("if a then b", 1, 12, "'else'")]
    [InlineData("(a + b", 1, 7, "')'")]
    [InlineData("a < b < c", 1, 7, "do not chain")]
    [InlineData("2025-02-30", 1, 1, "not a valid date")]
    [InlineData("a &&\n b", 1, 3, "use 'and'")]
    [InlineData("", 1, 1, "empty")]
    public void Parse_WhenSyntaxError_ReportsLineAndColumn(string text, int line, int column, string message)
    {
        var result = ExpressionParser.Parse(text);

        result.Success.ShouldBeFalse();
        var diagnostic = result.Diagnostics.ShouldHaveSingleItem();
        diagnostic.Message.ShouldContain(message);
        (diagnostic.Line, diagnostic.Column).ShouldBe((line, column));
    }

    [Fact]
    public void Parse_WhenNestingTooDeep_FailsInsteadOfOverflowingTheStack()
    {
        var text = new string('(', 500) + "1" + new string(')', 500);

        var result = ExpressionParser.Parse(text);

        result.Success.ShouldBeFalse();
        result.Diagnostics[0].Message.ShouldContain("nests deeper");
    }

    [Fact]
    public void Parse_WhenTooLong_IsRejected()
    {
        var result = ExpressionParser.Parse(string.Join(" + ", Enumerable.Repeat("1", 3000)));

        result.Success.ShouldBeFalse();
    }
}
