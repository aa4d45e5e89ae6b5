using Etrepaye.Shared.Contracts;
using Etrepaye.Workflows.Definitions;
using Etrepaye.Workflows.Runtime;
using Etrepaye.Workflows.Tests.Support;
using static Etrepaye.Workflows.Tests.Support.Wf;

namespace Etrepaye.Workflows.Tests.Activities;

public sealed class BuiltInActivityTests
{
    private static readonly VariableDeclaration[] _caseVariables =
    [
        Var("amount", WorkflowType.Money, "6200 EUR"),
        Var("segment", WorkflowType.Enum("SME", "Large"), "SME"),
        Var("count", WorkflowType.Number, 0),
        Var("promise", WorkflowType.Record(new RecordField("promisedDate", WorkflowType.Date), new RecordField("amount", WorkflowType.Money))),
        Var("lastOutcome", WorkflowType.String),
    ];

    [Fact]
    public async Task Decision_WhenConditionHolds_TakesTrueAndJournalsWhy()
    {
        var h = new Harness(Define(
            "d",
            [A("d", "workflow.decision", new { condition = Expr("amount > 5000 EUR and segment == \"SME\"") }), A("yes", "workflow.end", new { outcome = "Big" }), A("no", "workflow.end")],
            [C("d", "True", "yes"), C("d", "False", "no")],
            _caseVariables));

        var id = await h.StartAsync();

        h.Instance(id).Outcome.ShouldBe("Big");
        var decision = h.Journal(id).Single(j => j.ActivityId == "d" && j.Kind == JournalEntryKind.ActivityCompleted);
        decision.Port.ShouldBe("True");
        var why = decision.Why.ShouldHaveSingleItem();
        why.Expression.ShouldBe("amount > 5000 EUR and segment == \"SME\"");
        why.Reads.ShouldBe([new("amount", "6200 EUR"), new("segment", "\"SME\"")]);
        why.Result.ShouldBe("true");
    }

    [Fact]
    public async Task Decision_WhenConditionFails_TakesFalse()
    {
        var h = new Harness(Define(
            "d",
            [A("d", "workflow.decision", new { condition = Expr("amount > 10000 EUR") }), A("yes", "workflow.end", new { outcome = "Big" }), A("no", "workflow.end", new { outcome = "Small" })],
            [C("d", "True", "yes"), C("d", "False", "no")],
            _caseVariables));

        var id = await h.StartAsync();

        h.Path(id)[0].ShouldBe("d:False");
        h.Instance(id).Outcome.ShouldBe("Small");
    }

    [Theory]
    [InlineData("3000 EUR", "Medium")]
    [InlineData("20000 EUR", "High")]
    [InlineData("10 EUR", "Default")]
    public async Task Switch_WhenCasesAreCheckedInOrder_TakesTheFirstThatHolds(string amount, string port)
    {
        var h = new Harness(Define(
            "s",
            [
                A("s", "workflow.switch", new
                {
                    cases = new object[]
                    {
                        new { name = "High", when = Expr("amount > 10000 EUR") },
                        new { name = "Medium", when = Expr("amount > 1000 EUR") },
                    },
                }),
                A("e", "workflow.end"),
            ],
            [C("s", "High", "e"), C("s", "Medium", "e"), C("s", "Default", "e")],
            [Var("amount", WorkflowType.Money, amount)]));

        var id = await h.StartAsync();

        var entry = h.Journal(id).Single(j => j.ActivityId == "s" && j.Kind == JournalEntryKind.ActivityCompleted);
        entry.Port.ShouldBe(port);
        entry.Why.Count.ShouldBe(port switch { "High" => 1, _ => 2 });
        entry.Why[0].Input.ShouldBe("cases[0].when");
    }

    [Fact]
    public async Task SetVariable_WhenValueIsAnExpression_StoresTypedValue()
    {
        var h = new Harness(Define(
            "s",
            [A("s", "workflow.set-variable", new { variable = "amount", value = Expr("amount * 2 + 1 EUR") })],
            variables: _caseVariables));

        var id = await h.StartAsync();

        h.Instance(id).Variables["amount"].ShouldBe(new Money(12401m, "EUR"));
        h.Instance(id).Status.ShouldBe(InstanceStatus.Completed);
    }

    [Fact]
    public async Task End_WhenOtherBranchesWait_CancelsThemAndCompletes()
    {
        var h = new Harness(Define(
            "f",
            [
                A("f", "workflow.fork", new { branches = new[] { "A", "B" } }),
                A("wait", "workflow.wait-for-event", new { @event = "Never" }),
                A("end", "workflow.end", new { outcome = "Stopped" }),
            ],
            [C("f", "A", "wait"), C("f", "B", "end")]));

        var id = await h.StartAsync();

        var instance = h.Instance(id);
        instance.Status.ShouldBe(InstanceStatus.Completed);
        instance.Outcome.ShouldBe("Stopped");
        instance.Bookmarks.ShouldBeEmpty();
        h.Store.Bookmarks.ShouldBeEmpty();
    }

    [Fact]
    public async Task WaitUntil_WhenDateIsBusinessDaysAway_FiresOnThatDateInTheInstanceZone()
    {
        var h = new Harness(Define(
            "w",
            [A("w", "workflow.wait-until", new { date = Expr("2025-04-18 + 3 business days"), time = "09:00" }), A("e", "workflow.end", new { outcome = "Woke" })],
            [C("w", "Done", "e")]));
        var id = await h.Host.StartAsync(new Hosting.StartInstanceRequest { DefinitionId = "test", TimeZoneId = "Europe/Paris" }, CancellationToken.None);

        var timer = h.Store.Timers.ShouldHaveSingleItem();
        timer.DueAt.ShouldBe(new DateTimeOffset(2025, 4, 24, 7, 0, 0, TimeSpan.Zero));

        h.Clock.MoveTo(timer.DueAt.AddMinutes(-1));
        await h.Host.RunDueTimersAsync(CancellationToken.None);
        h.Instance(id).Status.ShouldBe(InstanceStatus.Running);

        await h.AdvanceAsync(TimeSpan.FromMinutes(1));
        h.Instance(id).Outcome.ShouldBe("Woke");
    }

    [Fact]
    public async Task WaitUntil_WhenDateIsPast_ContinuesAtOnce()
    {
        var h = new Harness(Define("w", [A("w", "workflow.wait-until", new { date = "2020-01-01" }), A("e", "workflow.end")], [C("w", "Done", "e")]));

        var id = await h.StartAsync();

        h.Instance(id).Status.ShouldBe(InstanceStatus.Completed);
        h.Store.Timers.ShouldBeEmpty();
    }

    [Fact]
    public async Task WaitForEvent_WhenCorrelatedEventArrives_ResumesWithPayload()
    {
        var h = new Harness(Define(
            "w",
            [
                A("w", "workflow.wait-for-event", new { @event = "InvoicePaid", correlation = new { invoice = Expr("\"F-\" + \"1\"") } }, outputs: new { payload = "promise" }),
                A("e", "workflow.end", new { outcome = "Paid" }),
            ],
            [C("w", "Received", "e")],
            _caseVariables));
        var id = await h.StartAsync();

        (await h.PublishAsync("InvoicePaid", new { amount = "10 EUR" }, keys: new Dictionary<string, string> { ["invoice"] = "F-2" })).Status.ShouldBe(Hosting.PublishStatus.Queued);
        h.Instance(id).Status.ShouldBe(InstanceStatus.Running);

        await h.PublishAsync("InvoicePaid", new { promisedDate = "2025-02-01", amount = "10 EUR" }, keys: new Dictionary<string, string> { ["invoice"] = "F-1", ["other"] = "x" });

        h.Instance(id).Outcome.ShouldBe("Paid");
        WorkflowValues.Render(h.Instance(id).Variables["promise"]).ShouldBe("{promisedDate: 2025-02-01, amount: 10 EUR}");
    }

    [Fact]
    public async Task WaitForEvent_WhenTimeoutElapses_LeavesThroughTimeout()
    {
        var h = new Harness(Define(
            "w",
            [A("w", "workflow.wait-for-event", new { @event = "InvoicePaid", timeout = "2 business days" }), A("late", "workflow.end", new { outcome = "Late" }), A("paid", "workflow.end")],
            [C("w", "Timeout", "late"), C("w", "Received", "paid")]));
        h.Clock.MoveTo(new DateTimeOffset(2025, 1, 10, 8, 0, 0, TimeSpan.Zero));
        var id = await h.StartAsync();

        h.Store.Timers.ShouldHaveSingleItem().DueAt.ShouldBe(new DateTimeOffset(2025, 1, 14, 8, 0, 0, TimeSpan.Zero));
        await h.AdvanceAsync(TimeSpan.FromDays(4));

        h.Instance(id).Outcome.ShouldBe("Late");
        h.Store.Bookmarks.ShouldBeEmpty();
    }

    private static WorkflowDefinition HumanTaskDefinition() => Define(
        "call",
        [
            A("call", "workflow.human-task", new
            {
                title = Expr("\"Call about \" + segment + \" case\""),
                role = "collector",
                dueDate = Expr("today() + 2 business days"),
                priority = "high",
                outcomes = new[] { "Promised", "NoAnswer" },
                form = new object[]
                {
                    new { name = "promisedDate", label = "Promised on", type = "date", required = true },
                    new { name = "amount", type = "money" },
                    new { name = "channel", type = "enum", values = new[] { "phone", "mail" } },
                },
            }, outputs: new { form = "promise", outcome = "lastOutcome" }),
            A("promised", "workflow.end", new { outcome = "Promised" }),
            A("escalate", "workflow.end", new { outcome = "Escalated" }),
        ],
        [C("call", "Promised", "promised"), C("call", "NoAnswer", "escalate"), C("call", "Timeout", "escalate")],
        _caseVariables);

    [Fact]
    public async Task HumanTask_WhenCreated_CarriesTitleRoleDueDateOutcomesAndForm()
    {
        var h = new Harness(HumanTaskDefinition());

        var id = await h.StartAsync();

        var task = h.OpenTask(id);
        task.Title.ShouldBe("Call about SME case");
        task.Role.ShouldBe("collector");
        task.Priority.ShouldBe(TaskPriority.High);
        task.DueDate.ShouldBe(new DateOnly(2025, 1, 8));
        task.Outcomes.ShouldBe(["Promised", "NoAnswer"]);
        task.Form.Select(f => (f.Name, f.Type.ToString(), f.Required)).ShouldBe([("promisedDate", "date", true), ("amount", "money", false), ("channel", "enum(phone | mail)", false)]);
    }

    [Fact]
    public async Task HumanTask_WhenCompletedWithValidForm_ResumesThroughTheOutcome()
    {
        var h = new Harness(HumanTaskDefinition());
        var id = await h.StartAsync();
        var task = h.OpenTask(id);

        var result = await h.Host.CompleteTaskAsync(task.Id, "Promised", new Dictionary<string, object?> { ["promisedDate"] = Json("2025-01-20"), ["amount"] = Json("1200 EUR") }, "alice", CancellationToken.None);

        result.Status.ShouldBe(StepStatus.Applied);
        var instance = h.Instance(id);
        instance.Outcome.ShouldBe("Promised");
        instance.Variables["lastOutcome"].ShouldBe("Promised");
        WorkflowValues.Render(instance.Variables["promise"]).ShouldBe("{promisedDate: 2025-01-20, amount: 1200 EUR}");
        h.Store.ClosedTasks.ShouldHaveSingleItem().Closure.ShouldSatisfyAllConditions(
            c => c.Resolution.ShouldBe(HumanTaskResolution.Completed),
            c => c.ClosedBy.ShouldBe("alice"));
    }

    [Theory]
    [InlineData("Promised", "{\"amount\": \"1200 EUR\"}", "promisedDate: a value is required")]
    [InlineData("Promised", "{\"promisedDate\": \"soon\"}", "promisedDate: expected date")]
    [InlineData("Promised", "{\"promisedDate\": \"2025-01-20\", \"channel\": \"fax\"}", "'fax' is not one of enum(phone | mail)")]
    [InlineData("Promised", "{\"promisedDate\": \"2025-01-20\", \"color\": \"red\"}", "'color' is not a field")]
    [InlineData("Maybe", "{\"promisedDate\": \"2025-01-20\"}", "'Maybe' is not an outcome")]
    public async Task HumanTask_WhenCompletedWithInvalidForm_IsRejectedAndTheInstanceDoesNotMove(string outcome, string valuesJson, string error)
    {
        var h = new Harness(HumanTaskDefinition());
        var id = await h.StartAsync();
        var before = h.Instance(id);
        var task = h.OpenTask(id);
        var values = System.Text.Json.JsonDocument.Parse(valuesJson).RootElement.EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value.Clone());

        var result = await h.Host.CompleteTaskAsync(task.Id, outcome, values, "bob", CancellationToken.None);

        result.Status.ShouldBe(StepStatus.Rejected);
        result.Errors.ShouldContain(e => e.Contains(error, StringComparison.Ordinal));
        h.Instance(id).ShouldBeSameAs(before);
        h.OpenTask(id).Id.ShouldBe(task.Id);
    }

    [Fact]
    public async Task HumanTask_WhenOverdue_LeavesThroughTimeoutAndClosesTheTask()
    {
        var h = new Harness(HumanTaskDefinition());
        var id = await h.StartAsync();

        await h.AdvanceAsync(TimeSpan.FromDays(2));
        h.Instance(id).Status.ShouldBe(InstanceStatus.Running);
        await h.AdvanceAsync(TimeSpan.FromDays(1));

        h.Instance(id).Outcome.ShouldBe("Escalated");
        h.Path(id)[0].ShouldBe("call:Timeout");
        h.Store.ClosedTasks.ShouldHaveSingleItem().Closure.Resolution.ShouldBe(HumanTaskResolution.TimedOut);
    }

    [Fact]
    public async Task Fork_WhenBranchesRun_StartsEveryBranch()
    {
        var h = new Harness(Define(
            "f",
            [
                A("f", "workflow.fork", new { branches = new[] { "Letter", "Mail", "Call" } }),
                A("l", "test.send-reminder", new { level = 1 }),
                A("m", "test.send-reminder", new { level = 2 }),
                A("c", "workflow.wait-for-event", new { @event = "Called" }),
            ],
            [C("f", "Letter", "l"), C("f", "Mail", "m"), C("f", "Call", "c")]));

        var id = await h.StartAsync();

        h.Store.Outbox.Count.ShouldBe(2);
        h.Instance(id).Executions.ShouldHaveSingleItem().ActivityId.ShouldBe("c");
    }

    private static WorkflowDefinition JoinDefinition(string mode) => Define(
        "f",
        [
            A("f", "workflow.fork", new { branches = new[] { "Pay", "Call" } }),
            A("waitPay", "workflow.wait-for-event", new { @event = "InvoicePaid" }),
            A("waitCall", "workflow.wait-for-event", new { @event = "Called" }),
            A("j", "workflow.join", new { mode }),
            A("after", "test.send-reminder", new { level = 9 }),
        ],
        [C("f", "Pay", "waitPay"), C("f", "Call", "waitCall"), C("waitPay", "Received", "j"), C("waitCall", "Received", "j"), C("j", "Done", "after")]);

    [Fact]
    public async Task JoinAll_WhenOneBranchArrived_WaitsForTheOther()
    {
        var h = new Harness(JoinDefinition("all"));
        var id = await h.StartAsync();

        await h.PublishAsync("InvoicePaid");
        h.Store.Outbox.ShouldBeEmpty();
        h.Journal(id).Last(j => j.ActivityId == "j").Notes.ShouldContain("1 of 2 branches arrived");

        await h.PublishAsync("Called");
        h.Store.Outbox.ShouldHaveSingleItem();
        h.Instance(id).Status.ShouldBe(InstanceStatus.Completed);
    }

    [Fact]
    public async Task JoinAny_WhenFirstBranchArrives_ContinuesOnceAndAbsorbsTheOther()
    {
        var h = new Harness(JoinDefinition("any"));
        var id = await h.StartAsync();

        await h.PublishAsync("Called");
        h.Store.Outbox.ShouldHaveSingleItem();
        h.Instance(id).Executions.ShouldHaveSingleItem().ActivityId.ShouldBe("waitPay");

        await h.PublishAsync("InvoicePaid");
        h.Store.Outbox.ShouldHaveSingleItem();
        h.Instance(id).Status.ShouldBe(InstanceStatus.Completed);
        h.Instance(id).ActivityState.ShouldBeEmpty();
    }

    [Fact]
    public async Task JoinFirstWins_WhenFirstBranchArrives_CancelsTheOthers()
    {
        var h = new Harness(JoinDefinition("first-wins"));
        var id = await h.StartAsync();

        await h.PublishAsync("InvoicePaid");

        h.Store.Outbox.ShouldHaveSingleItem();
        h.Instance(id).Status.ShouldBe(InstanceStatus.Completed);
        h.Journal(id).ShouldContain(j => j.ActivityId == "waitCall" && j.Kind == JournalEntryKind.ActivityCancelled);
        h.Store.Bookmarks.ShouldBeEmpty();
    }

    [Fact]
    public async Task SubWorkflow_WhenChildEnds_ResumesThroughTheChildOutcome()
    {
        var child = Define(
            "ask",
            [A("ask", "workflow.human-task", new { title = Expr("\"Check \" + invoiceId"), outcomes = new[] { "Ok", "Disputed" } }), A("ok", "workflow.end", new { outcome = "Confirmed" }), A("ko", "workflow.end", new { outcome = "Disputed" })],
            [C("ask", "Ok", "ok"), C("ask", "Disputed", "ko")],
            inputs: [Var("invoiceId", WorkflowType.String, required: true)],
            id: "check-invoice");
        var parent = Define(
            "sub",
            [
                A("sub", "workflow.sub-workflow", new { definitionId = "check-invoice", inputs = new { invoiceId = Expr("\"F-\" + \"9\"") }, outcomes = new[] { "Disputed" } }, outputs: new { outcome = "lastOutcome" }),
                A("fine", "workflow.end", new { outcome = "Fine" }),
                A("dispute", "workflow.end", new { outcome = "Dispute" }),
            ],
            [C("sub", "Done", "fine"), C("sub", "Disputed", "dispute")],
            _caseVariables);
        var h = new Harness(parent, child);
        var id = await h.StartAsync();

        var childInstance = h.Store.Instances.Single(i => i.DefinitionId == "check-invoice");
        childInstance.Parent!.InstanceId.ShouldBe(id);
        childInstance.CorrelationKeys.ShouldBe(Harness.Keys);
        var task = h.OpenTask(childInstance.InstanceId);
        task.Title.ShouldBe("Check F-9");

        await h.Host.CompleteTaskAsync(task.Id, "Disputed", new Dictionary<string, object?>(), "carol", CancellationToken.None);

        h.Instance(childInstance.InstanceId).Outcome.ShouldBe("Disputed");
        h.Instance(id).Outcome.ShouldBe("Dispute");
        h.Instance(id).Variables["lastOutcome"].ShouldBe("Disputed");
    }

    [Fact]
    public async Task SubWorkflow_WhenParentIsCancelled_CancelsTheChild()
    {
        var child = Define("w", [A("w", "workflow.wait-for-event", new { @event = "Never" })], id: "child");
        var parent = Define("sub", [A("sub", "workflow.sub-workflow", new { definitionId = "child" })]);
        var h = new Harness(parent, child);
        var id = await h.StartAsync();

        await h.Host.CancelAsync(id, "operator", CancellationToken.None);

        h.Store.Instances.ShouldAllBe(i => i.Status == InstanceStatus.Cancelled);
        h.Store.Pending.ShouldBeEmpty();
    }

    [Fact]
    public async Task SubWorkflow_WhenDefinitionIsMissing_LeavesThroughFaulted()
    {
        var parent = Define("sub", [A("sub", "workflow.sub-workflow", new { definitionId = "nope" }), A("f", "workflow.end", new { outcome = "ChildFailed" })], [C("sub", "Faulted", "f")]);
        var h = new Harness(parent);

        var id = await h.StartAsync();

        h.Instance(id).Outcome.ShouldBe("ChildFailed");
    }
}
