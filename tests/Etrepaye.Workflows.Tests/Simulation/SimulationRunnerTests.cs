using Etrepaye.Workflows.Definitions;
using Etrepaye.Workflows.Hosting;
using Etrepaye.Workflows.Runtime;
using Etrepaye.Workflows.Simulation;
using Etrepaye.Workflows.Tests.Support;
using static Etrepaye.Workflows.Tests.Support.Wf;

namespace Etrepaye.Workflows.Tests.Simulation;

public sealed class SimulationRunnerTests
{
    private static readonly TimeSpan _paris = TimeSpan.FromHours(2);

    /// <summary>
    /// Remind at due + 3 business days (09:00 Paris), wait 10 business days for payment, then call large
    /// debts (a task due in 2 business days) or send a second reminder; disputes stop the clock.
    /// </summary>
    private static WorkflowDefinition Dunning() => Define(
        "waitGrace",
        [
            A("waitGrace", "workflow.wait-until", new { date = Expr("invoice.dueDate + 3 business days"), time = "09:00" }),
            A("remind1", "test.send-reminder", new { level = 1, amount = Expr("invoice.amount") }),
            A("waitPay", "workflow.wait-for-event", new { @event = "InvoicePaid", correlation = new { invoice = Expr("invoice.id") }, timeout = "10 business days" }),
            A("isLarge", "workflow.decision", new { condition = Expr("invoice.amount > 5000 EUR or segment == \"Large\"") }),
            A("remind2", "test.send-reminder", new { level = 2, amount = Expr("invoice.amount") }),
            A("call", "workflow.human-task", new
            {
                title = "Call the customer",
                role = "collector",
                dueDate = Expr("today() + 2 business days"),
                outcomes = new[] { "Promised", "NoAnswer" },
                form = new object[] { new { name = "promisedDate", type = "date", required = true } },
            }, outputs: new { form = "promise" }),
            A("waitPromise", "workflow.wait-until", new { date = Expr("promise.promisedDate + 1 day") }),
            A("paid", "workflow.end", new { outcome = "Paid" }),
            A("reminded", "workflow.end", new { outcome = "Reminded" }),
            A("escalated", "workflow.end", new { outcome = "Escalated" }),
            A("promiseDue", "workflow.end", new { outcome = "PromiseDue" }),
        ],
        [
            C("waitGrace", "Done", "remind1"), C("remind1", "Done", "waitPay"),
            C("waitPay", "Received", "paid"), C("waitPay", "Timeout", "isLarge"),
            C("isLarge", "True", "call"), C("isLarge", "False", "remind2"), C("remind2", "Done", "reminded"),
            C("call", "Promised", "waitPromise"), C("call", "NoAnswer", "escalated"), C("call", "Timeout", "escalated"),
            C("waitPromise", "Done", "promiseDue"),
        ],
        variables: [Var("promise", WorkflowType.Record(new RecordField("promisedDate", WorkflowType.Date)))],
        inputs:
        [
            Var("invoice", WorkflowType.Record(new RecordField("id", WorkflowType.String), new RecordField("dueDate", WorkflowType.Date), new RecordField("amount", WorkflowType.Money)), required: true),
            Var("segment", WorkflowType.Enum("SME", "Large"), "SME"),
        ],
        handlers: [new EventHandlerDefinition { Event = "DisputeOpened", Action = EventHandlerAction.SuspendUntil, Until = "DisputeResolved" }],
        id: "dunning");

    private static SimulationScenario Scenario(string amount, params ScenarioEvent[] events) => new()
    {
        DefinitionId = "dunning",
        StartAt = new DateTimeOffset(2025, 4, 1, 8, 0, 0, _paris),
        TimeZoneId = "Europe/Paris",
        Inputs = new Dictionary<string, object?> { ["invoice"] = Json(new { id = "F-2025-118", dueDate = "2025-04-18", amount }) },
        CorrelationKeys = new Dictionary<string, string> { ["company"] = "acme", ["customer"] = "durand", ["invoice"] = "F-2025-118" },
        Events = events,
    };

    private static SimulationRunner Runner() => new(Harness.Catalog, Harness.Calendars, new InMemoryDefinitionProvider().Add(Dunning()));

    private static DateTimeOffset Paris(int month, int day, int hour = 9) => new(2025, month, day, hour, 0, 0, _paris);

    [Fact]
    public async Task Simulate_WhenLargeDebtIsNeverPaid_RemindsAfterEasterMondayThenCallsAndWaitsForThePromise()
    {
        var timeline = await Runner().RunAsync(
            Scenario("6200 EUR", new ScenarioTaskCompletion(Paris(5, 13, 15), "call", "Promised", new Dictionary<string, object?> { ["promisedDate"] = Json("2025-05-20") }, "alice")),
            CancellationToken.None);

        timeline.Warnings.ShouldBeEmpty();
        timeline.FinalState.Outcome.ShouldBe("PromiseDue");
        var reminder = timeline.Effects.ShouldHaveSingleItem();
        reminder.RequestedAt.ShouldBe(Paris(4, 24), "18 April + 3 business days skips the weekend and Easter Monday (21 April)");
        reminder.EffectType.ShouldBe("reminder.send");
        reminder.Payload.GetProperty("amount").GetProperty("amount").GetDecimal().ShouldBe(6200m);
        var task = timeline.Tasks.ShouldHaveSingleItem();
        task.CreatedAt.ShouldBe(Paris(5, 12), "10 business days after 24 April skip 1 and 8 May");
        task.DueDate.ShouldBe(new DateOnly(2025, 5, 14));
        timeline.Entries.ShouldContain(e => e.Kind == TimelineEntryKind.TaskClosed && e.Description.Contains("completed: Promised"));
        timeline.FinalState.FinishedAt.ShouldBe(new DateTimeOffset(2025, 5, 21, 0, 0, 0, _paris));

        var decision = timeline.Journal.Single(j => j.ActivityId == "isLarge" && j.Kind == JournalEntryKind.ActivityCompleted);
        decision.Port.ShouldBe("True");
        decision.Why.Single().Reads.ShouldContain(new Workflows.Expressions.ValueRead("invoice.amount", "6200 EUR"));
        timeline.Entries.Select(e => e.At).ShouldBeInOrder();
    }

    [Fact]
    public async Task Simulate_WhenSmallDebtIsPaidAfterTheReminder_EndsPaidWithOneReminder()
    {
        var timeline = await Runner().RunAsync(
            Scenario("800 EUR", new ScenarioStimulus(Paris(5, 2, 11), "InvoicePaid", new { amount = "800 EUR" })),
            CancellationToken.None);

        timeline.FinalState.Outcome.ShouldBe("Paid");
        timeline.FinalState.FinishedAt.ShouldBe(Paris(5, 2, 11));
        timeline.Effects.Count.ShouldBe(1);
        timeline.Tasks.ShouldBeEmpty();
    }

    [Fact]
    public async Task Simulate_WhenSmallDebtStaysUnpaid_SendsTheSecondReminder()
    {
        var timeline = await Runner().RunAsync(Scenario("800 EUR"), CancellationToken.None);

        timeline.FinalState.Outcome.ShouldBe("Reminded");
        timeline.Effects.Select(e => (e.RequestedAt, e.Payload.GetProperty("level").GetDecimal())).ShouldBe([(Paris(4, 24), 1m), (Paris(5, 12), 2m)]);
    }

    [Fact]
    public async Task Simulate_WhenADisputeIsOpenBeforeTheReminder_StopsTheClockUntilItIsResolved()
    {
        var timeline = await Runner().RunAsync(
            Scenario(
                "800 EUR",
                new ScenarioStimulus(Paris(4, 22, 10), "DisputeOpened"),
                new ScenarioStimulus(Paris(5, 2, 10), "DisputeResolved"),
                new ScenarioStimulus(Paris(5, 6, 10), "InvoicePaid")),
            CancellationToken.None);

        timeline.Effects.ShouldHaveSingleItem().RequestedAt.ShouldBe(Paris(5, 4), "the reminder moves by the 10 days of the dispute");
        timeline.FinalState.Outcome.ShouldBe("Paid");
        timeline.Entries.Count(e => e.Kind == TimelineEntryKind.Instance && e.Description.StartsWith("Instance", StringComparison.Ordinal)).ShouldBeGreaterThanOrEqualTo(3);
    }

    [Fact]
    public async Task Simulate_WhenPaymentArrivesBeforeTheWait_StillEndsPaid()
    {
        var timeline = await Runner().RunAsync(
            Scenario("6200 EUR", new ScenarioStimulus(Paris(4, 20), "InvoicePaid")),
            CancellationToken.None);

        timeline.FinalState.Outcome.ShouldBe("Paid");
        timeline.FinalState.FinishedAt.ShouldBe(Paris(4, 24));
        timeline.Entries.ShouldContain(e => e.Kind == TimelineEntryKind.Event && e.Description == "InvoicePaid published: queued");
    }

    [Fact]
    public async Task Simulate_WhenHorizonIsReached_StopsWithTheInstanceStillRunning()
    {
        var timeline = await Runner().RunAsync(Scenario("6200 EUR") with { Until = Paris(4, 30) }, CancellationToken.None);

        timeline.FinalState.Status.ShouldBe(InstanceStatus.Running);
        timeline.Effects.ShouldHaveSingleItem();
    }

    [Fact]
    public async Task Simulate_WhenTaskCompletionIsInvalid_ReportsAWarningAndTheTaskTimesOut()
    {
        var timeline = await Runner().RunAsync(
            Scenario("6200 EUR", new ScenarioTaskCompletion(Paris(5, 13), "call", "Promised")),
            CancellationToken.None);

        timeline.Warnings.ShouldHaveSingleItem().ShouldContain("promisedDate: a value is required");
        timeline.FinalState.Outcome.ShouldBe("Escalated");
        timeline.FinalState.FinishedAt.ShouldBe(new DateTimeOffset(2025, 5, 15, 0, 0, 0, _paris));
    }
}
