using Etrepaye.IntegrationTests.Infrastructure;
using Etrepaye.Procedures.Features;
using static Etrepaye.IntegrationTests.Templates.TemplateScenario;

namespace Etrepaye.IntegrationTests.Templates;

/// <summary>
/// workflows/procedures/standard-b2b-collection.json on virtual time. The invoice falls due on Tuesday 31 March 2026; the collection
/// case opens the next day (no start input: the due date is the day before), or the procedure follows the invoice from its issue
/// (the invoice given as input, as the back-test does). French calendar: 1 May, 8 May and Ascension (14 May 2026) are holidays.
/// </summary>
public sealed class StandardCollectionTemplateTests(DemoHostFixture fixture) : IClassFixture<DemoHostFixture>
{
    private const string TemplateId = "standard-b2b-collection";
    private static readonly Dictionary<string, string> _keys = new()
    {
        ["customer"] = "0195f000-0000-7000-8000-0000000c0001",
        ["case"] = "0195f000-0000-7000-8000-0000000ca5e1",
    };

    private static readonly DateTimeOffset _caseOpened = At(2026, 4, 1, 0, 30);
    private readonly EtrepayeFactory _factory = fixture.Factory;

    [Fact]
    public async Task Simulate_WhenALargeInvoiceIsPaidBeforeItsDueDate_SendsOnlyTheCourtesyReminder()
    {
        var (client, procedure) = await ProcedureAsync();

        var run = await SimulateAsync(client, procedure, At(2026, 3, 2), new { invoice = new { id = "F-100", dueDate = "2026-03-31", amount = "8000 EUR" } }, _keys,
            [new(At(2026, 3, 28, 11), Event: "InvoicePaid")]);

        Timeline(run).ShouldBe(["2026-03-26 courtesy Done"]);
        run.ShouldEnd("Completed", "Paid");
    }

    [Fact]
    public async Task Simulate_WhenASmallInvoiceIsFollowedFromItsIssue_SendsNoCourtesyReminder()
    {
        var (client, procedure) = await ProcedureAsync();

        var run = await SimulateAsync(client, procedure, At(2026, 3, 2), new { invoice = new { id = "F-101", dueDate = "2026-03-31", amount = "800 EUR" } }, _keys,
            [new(At(2026, 4, 4, 11), Event: "InvoicePaid")]);

        Timeline(run).ShouldBe(["2026-04-03 reminder1 Done"]);
        run.ShouldEnd("Completed", "Paid");
    }

    [Fact]
    public async Task Simulate_WhenTheCaseIsPaidAfterReminder1_EndsSettledWithOneReminder()
    {
        var (client, procedure) = await ProcedureAsync();

        var run = await SimulateAsync(client, procedure, _caseOpened, null, _keys, [new(At(2026, 4, 6), Event: "CollectionCaseClosed")]);

        Timeline(run).ShouldBe(["2026-04-03 reminder1 Done"]);
        run.Effects.ShouldHaveSingleItem().Type.ShouldBe("collection.send-message");
        run.ShouldEnd("Completed", "Settled");
    }

    [Fact]
    public async Task Simulate_WhenAPromiseIsKept_ResumesAtTheNextDateUntilTheCaseIsSettled()
    {
        var (client, procedure) = await ProcedureAsync();
        List<ScenarioStep> steps = [Promise(At(2026, 4, 13), "2026-04-17")];
        var promiseId = IdOf(await SimulateAsync(client, procedure, _caseOpened, null, _keys, steps, At(2026, 4, 14)), "collection.record-promise");
        steps.Add(new(At(2026, 4, 16), Event: "PromiseKept", Keys: new Dictionary<string, string> { ["promise"] = promiseId }));
        steps.Add(new(At(2026, 4, 21, 12), Event: "CollectionCaseClosed"));

        var run = await SimulateAsync(client, procedure, _caseOpened, null, _keys, steps);

        Timeline(run).ShouldBe(
        [
            "2026-04-03 reminder1 Done",
            "2026-04-10 reminder2 Done",
            "2026-04-13 call1 Promise",
            "2026-04-16 promise Kept",
            "2026-04-20 informAccountManager Done",
        ]);
        Tasks(run).ShouldBe(["2026-04-10 call1 due 2026-04-14", "2026-04-20 call2 due 2026-04-22"]);
        run.ShouldEnd("Completed", "Settled");
    }

    [Fact]
    public async Task Simulate_WhenAPromiseIsBroken_JumpsToTheNextEscalationAtOnce()
    {
        var (client, procedure) = await ProcedureAsync();
        List<ScenarioStep> steps = [Promise(At(2026, 4, 13), "2026-04-17")];
        var promiseId = IdOf(await SimulateAsync(client, procedure, _caseOpened, null, _keys, steps, At(2026, 4, 14)), "collection.record-promise");
        steps.Add(new(At(2026, 4, 22, 8), Event: "PromiseBroken", Keys: new Dictionary<string, string> { ["promise"] = promiseId }));
        steps.Add(new(At(2026, 5, 4), Event: "CollectionCaseClosed"));

        var run = await SimulateAsync(client, procedure, _caseOpened, null, _keys, steps);

        // Promised for Friday 17 April: + 2 business days is Tuesday 21; the check runs at the start of Wednesday 22.
        run.Effects.Where(e => e.Type == "collection.check-promise").Select(e => Date(e.At)).ShouldBe(["2026-04-22"]);
        Timeline(run).ShouldBe(
        [
            "2026-04-03 reminder1 Done",
            "2026-04-10 reminder2 Done",
            "2026-04-13 call1 Promise",
            "2026-04-22 promise Broken",
            "2026-04-22 informAccountManager Done",
            "2026-04-25 call2 Timeout",
            "2026-04-30 formalNotice Done",
            "2026-04-30 block Done",
        ]);
        run.ShouldEnd("Completed", "Settled");
    }

    [Fact]
    public async Task Simulate_WhenHolidaysFallInBusinessDayWaits_ThePromiseGraceAndTheCallDueDateMoveOverThem()
    {
        var (client, procedure) = await ProcedureAsync();
        List<ScenarioStep> steps = [Promise(At(2026, 4, 13), "2026-04-30")];
        var promiseId = IdOf(await SimulateAsync(client, procedure, _caseOpened, null, _keys, steps, At(2026, 4, 14)), "collection.record-promise");
        steps.Add(new(At(2026, 5, 6, 9), Event: "PromiseBroken", Keys: new Dictionary<string, string> { ["promise"] = promiseId }));
        steps.Add(new(At(2026, 5, 13), Event: "CollectionCaseClosed"));

        var run = await SimulateAsync(client, procedure, _caseOpened, null, _keys, steps);

        // Promised for Thursday 30 April: Friday 1 May is a holiday, so + 2 business days is Tuesday 5 May (not Monday 4), checked on the 6th.
        // The second call, created on Wednesday 6 May, is due 2 business days later: Friday 8 May is a holiday, so Monday 11 May.
        run.Effects.Where(e => e.Type == "collection.check-promise").Select(e => Date(e.At)).ShouldBe(["2026-05-06"]);
        Tasks(run).ShouldBe(["2026-04-10 call1 due 2026-04-14", "2026-05-06 call2 due 2026-05-11"]);
        Timeline(run).ShouldBe(
        [
            "2026-04-03 reminder1 Done",
            "2026-04-10 reminder2 Done",
            "2026-04-13 call1 Promise",
            "2026-05-06 promise Broken",
            "2026-05-06 informAccountManager Done",
            "2026-05-12 call2 Timeout",
            "2026-05-12 formalNotice Done",
            "2026-05-12 block Done",
        ]);
        run.ShouldEnd("Completed", "Settled");
    }

    [Fact]
    public async Task Simulate_WhenADisputeIsOpenedThenRejected_NothingIsSentMeanwhileAndTheSequenceResumesWhereItStood()
    {
        var (client, procedure) = await ProcedureAsync();

        var run = await SimulateAsync(client, procedure, _caseOpened, null, _keys,
        [
            new(At(2026, 4, 5), Event: "DisputeOpened"),
            new(At(2026, 4, 14), Event: "DisputeRejected"),
            new(At(2026, 4, 15), Event: "CollectionCaseClosed"),
        ]);

        // Reminder 2 was due on 10 April, during the dispute: it goes out when the rejection resumes the procedure.
        Timeline(run).ShouldBe(["2026-04-03 reminder1 Done", "2026-04-14 reminder2 Done"]);
        run.Steps.ShouldContain(s => s.Kind == "InstanceSuspended" && Date(s.At) == "2026-04-05");
        Tasks(run).ShouldBe(["2026-04-14 call1 due 2026-04-16"]);
        run.ShouldEnd("Completed", "Settled");
    }

    [Fact]
    public async Task Simulate_WhenNobodyPaysAndTheCreditManagerChoosesTheAgency_HandsOverAndTheAgencyRecovers()
    {
        var (client, procedure) = await ProcedureAsync();

        var run = await SimulateAsync(client, procedure, _caseOpened, null, _keys,
        [
            new(At(2026, 5, 18), Task: "decide", Outcome: "Agency"),
            new(At(2026, 6, 10), Event: "CollectionCaseClosed"),
        ]);

        Timeline(run).ShouldBe(
        [
            "2026-04-03 reminder1 Done",
            "2026-04-10 reminder2 Done",
            "2026-04-15 call1 Timeout",
            "2026-04-20 informAccountManager Done",
            "2026-04-23 call2 Timeout",
            "2026-04-30 formalNotice Done",
            "2026-04-30 block Done",
            "2026-05-18 decide Agency",
        ]);
        Tasks(run).ShouldBe(["2026-04-10 call1 due 2026-04-14", "2026-04-20 call2 due 2026-04-22", "2026-05-15 decide due 2026-05-22"]);
        run.Effects.Where(e => e.Type == "collection.agency-handover").Select(e => Date(e.At)).ShouldBe(["2026-05-18"]);
        run.ShouldEnd("Completed", "Settled");
    }

    [Fact]
    public async Task Simulate_WhenTheCreditManagerDoesNotDecide_TheCaseGoesToTheAgencyAfterFiveBusinessDays()
    {
        var (client, procedure) = await ProcedureAsync();

        var run = await SimulateAsync(client, procedure, _caseOpened, null, _keys, [], At(2026, 6, 30));

        Timeline(run).TakeLast(1).ShouldBe(["2026-05-23 decide Timeout"]);
        run.Effects.Where(e => e.Type == "collection.agency-handover").Select(e => Date(e.At)).ShouldBe(["2026-05-23"]);
        run.Escalations.Select(e => e.ActivityId).ShouldBe(["call1", "call2", "decide"]);
        run.ShouldEnd("Running", null);
    }

    private static ScenarioStep Promise(DateTimeOffset at, string date) =>
        new(at, Task: "call1", Outcome: "Promise", Values: new { promisedDate = date, promisedAmount = "8000 EUR" });

    private async Task<(HttpClient Client, ProcedureResponse Procedure)> ProcedureAsync()
    {
        var client = await _factory.SignInAsync(DemoUsers.CreditManager);
        return (client, await FromTemplateAsync(client, TemplateId));
    }
}
