using Etrepaye.Workflows.Definitions;
using Etrepaye.Workflows.Tests.Support;
using Etrepaye.Workflows.Validation;
using static Etrepaye.Workflows.Tests.Support.Wf;

namespace Etrepaye.Workflows.Tests.Validation;

public sealed class WorkflowValidatorTests
{
    private static readonly VariableDeclaration[] _variables =
    [
        Var("amount", WorkflowType.Money, "100 EUR"),
        Var("count", WorkflowType.Number, 0),
        Var("note", WorkflowType.String),
    ];

    private static IReadOnlyList<ValidationProblem> Validate(WorkflowDefinition definition) =>
        new WorkflowValidator(Harness.Catalog).Validate(definition).Problems;

    private static ValidationProblem Single(WorkflowDefinition definition, string code)
    {
        var problems = Validate(definition);
        problems.Select(p => p.Code).ShouldBe([code], customMessage: string.Join("\n", problems));
        return problems[0];
    }

    [Fact]
    public void Validate_WhenDefinitionIsSound_ReportsNothing()
    {
        var definition = Define(
            "decide",
            [A("decide", "workflow.decision", new { condition = Expr("amount > 50 EUR") }), A("remind", "test.send-reminder", new { level = 1, amount = Expr("amount") }), A("end", "workflow.end")],
            [C("decide", "True", "remind"), C("decide", "False", "end"), C("remind", "Done", "end")],
            _variables);

        Validate(definition).ShouldBeEmpty();
    }

    [Fact]
    public void Validate_WhenActivityTypeIsUnknown_NamesTheActivity()
    {
        var problem = Single(Define("a", [A("a", "collection.send-letter")]), ValidationCodes.UnknownActivityType);

        problem.Location.ActivityId.ShouldBe("a");
    }

    [Fact]
    public void Validate_WhenRequiredInputIsMissing_NamesTheInput()
    {
        var problem = Single(Define("a", [A("a", "workflow.decision")]), ValidationCodes.MissingRequiredInput);

        (problem.Location.ActivityId, problem.Location.Input).ShouldBe(("a", "condition"));
    }

    [Fact]
    public void Validate_WhenLiteralHasTheWrongType_ReportsTypeMismatch()
    {
        var problem = Single(Define("a", [A("a", "test.send-reminder", new { level = "first" })]), ValidationCodes.InputTypeMismatch);

        problem.Location.Input.ShouldBe("level");
        problem.Message.ShouldContain("expected number");
    }

    [Fact]
    public void Validate_WhenExpressionDoesNotTypeCheck_GivesLineAndColumn()
    {
        var definition = Define("a", [A("a", "workflow.decision", new { condition = Expr("count > 3 and\n amount + 5 > 0 EUR") })], variables: _variables);

        var problem = Single(definition, ValidationCodes.ExpressionError);

        (problem.Location.ActivityId, problem.Location.Input, problem.Location.Line, problem.Location.Column).ShouldBe(("a", "condition", 2, 9));
        problem.Message.ShouldContain("cannot apply '+' to money and number");
    }

    [Fact]
    public void Validate_WhenExpressionHasWrongResultType_ReportsExpectedType()
    {
        var problem = Single(Define("a", [A("a", "workflow.decision", new { condition = Expr("amount") })], variables: _variables), ValidationCodes.ExpressionError);

        problem.Message.ShouldContain("expected boolean but the expression is money");
    }

    [Fact]
    public void Validate_WhenNestedExpressionIsWrong_PointsIntoTheInput()
    {
        var definition = Define(
            "s",
            [A("s", "workflow.switch", new { cases = new object[] { new { name = "High", when = Expr("amount > 10 EUR") }, new { name = "Low", when = Expr("amount") } } })],
            variables: _variables);

        Single(definition, ValidationCodes.ExpressionError).Location.Input.ShouldBe("cases[1].when");
    }

    [Fact]
    public void Validate_WhenInputIsUnknown_ListsTheKnownOnes()
    {
        var problem = Single(Define("a", [A("a", "workflow.end", new { result = "x" })]), ValidationCodes.UnknownInput);

        problem.Message.ShouldContain("inputs: outcome");
    }

    [Fact]
    public void Validate_WhenValueIsNotAllowed_ReportsAllowedValues()
    {
        var problem = Single(Define("j", [A("j", "workflow.join", new { mode = "some" })]), ValidationCodes.ValueNotAllowed);

        problem.Message.ShouldContain("all, any, first-wins");
    }

    [Fact]
    public void Validate_WhenLiteralOnlyInputIsAnExpression_ReportsIt()
    {
        Single(Define("f", [A("f", "workflow.fork", new { branches = Expr("note") })], variables: _variables), ValidationCodes.ExpressionNotAllowed);
    }

    [Fact]
    public void Validate_WhenSetVariableTargetsAnUndeclaredVariable_ReportsIt()
    {
        Single(Define("s", [A("s", "workflow.set-variable", new { variable = "total", value = 3 })], variables: _variables), ValidationCodes.UnknownVariable);
    }

    [Fact]
    public void Validate_WhenSetVariableValueHasTheWrongType_ChecksAgainstTheVariable()
    {
        var problem = Single(Define("s", [A("s", "workflow.set-variable", new { variable = "count", value = Expr("amount") })], variables: _variables), ValidationCodes.ExpressionError);

        problem.Message.ShouldContain("expected number but the expression is money");
    }

    [Fact]
    public void Validate_WhenOutputGoesToAVariableOfAnotherType_ReportsMismatch()
    {
        var definition = Define("r", [A("r", "test.send-reminder", new { level = 1 }, outputs: new { sentOn = "amount" })], variables: _variables);

        Single(definition, ValidationCodes.OutputTypeMismatch).Message.ShouldContain("sentOn' is date");
    }

    [Fact]
    public void Validate_WhenConnectionLeavesFromAMissingPort_ListsThePorts()
    {
        var definition = Define("d", [A("d", "workflow.decision", new { condition = true }), A("e", "workflow.end")], [C("d", "Yes", "e"), C("d", "True", "e")]);

        var problem = Single(definition, ValidationCodes.UnknownPort);

        (problem.Location.ActivityId, problem.Location.ConnectionIndex).ShouldBe(("d", 0));
        problem.Message.ShouldContain("ports: True, False");
    }

    [Fact]
    public void Validate_WhenPortsComeFromInputs_AcceptsThem()
    {
        var definition = Define(
            "t",
            [
                A("t", "workflow.human-task", new { title = "Call", outcomes = new[] { "Promised", "Refused" } }),
                A("e", "workflow.end"),
            ],
            [C("t", "Promised", "e"), C("t", "Refused", "e"), C("t", "Timeout", "e")]);

        Validate(definition).ShouldBeEmpty();
    }

    [Fact]
    public void Validate_WhenConnectionTargetsAnUnknownActivity_ReportsIt()
    {
        var problem = Single(Define("e", [A("e", "test.do-step")], [C("e", "Done", "ghost")]), ValidationCodes.UnknownTargetActivity);

        (problem.Location.ActivityId, problem.Location.ConnectionIndex).ShouldBe(("ghost", 0));
    }

    [Fact]
    public void Validate_WhenConnectionStartsAtAnUnknownActivity_ReportsIt()
    {
        var problems = Validate(Define("e", [A("e", "workflow.end")], [C("ghost", "Done", "e")]));

        problems.ShouldHaveSingleItem().Code.ShouldBe(ValidationCodes.UnknownSourceActivity);
    }

    [Fact]
    public void Validate_WhenActivityCannotBeReached_ReportsIt()
    {
        var problem = Single(Define("a", [A("a", "workflow.end"), A("orphan", "workflow.end")]), ValidationCodes.UnreachableActivity);

        problem.Location.ActivityId.ShouldBe("orphan");
    }

    [Fact]
    public void Validate_WhenOnlyAnEventHandlerLeadsToAnActivity_CountsItReachable()
    {
        var definition = Define(
            "a",
            [A("a", "workflow.wait-for-event", new { @event = "X" }), A("b", "workflow.end")],
            handlers: [new EventHandlerDefinition { Event = "Escalate", Action = EventHandlerAction.GoTo, Activity = "b" }]);

        Validate(definition).ShouldBeEmpty();
    }

    [Fact]
    public void Validate_WhenLoopHasNoWait_ReportsTheCycle()
    {
        var definition = Define(
            "s",
            [
                A("s", "workflow.set-variable", new { variable = "count", value = Expr("count + 1") }),
                A("d", "workflow.decision", new { condition = Expr("count < 10") }),
                A("e", "workflow.end"),
            ],
            [C("s", "Done", "d"), C("d", "True", "s"), C("d", "False", "e")],
            _variables);

        var problem = Single(definition, ValidationCodes.CycleWithoutWait);

        problem.Message.ShouldContain("s → d");
    }

    [Fact]
    public void Validate_WhenLoopWaitsOnEveryPass_AcceptsIt()
    {
        var definition = Define(
            "w",
            [
                A("w", "workflow.wait-until", new { date = Expr("today() + 7 days") }),
                A("r", "test.send-reminder", new { level = 1 }),
                A("d", "workflow.decision", new { condition = Expr("count < 3") }),
                A("e", "workflow.end"),
            ],
            [C("w", "Done", "r"), C("r", "Done", "d"), C("d", "True", "w"), C("d", "False", "e")],
            _variables);

        Validate(definition).ShouldBeEmpty();
    }

    [Fact]
    public void Validate_WhenJoinAllWaitsForBothSidesOfADecision_ReportsItCannotComplete()
    {
        var definition = Define(
            "d",
            [
                A("d", "workflow.decision", new { condition = true }),
                A("a", "test.do-step"),
                A("b", "test.do-step"),
                A("j", "workflow.join", new { mode = "all" }),
            ],
            [C("d", "True", "a"), C("d", "False", "b"), C("a", "Done", "j"), C("b", "Done", "j")]);

        var problem = Single(definition, ValidationCodes.JoinCannotComplete);

        problem.Location.ActivityId.ShouldBe("j");
        problem.Message.ShouldContain("alternatives");
    }

    [Fact]
    public void Validate_WhenJoinAllFollowsAFork_AcceptsIt()
    {
        var definition = Define(
            "f",
            [
                A("f", "workflow.fork", new { branches = new[] { "Letter", "Call" } }),
                A("a", "test.do-step"),
                A("d", "workflow.decision", new { condition = true }),
                A("j", "workflow.join", new { mode = "all" }),
                A("x", "workflow.end"),
            ],
            [C("f", "Letter", "a"), C("f", "Call", "d"), C("a", "Done", "j"), C("d", "True", "j"), C("d", "False", "x"), C("j", "Done", "x")]);

        Validate(definition).ShouldBeEmpty();
    }

    [Fact]
    public void Validate_WhenJoinAnyMergesADecision_AcceptsIt()
    {
        var definition = Define(
            "d",
            [A("d", "workflow.decision", new { condition = true }), A("j", "workflow.join", new { mode = "any" })],
            [C("d", "True", "j"), C("d", "False", "j")]);

        Validate(definition).ShouldBeEmpty();
    }

    [Fact]
    public void Validate_WhenIdsAreDuplicated_ReportsEachDuplicate()
    {
        var definition = Define("a", [A("a", "workflow.end"), A("a", "workflow.end")], variables: [Var("x", WorkflowType.Number), Var("x", WorkflowType.String)]);

        var problems = Validate(definition).Where(p => p.Code == ValidationCodes.DuplicateId).ToList();

        problems.Count.ShouldBe(2);
        problems.ShouldContain(p => p.Location.ActivityId == "a");
        problems.ShouldContain(p => p.Location.Variable == "x");
    }

    [Fact]
    public void Validate_WhenEventHandlerConditionUsesThePayload_ChecksItsType()
    {
        var definition = Define(
            "w",
            [A("w", "workflow.wait-for-event", new { @event = "X" })],
            variables: _variables,
            handlers:
            [
                new EventHandlerDefinition
                {
                    Event = "InvoicePaid",
                    Action = EventHandlerAction.End,
                    Condition = "event.paid >= amount and event.date > 3",
                    Payload = WorkflowType.Record(new RecordField("paid", WorkflowType.Money), new RecordField("date", WorkflowType.Date)),
                },
                new EventHandlerDefinition { Event = "Reassigned", Action = EventHandlerAction.GoTo, Activity = "nowhere" },
            ]);

        var problems = Validate(definition);

        problems.Select(p => (p.Code, p.Location.EventHandlerIndex)).ShouldBe([(ValidationCodes.ExpressionError, 0), (ValidationCodes.UnknownTargetActivity, 1)]);
        problems[0].Location.Column.ShouldBe(37);
    }

    [Fact]
    public void Validate_WhenStartActivityIsMissing_ReportsIt()
    {
        var problems = Validate(Define("ghost", [A("a", "workflow.end")]));

        problems.Select(p => p.Code).ShouldContain(ValidationCodes.UnknownStartActivity);
    }

    [Fact]
    public void Validate_WhenSubWorkflowInputsDoNotFitTheChild_ReportsEachOne()
    {
        var child = Define("e", [A("e", "workflow.end")], inputs: [Var("invoiceId", WorkflowType.String, required: true), Var("limit", WorkflowType.Money)], id: "child");
        var parent = Define(
            "a",
            [
                A("a", "workflow.sub-workflow", new { definitionId = "child", inputs = new { limit = Expr("count"), colour = "red" } }),
                A("b", "workflow.sub-workflow", new { definitionId = "ghost" }),
            ],
            [C("a", "Done", "b")],
            _variables);
        var validator = new WorkflowValidator(Harness.Catalog, new Hosting.InMemoryDefinitionProvider().Add(child));

        var problems = validator.Validate(parent).Problems;

        problems.Select(p => (p.Code, p.Location.ActivityId, p.Location.Input)).ShouldBe(
        [
            (ValidationCodes.UnknownInput, "a", "inputs.colour"),
            (ValidationCodes.MissingRequiredInput, "a", "inputs.invoiceId"),
            (ValidationCodes.ExpressionError, "a", "inputs.limit"),
            (ValidationCodes.UnknownDefinition, "b", "definitionId"),
        ], ignoreOrder: true);
    }

    [Fact]
    public void Validate_WhenManyProblems_ReturnsEveryOne()
    {
        var definition = Define(
            "a",
            [A("a", "workflow.decision"), A("a", "x.y"), A("b", "nope.nope-nope", new { level = 1 })],
            [C("a", "Maybe", "c")]);

        Validate(definition).Select(p => p.Code).Distinct().Count().ShouldBeGreaterThanOrEqualTo(4);
    }
}
