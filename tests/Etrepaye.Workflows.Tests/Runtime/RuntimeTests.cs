using Etrepaye.Shared.Contracts;
using Etrepaye.Workflows.Definitions;
using Etrepaye.Workflows.Hosting;
using Etrepaye.Workflows.Runtime;
using Etrepaye.Workflows.Tests.Support;
using static Etrepaye.Workflows.Tests.Support.Wf;

namespace Etrepaye.Workflows.Tests.Runtime;

public sealed class RuntimeTests
{
    private static readonly VariableDeclaration[] _variables = [Var("amount", WorkflowType.Money, "6200 EUR"), Var("count", WorkflowType.Number, 0)];

    /// <summary>wait 30 days → remind → wait for payment (10 days) → end; handlers as given.</summary>
    private static WorkflowDefinition Dunning(params EventHandlerDefinition[] handlers) => Define(
        "wait",
        [
            A("wait", "workflow.wait-until", new { date = Expr("today() + 30 days") }),
            A("remind", "test.send-reminder", new { level = 1, amount = Expr("amount") }),
            A("waitPay", "workflow.wait-for-event", new { @event = "InvoicePaid", timeout = "10 days" }),
            A("paid", "workflow.end", new { outcome = "Paid" }),
            A("late", "workflow.end", new { outcome = "Late" }),
            A("promise", "workflow.wait-for-event", new { @event = "PromiseKept" }),
            A("kept", "workflow.end", new { outcome = "PromiseKept" }),
        ],
        [C("wait", "Done", "remind"), C("remind", "Done", "waitPay"), C("waitPay", "Received", "paid"), C("waitPay", "Timeout", "late"), C("promise", "Received", "kept")],
        _variables,
        handlers: handlers);

    [Fact]
    public async Task EventHandler_WhenGoToEventArrives_CancelsTheWaitAndContinuesThere()
    {
        var h = new Harness(Dunning(new EventHandlerDefinition { Event = "PromiseMade", Action = EventHandlerAction.GoTo, Activity = "promise" }));
        var id = await h.StartAsync();

        await h.PublishAsync("PromiseMade");

        var instance = h.Instance(id);
        instance.Executions.ShouldHaveSingleItem().ActivityId.ShouldBe("promise");
        instance.Timers.ShouldBeEmpty();
        h.Store.Timers.ShouldBeEmpty();
        h.Journal(id).ShouldContain(j => j.ActivityId == "wait" && j.Kind == JournalEntryKind.ActivityCancelled && j.Message == "interrupted by PromiseMade");
        await h.PublishAsync("PromiseKept");
        h.Instance(id).Outcome.ShouldBe("PromiseKept");
    }

    [Fact]
    public async Task EventHandler_WhenConditionIsFalse_IgnoresTheEventAndExplainsWhy()
    {
        var h = new Harness(Dunning(new EventHandlerDefinition
        {
            Event = "PaymentReceived",
            Action = EventHandlerAction.End,
            Outcome = "Paid",
            Condition = "event.paid >= amount",
            Payload = WorkflowType.Record(new RecordField("paid", WorkflowType.Money)),
        }));
        var id = await h.StartAsync();

        await h.PublishAsync("PaymentReceived", new { paid = "100 EUR", bank = "x" });

        h.Instance(id).Status.ShouldBe(InstanceStatus.Running);
        var ignored = h.Journal(id).Single(j => j.Kind == JournalEntryKind.EventIgnored);
        ignored.Why.ShouldHaveSingleItem().Reads.ShouldBe([new("event.paid", "100 EUR"), new("amount", "6200 EUR")]);

        await h.PublishAsync("PaymentReceived", new { paid = "6200 EUR" });

        h.Instance(id).Outcome.ShouldBe("Paid");
        h.Store.Timers.ShouldBeEmpty();
    }

    [Fact]
    public async Task EventHandler_WhenSuspendedUntilAnotherEvent_ParksWaitsAndShiftsTimersOnResume()
    {
        var h = new Harness(Dunning(new EventHandlerDefinition { Event = "DisputeOpened", Action = EventHandlerAction.SuspendUntil, Until = "DisputeResolved" }));
        var id = await h.StartAsync();
        var due = h.Store.Timers.Single().DueAt;

        await h.AdvanceAsync(TimeSpan.FromDays(10));
        await h.PublishAsync("DisputeOpened");
        h.Instance(id).Status.ShouldBe(InstanceStatus.Suspended);
        h.Store.Timers.ShouldBeEmpty();

        await h.AdvanceAsync(TimeSpan.FromDays(40));
        h.Store.Outbox.ShouldBeEmpty();
        await h.PublishAsync("DisputeResolved");

        h.Instance(id).Status.ShouldBe(InstanceStatus.Running);
        h.Store.Timers.Single().DueAt.ShouldBe(due + TimeSpan.FromDays(40));
        await h.AdvanceAsync(TimeSpan.FromDays(20));
        h.Store.Outbox.ShouldHaveSingleItem();
    }

    [Fact]
    public async Task Stimulus_WhenItArrivesBeforeItsBookmark_IsQueuedThenConsumed()
    {
        var h = new Harness(Dunning());
        var id = await h.StartAsync();
        await h.AdvanceAsync(TimeSpan.FromDays(25));

        var published = await h.PublishAsync("InvoicePaid", messageId: "bank-42");

        published.Status.ShouldBe(PublishStatus.Queued);
        h.Store.Pending.ShouldHaveSingleItem().Stimulus.MessageId.ShouldBe("bank-42");
        h.Instance(id).Status.ShouldBe(InstanceStatus.Running);

        await h.AdvanceAsync(TimeSpan.FromDays(5));

        h.Instance(id).Outcome.ShouldBe("Paid");
        h.Store.Pending.ShouldBeEmpty();
        h.Instance(id).ConsumedMessageIds.ShouldContain("bank-42");
    }

    [Fact]
    public async Task Stimulus_WhenQueuedPastItsRetention_IsDropped()
    {
        var h = new Harness(Dunning());
        var id = await h.StartAsync();
        await h.PublishAsync("InvoicePaid", messageId: "old");

        await h.AdvanceAsync(TimeSpan.FromDays(30));
        await h.AdvanceAsync(TimeSpan.FromDays(10));

        h.Instance(id).Outcome.ShouldBe("Late");
    }

    [Fact]
    public async Task Stimulus_WhenDeliveredTwice_ResumesOnce()
    {
        var h = new Harness(Define(
            "w",
            [A("w", "workflow.wait-for-event", new { @event = "Ping" }), A("count", "workflow.set-variable", new { variable = "count", value = Expr("count + 1") })],
            [C("w", "Received", "count"), C("count", "Done", "w")],
            _variables));
        var id = await h.StartAsync();

        (await h.PublishAsync("Ping", messageId: "m1")).Status.ShouldBe(PublishStatus.Delivered);
        (await h.PublishAsync("Ping", messageId: "m1")).Status.ShouldBe(PublishStatus.Duplicate);
        await h.PublishAsync("Ping", messageId: "m2");

        h.Instance(id).Variables["count"].ShouldBe(2m);
    }

    [Fact]
    public async Task Runtime_WhenTheSameStimulusReachesAnInstanceTwice_ReportsDuplicate()
    {
        var definition = Dunning();
        var runtime = new WorkflowRuntime(Harness.Catalog, Harness.Calendars, TimeProvider.System);
        var started = await runtime.StartAsync(definition, new StartWorkflow { InstanceId = Guid.NewGuid(), At = Harness.DefaultStart }, CancellationToken.None);
        var timer = started.Snapshot.Timers.Single();
        var waiting = (await runtime.HandleAsync(definition, started.Snapshot, new TimerDue(timer.Id, timer.DueAt), CancellationToken.None)).Snapshot;
        var stimulus = new Stimulus("InvoicePaid", new Dictionary<string, string>(), "m-1");

        var first = await runtime.HandleAsync(definition, waiting, new StimulusDelivered(stimulus), CancellationToken.None);
        var second = await runtime.HandleAsync(definition, waiting with { ConsumedMessageIds = first.Snapshot.ConsumedMessageIds }, new StimulusDelivered(stimulus), CancellationToken.None);

        first.Status.ShouldBe(StepStatus.Applied);
        first.Changes.ConsumedMessageId.ShouldBe("m-1");
        second.Status.ShouldBe(StepStatus.Duplicate);
        second.Changes.ShouldBeSameAs(WorkflowChanges.None);
    }

    [Fact]
    public async Task Runtime_WhenTheSameStepRunsTwice_ProducesTheSameSnapshotAndChanges()
    {
        var definition = Dunning();
        var runtime = new WorkflowRuntime(Harness.Catalog, Harness.Calendars, TimeProvider.System);
        var start = new StartWorkflow { InstanceId = Guid.Parse("0195f5a1-0000-7000-8000-000000000001"), At = Harness.DefaultStart, CorrelationKeys = Harness.Keys };

        var a = await runtime.StartAsync(definition, start, CancellationToken.None);
        var b = await runtime.StartAsync(definition, start, CancellationToken.None);
        var timer = a.Snapshot.Timers.Single();
        var stepA = await runtime.HandleAsync(definition, a.Snapshot, new TimerDue(timer.Id, timer.DueAt), CancellationToken.None);
        var stepB = await runtime.HandleAsync(definition, b.Snapshot, new TimerDue(timer.Id, timer.DueAt), CancellationToken.None);

        InstanceSnapshotSerializer.Serialize(stepA.Snapshot).ShouldBe(InstanceSnapshotSerializer.Serialize(stepB.Snapshot));
        stepA.Changes.Effects.Single().ShouldBe(stepB.Changes.Effects.Single(), new EffectComparer());
        stepA.Changes.TimersAdded.Single().ShouldBe(stepB.Changes.TimersAdded.Single());
        stepA.Snapshot.Version.ShouldBe(2);
    }

    [Fact]
    public async Task Runtime_WhenStepApplies_ReturnsTheChangeSetForTheHost()
    {
        var definition = Dunning();
        var runtime = new WorkflowRuntime(Harness.Catalog, Harness.Calendars, TimeProvider.System);
        var started = await runtime.StartAsync(definition, new StartWorkflow { InstanceId = Guid.NewGuid(), At = Harness.DefaultStart }, CancellationToken.None);
        var timer = started.Snapshot.Timers.Single();

        var step = await runtime.HandleAsync(definition, started.Snapshot, new TimerDue(timer.Id), CancellationToken.None);

        step.Changes.TimersRemoved.ShouldBe([timer.Id]);
        step.Changes.TimersAdded.ShouldHaveSingleItem().Tag.ShouldBe("timeout");
        step.Changes.BookmarksAdded.ShouldHaveSingleItem().EventName.ShouldBe("InvoicePaid");
        step.Changes.Effects.ShouldHaveSingleItem().IdempotencyKey.ShouldBe($"{started.Snapshot.InstanceId}:remind:1");
        step.Changes.Journal.Select(j => j.Kind).ShouldBe(
        [
            JournalEntryKind.ActivityResumed, JournalEntryKind.ActivityCompleted,
            JournalEntryKind.ActivityStarted, JournalEntryKind.ActivityCompleted,
            JournalEntryKind.ActivityStarted, JournalEntryKind.ActivitySuspended,
        ]);
    }

    [Fact]
    public async Task Runtime_WhenTimerIsNoLongerPending_IgnoresIt()
    {
        var definition = Dunning();
        var runtime = new WorkflowRuntime(Harness.Catalog, Harness.Calendars, TimeProvider.System);
        var started = await runtime.StartAsync(definition, new StartWorkflow { InstanceId = Guid.NewGuid(), At = Harness.DefaultStart }, CancellationToken.None);

        var step = await runtime.HandleAsync(definition, started.Snapshot, new TimerDue(Guid.NewGuid()), CancellationToken.None);

        step.Status.ShouldBe(StepStatus.Ignored);
        step.Snapshot.ShouldBeSameAs(started.Snapshot);
    }

    [Fact]
    public async Task Store_WhenTwoStepsRaceOnOneInstance_RejectsTheSecondCommit()
    {
        var h = new Harness(Dunning());
        var id = await h.StartAsync();
        var snapshot = h.Instance(id);
        var definition = h.Definitions.Find("test")!;
        var timer = snapshot.Timers.Single();
        var byTimer = await h.Runtime.HandleAsync(definition, snapshot, new TimerDue(timer.Id, timer.DueAt), CancellationToken.None);
        var byCancel = await h.Runtime.HandleAsync(definition, snapshot, new CancelInstance("operator"), CancellationToken.None);

        await h.Store.CommitAsync(byTimer.Snapshot, byTimer.Changes, snapshot.Version, CancellationToken.None);

        await Should.ThrowAsync<WorkflowConcurrencyException>(async () => await h.Store.CommitAsync(byCancel.Snapshot, byCancel.Changes, snapshot.Version, CancellationToken.None));
    }

    [Fact]
    public async Task Effects_WhenAnActivityRunsInALoop_GetOneIdempotencyKeyPerPass()
    {
        var h = new Harness(Define(
            "w",
            [
                A("w", "workflow.wait-until", new { date = Expr("today() + 7 days") }),
                A("remind", "test.send-reminder", new { level = Expr("count + 1") }),
                A("inc", "workflow.set-variable", new { variable = "count", value = Expr("count + 1") }),
                A("again", "workflow.decision", new { condition = Expr("count < 3") }),
            ],
            [C("w", "Done", "remind"), C("remind", "Done", "inc"), C("inc", "Done", "again"), C("again", "True", "w")],
            _variables));
        var id = await h.StartAsync();

        for (var week = 0; week < 4; week++)
        {
            await h.AdvanceAsync(TimeSpan.FromDays(7));
        }

        h.Store.Outbox.Select(e => e.IdempotencyKey).ShouldBe([$"{id}:remind:1", $"{id}:remind:2", $"{id}:remind:3"]);
        h.Store.Outbox.Select(e => e.Payload.GetProperty("level").GetDecimal()).ShouldBe([1m, 2m, 3m]);
        h.Instance(id).Status.ShouldBe(InstanceStatus.Completed);
    }

    [Fact]
    public async Task Incident_WhenActivityThrowsAndStrategyIsFault_FaultsTheInstanceAndDropsItsEffects()
    {
        var h = new Harness(Define("f", [A("f", "test.always-fail"), A("e", "workflow.end")], [C("f", "Done", "e")]));

        var id = await h.StartAsync();

        var instance = h.Instance(id);
        instance.Status.ShouldBe(InstanceStatus.Faulted);
        instance.Executions.ShouldHaveSingleItem().Status.ShouldBe(ExecutionStatus.Faulted);
        var incident = h.Store.Incidents.ShouldHaveSingleItem();
        incident.Message.ShouldBe("the letter service refused the address");
        incident.Resolution.ShouldBe(IncidentResolution.InstanceFaulted);
        h.Store.Outbox.ShouldBeEmpty();
        h.Journal(id).ShouldContain(j => j.Kind == JournalEntryKind.ActivityFaulted && j.ActivityId == "f");
    }

    [Fact]
    public async Task Incident_WhenStrategyIsContinue_EndsOnlyTheFailedBranch()
    {
        var h = new Harness(Define(
            "fork",
            [
                A("fork", "workflow.fork", new { branches = new[] { "A", "B" } }),
                A("f", "test.always-fail"),
                A("w", "workflow.wait-for-event", new { @event = "Go" }),
                A("r", "test.send-reminder", new { level = 1 }),
            ],
            [C("fork", "A", "f"), C("fork", "B", "w"), C("w", "Received", "r")],
            strategy: IncidentStrategy.Continue));
        var id = await h.StartAsync();

        h.Instance(id).Status.ShouldBe(InstanceStatus.Running);
        h.Store.Incidents.ShouldHaveSingleItem().Resolution.ShouldBe(IncidentResolution.BranchEnded);
        await h.PublishAsync("Go");

        h.Instance(id).Status.ShouldBe(InstanceStatus.Completed);
        h.Store.Outbox.ShouldHaveSingleItem();
    }

    [Fact]
    public async Task Incident_WhenRetryIsConfigured_RetriesWithBackoffTimersThenSucceeds()
    {
        var retry = new RetryPolicy { MaxAttempts = 4, Delay = TimeSpan.FromMinutes(1), Backoff = BackoffKind.Exponential };
        var h = new Harness(Define("x", [A("x", "test.flaky-call", new { succeedOnAttempt = 3 }, retry: retry)]));
        var id = await h.StartAsync();

        h.Store.Timers.ShouldHaveSingleItem().DueAt.ShouldBe(Harness.DefaultStart.AddMinutes(1));
        await h.AdvanceAsync(TimeSpan.FromMinutes(1));
        h.Store.Timers.ShouldHaveSingleItem().DueAt.ShouldBe(Harness.DefaultStart.AddMinutes(3));
        await h.AdvanceAsync(TimeSpan.FromMinutes(2));

        h.Instance(id).Status.ShouldBe(InstanceStatus.Completed);
        h.Store.Incidents.Select(i => (i.Attempt, i.Resolution)).ShouldBe([(1, IncidentResolution.Retrying), (2, IncidentResolution.Retrying)]);
        h.Store.Outbox.ShouldHaveSingleItem().IdempotencyKey.ShouldBe($"{id}:x:1");
    }

    [Fact]
    public async Task Incident_WhenRetriesAreExhausted_AppliesTheStrategy()
    {
        var retry = new RetryPolicy { MaxAttempts = 2, Delay = TimeSpan.FromSeconds(30) };
        var h = new Harness(Define("x", [A("x", "test.flaky-call", new { succeedOnAttempt = 5 }, retry: retry)]));
        var id = await h.StartAsync();

        await h.AdvanceAsync(TimeSpan.FromSeconds(30));

        h.Instance(id).Status.ShouldBe(InstanceStatus.Faulted);
        h.Store.Incidents.Select(i => i.Resolution).ShouldBe([IncidentResolution.Retrying, IncidentResolution.InstanceFaulted]);
        h.Store.Timers.ShouldBeEmpty();
    }

    [Fact]
    public async Task Incident_WhenAnExpressionFailsAtRunTime_NamesThePosition()
    {
        var h = new Harness(Define(
            "d",
            [A("d", "workflow.decision", new { condition = Expr("amount > other") })],
            variables: [Var("amount", WorkflowType.Money, "5 EUR"), Var("other", WorkflowType.Money, "5 USD")]));

        var id = await h.StartAsync();

        h.Instance(id).Status.ShouldBe(InstanceStatus.Faulted);
        h.Store.Incidents.Single().Message.ShouldContain("line 1, column 8: cannot combine 5 EUR and 5 USD");
    }

    [Fact]
    public async Task Step_WhenALoopNeverWaits_FaultsInsteadOfHanging()
    {
        var definition = Define(
            "inc",
            [A("inc", "workflow.set-variable", new { variable = "count", value = Expr("count + 1") })],
            [C("inc", "Done", "inc")],
            _variables);
        var runtime = new WorkflowRuntime(Harness.Catalog, Harness.Calendars, TimeProvider.System, new WorkflowRuntimeOptions { MaxActivitiesPerStep = 50 });

        var result = await runtime.StartAsync(definition, new StartWorkflow { InstanceId = Guid.NewGuid() }, CancellationToken.None);

        result.Snapshot.Status.ShouldBe(InstanceStatus.Faulted);
        result.Snapshot.Variables["count"].ShouldBe(50m);
        result.Changes.Journal[^1].Message.ShouldNotBeNull().ShouldContain("more than 50 activities without waiting");
    }

    [Fact]
    public async Task Start_WhenInputsAreMissingOrMistyped_Refuses()
    {
        var definition = Define("e", [A("e", "workflow.end")], inputs: [Var("amount", WorkflowType.Money, required: true), Var("segment", WorkflowType.Enum("SME", "Large"))]);
        var h = new Harness(definition);

        var exception = await Should.ThrowAsync<WorkflowInputException>(() => h.StartAsync(inputs: new { segment = "Tiny", extra = 1 }));

        exception.Problems.Count.ShouldBe(3);
    }

    [Fact]
    public async Task TriggerEvent_WhenPublished_StartsAnInstanceWithThePayloadAsInputs()
    {
        var definition = Define("e", [A("e", "workflow.end", new { outcome = Expr("\"got \" + invoiceId") })], inputs: [Var("invoiceId", WorkflowType.String, required: true)]) with
        {
            Start = new StartDefinition("e", "InvoiceOverdue"),
        };
        var h = new Harness(definition);

        var result = await h.PublishAsync("InvoiceOverdue", new { invoiceId = "F-7", ignored = true });

        var started = h.Instance(result.StartedInstances.ShouldHaveSingleItem());
        started.Outcome.ShouldBe("got F-7");
        started.CorrelationKeys.ShouldBe(Harness.Keys);
    }

    [Fact]
    public async Task Snapshot_WhenSerialized_RoundTripsTypedVariables()
    {
        var h = new Harness(Dunning(new EventHandlerDefinition { Event = "DisputeOpened", Action = EventHandlerAction.SuspendUntil, Until = "DisputeResolved" }));
        var id = await h.StartAsync();
        await h.PublishAsync("DisputeOpened");
        var snapshot = h.Instance(id);

        var json = InstanceSnapshotSerializer.Serialize(snapshot);
        var back = InstanceSnapshotSerializer.Deserialize(json, h.Definitions.Find("test")!);

        back.Variables["amount"].ShouldBe(new Money(6200m, "EUR"));
        back.Suspension!.ParkedTimers.ShouldHaveSingleItem().ShouldBe(snapshot.Suspension!.ParkedTimers[0]);
        InstanceSnapshotSerializer.Serialize(back).ShouldBe(json);
    }

    private sealed class EffectComparer : IEqualityComparer<EffectCommand>
    {
        public bool Equals(EffectCommand? x, EffectCommand? y) =>
            x is not null && y is not null && x.IdempotencyKey == y.IdempotencyKey && x.RequestedAt == y.RequestedAt && x.Payload.GetRawText() == y.Payload.GetRawText();

        public int GetHashCode(EffectCommand obj) => obj.IdempotencyKey.GetHashCode(StringComparison.Ordinal);
    }
}
