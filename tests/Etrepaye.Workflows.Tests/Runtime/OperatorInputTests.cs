using Etrepaye.Workflows.Definitions;
using Etrepaye.Workflows.Runtime;
using Etrepaye.Workflows.Tests.Support;
using static Etrepaye.Workflows.Tests.Support.Wf;

namespace Etrepaye.Workflows.Tests.Runtime;

public sealed class OperatorInputTests
{
    private static readonly EventHandlerDefinition _disputeHandler = new() { Event = "DisputeOpened", Action = EventHandlerAction.GoTo, Activity = "disputed" };

    /// <summary>check (amount ≥ threshold; a currency mismatch faults it) → call task → wait for payment; a dispute goes to "disputed".</summary>
    private static WorkflowDefinition Case(int version = 1, string callId = "call", bool withReminder = false) => Define(
        "check",
        [
            A("check", "workflow.decision", new { condition = Expr("amount >= threshold") }),
            .. withReminder ? [A("remind", "workflow.human-task", new { title = "Remind", outcomes = new[] { "Done" } })] : Array.Empty<ActivityNode>(),
            A(callId, "workflow.human-task", new { title = "Call", outcomes = new[] { "Promised", "NoAnswer" }, form = new[] { new { name = "promisedOn", type = "date", required = true } } }),
            A("waitPay", "workflow.wait-for-event", new { @event = "InvoicePaid" }),
            A("paid", "workflow.end", new { outcome = "Paid" }),
            A("noAnswer", "workflow.end", new { outcome = "NoAnswer" }),
            A("disputed", "workflow.wait-for-event", new { @event = "DisputeResolved" }),
        ],
        [
            .. withReminder ? [C("check", "True", "remind"), C("remind", "Done", callId)] : new[] { C("check", "True", callId) },
            C("check", "False", "noAnswer"), C(callId, "Promised", "waitPay"), C(callId, "NoAnswer", "noAnswer"), C("waitPay", "Received", "paid"),
        ],
        [Var("threshold", WorkflowType.Money, "0 EUR"), Var("note", WorkflowType.String)],
        [Var("amount", WorkflowType.Money, required: true)],
        [_disputeHandler],
        version: version);

    [Fact]
    public async Task RetryActivity_WhenTheInstanceFaulted_ReopensItRunsTheStepAgainAndListensToItsHandlersAgain()
    {
        var h = new Harness(Case());
        var id = await h.StartAsync(inputs: new { amount = "500 USD" });
        var faulted = h.Instance(id);
        var execution = faulted.Executions.ShouldHaveSingleItem();

        var corrected = await h.Host.ActAsync(id, new ChangeVariable("threshold", Json("0 USD"), "the case is in dollars", "ops"), CancellationToken.None);
        var retried = await h.Host.ActAsync(id, new RetryActivity(execution.Id, "fixed", "ops"), CancellationToken.None);
        await h.PublishAsync("DisputeOpened");

        faulted.Status.ShouldBe(InstanceStatus.Faulted);
        execution.Status.ShouldBe(ExecutionStatus.Faulted);
        corrected.Status.ShouldBe(StepStatus.Applied);
        corrected.Snapshot.Status.ShouldBe(InstanceStatus.Faulted);
        retried.Snapshot.Status.ShouldBe(InstanceStatus.Running);
        retried.Snapshot.OpenTasks.ShouldHaveSingleItem().ActivityId.ShouldBe("call");
        h.Instance(id).Executions.ShouldHaveSingleItem().ActivityId.ShouldBe("disputed");
        h.Journal(id).Where(j => j.Kind == JournalEntryKind.OperatorAction).Select(j => j.Message).ShouldBe(
            ["variable threshold: 0 EUR → 0 USD by ops: the case is in dollars", "retry by ops: fixed"]);
    }

    [Fact]
    public async Task RetryActivity_WhenTheStepIsNotFaulted_IsRejectedAndNothingChanges()
    {
        var h = new Harness(Case());
        var id = await h.StartAsync(inputs: new { amount = "500 EUR" });
        var before = h.Instance(id);

        var result = await h.Host.ActAsync(id, new RetryActivity(before.Executions.Single().Id, "why not"), CancellationToken.None);

        result.Status.ShouldBe(StepStatus.Rejected);
        h.Instance(id).Version.ShouldBe(before.Version);
    }

    [Fact]
    public async Task SkipActivity_ThroughAPort_ClosesTheTaskAndContinuesFromThatPort()
    {
        var h = new Harness(Case());
        var id = await h.StartAsync(inputs: new { amount = "500 EUR" });
        var call = h.Instance(id).Executions.Single();

        var wrongPort = await h.Host.ActAsync(id, new SkipActivity(call.Id, "Maybe", "no"), CancellationToken.None);
        var skipped = await h.Host.ActAsync(id, new SkipActivity(call.Id, "Promised", "promise made by mail"), CancellationToken.None);

        wrongPort.Status.ShouldBe(StepStatus.Rejected);
        wrongPort.Errors.ShouldHaveSingleItem().ShouldStartWith("port:");
        skipped.Snapshot.Executions.ShouldHaveSingleItem().ActivityId.ShouldBe("waitPay");
        skipped.Snapshot.OpenTasks.ShouldBeEmpty();
        skipped.Changes.TasksClosed.ShouldHaveSingleItem().Resolution.ShouldBe(HumanTaskResolution.Cancelled);
    }

    [Fact]
    public async Task MoveToActivity_CancelsEveryWaitAndStartsTheActivity()
    {
        var h = new Harness(Case());
        var id = await h.StartAsync(inputs: new { amount = "500 EUR" });

        var unknown = await h.Host.ActAsync(id, new MoveToActivity("nowhere", "escalate"), CancellationToken.None);
        var moved = await h.Host.ActAsync(id, new MoveToActivity("waitPay", "promise made"), CancellationToken.None);
        await h.PublishAsync("InvoicePaid");

        unknown.Status.ShouldBe(StepStatus.Rejected);
        moved.Snapshot.Executions.ShouldHaveSingleItem().ActivityId.ShouldBe("waitPay");
        moved.Snapshot.OpenTasks.ShouldBeEmpty();
        h.Instance(id).Outcome.ShouldBe("Paid");
    }

    [Fact]
    public async Task ChangeVariable_WhenTheValueDoesNotFitOrNamesAnInput_IsRejected()
    {
        var h = new Harness(Case());
        var id = await h.StartAsync(inputs: new { amount = "500 EUR" });

        var mistyped = await h.Host.ActAsync(id, new ChangeVariable("threshold", Json("a lot"), "fix"), CancellationToken.None);
        var input = await h.Host.ActAsync(id, new ChangeVariable("amount", Json("1 EUR"), "fix"), CancellationToken.None);
        var unknown = await h.Host.ActAsync(id, new ChangeVariable("nothing", Json("x"), "fix"), CancellationToken.None);
        var set = await h.Host.ActAsync(id, new ChangeVariable("note", Json("called twice"), "fix"), CancellationToken.None);

        mistyped.Errors.ShouldHaveSingleItem().ShouldStartWith("value:");
        input.Errors.ShouldHaveSingleItem().ShouldContain("read-only");
        unknown.Errors.ShouldHaveSingleItem().ShouldStartWith("name:");
        set.Snapshot.Variables["note"].ShouldBe("called twice");
    }

    private static Task<Guid> StartV1Async(Harness h) => h.Host.StartAsync(new Hosting.StartInstanceRequest
    {
        DefinitionId = "test",
        Version = 1,
        Inputs = new Dictionary<string, object?> { ["amount"] = Json("500 EUR") },
        CorrelationKeys = Harness.Keys,
    }, CancellationToken.None);

    [Fact]
    public async Task Migrate_WithAMapping_KeepsWaitsOfSameStepsRestartsRenamedOnesAndReportsSkippedSteps()
    {
        var v1 = Case();
        var v2 = Case(version: 2, callId: "phone", withReminder: true);
        var h = new Harness(v1, v2);
        var atCall = await StartV1Async(h);
        var atPayment = await StartV1Async(h);
        await h.Host.CompleteTaskAsync(h.OpenTask(atPayment).Id, "Promised", new Dictionary<string, object?> { ["promisedOn"] = Json("2025-02-01") }, "ops", CancellationToken.None);
        var paymentWait = h.Instance(atPayment).Executions.Single();
        var ids = new Dictionary<string, string> { ["check"] = "check", ["waitPay"] = "waitPay" };

        var unmapped = await h.Host.MigrateAsync(atCall, 2, ids, "v2", "ops", dryRun: false, CancellationToken.None);
        var dryRun = await h.Host.MigrateAsync(atCall, 2, new Dictionary<string, string>(ids) { ["call"] = "phone" }, "v2", "ops", dryRun: true, CancellationToken.None);
        var versionAfterDryRun = h.Instance(atCall).DefinitionVersion;
        var moved = await h.Host.MigrateAsync(atCall, 2, new Dictionary<string, string>(ids) { ["call"] = "phone" }, "v2", "ops", dryRun: false, CancellationToken.None);
        var kept = await h.Host.MigrateAsync(atPayment, 2, ids, "v2", "ops", dryRun: false, CancellationToken.None);
        await h.PublishAsync("InvoicePaid");

        unmapped.CanMigrate.ShouldBeFalse();
        unmapped.Unmapped.ShouldBe(["call"]);
        dryRun.Steps.ShouldBe([new MigratedStep("call", "phone", false)]);
        dryRun.Skipped.ShouldBe(["remind"]);
        versionAfterDryRun.ShouldBe(1);
        moved.CanMigrate.ShouldBeTrue();
        var callInstance = h.Instance(atCall);
        callInstance.DefinitionVersion.ShouldBe(2);
        h.OpenTask(atCall).ActivityId.ShouldBe("phone");
        kept.Steps.ShouldBe([new MigratedStep("waitPay", "waitPay", true)]);
        kept.Step!.Snapshot.Executions.ShouldHaveSingleItem().Id.ShouldBe(paymentWait.Id);
        h.Instance(atPayment).Outcome.ShouldBe("Paid");
    }

    [Fact]
    public async Task Migrate_WhenTheLandingStepAlreadyRan_ReportsItRepeatedAndRunsItAgain()
    {
        var h = new Harness(Case(), Case(version: 2));
        var id = await StartV1Async(h);

        var outcome = await h.Host.MigrateAsync(id, 2, new Dictionary<string, string> { ["call"] = "check" }, "start over", "ops", dryRun: false, CancellationToken.None);

        outcome.Steps.ShouldBe([new MigratedStep("call", "check", false)]);
        outcome.Repeated.ShouldBe(["check"]);
        outcome.Skipped.ShouldBeEmpty();
        var instance = h.Instance(id);
        instance.DefinitionVersion.ShouldBe(2);
        instance.ActivityRuns["check"].ShouldBe(2);
        h.OpenTask(id).ActivityId.ShouldBe("call");
    }
}
