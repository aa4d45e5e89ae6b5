using Etrepaye.IntegrationTests.Infrastructure;
using Etrepaye.Procedures.Features;
using static Etrepaye.IntegrationTests.Templates.TemplateScenario;

namespace Etrepaye.IntegrationTests.Templates;

/// <summary>
/// workflows/procedures/small-company-collection.json on virtual time: reminder on due + 1, call on due + 8, formal notice on due + 15,
/// agency on due + 20. The invoice falls due on Tuesday 31 March 2026 and the case opens on 1 April; French calendar.
/// </summary>
public sealed class SmallCompanyCollectionTemplateTests(DemoHostFixture fixture) : IClassFixture<DemoHostFixture>
{
    private const string TemplateId = "small-company-collection";
    private static readonly Dictionary<string, string> _keys = new()
    {
        ["customer"] = "0195f000-0000-7000-8000-0000000c0002",
        ["case"] = "0195f000-0000-7000-8000-0000000ca5e2",
    };

    private static readonly DateTimeOffset _caseOpened = At(2026, 4, 1, 0, 30);
    private readonly EtrepayeFactory _factory = fixture.Factory;

    [Fact]
    public async Task Simulate_WhenTheInvoiceIsPaidOnItsDueDate_DoesNothing()
    {
        var (client, procedure) = await ProcedureAsync();

        var run = await SimulateAsync(client, procedure, At(2026, 3, 2), new { invoice = new { id = "F-200", dueDate = "2026-03-31", amount = "8000 EUR" } }, _keys,
            [new(At(2026, 3, 31, 15), Event: "InvoicePaid")]);

        Timeline(run).ShouldBeEmpty();
        run.Effects.ShouldBeEmpty();
        run.ShouldEnd("Completed", "Paid");
    }

    [Fact]
    public async Task Simulate_WhenTheCaseIsPaidAfterTheReminder_EndsSettledWithOneReminder()
    {
        var (client, procedure) = await ProcedureAsync();

        var run = await SimulateAsync(client, procedure, _caseOpened, null, _keys, [new(At(2026, 4, 3), Event: "CollectionCaseClosed")]);

        Timeline(run).ShouldBe(["2026-04-01 reminder Done"]);
        run.ShouldEnd("Completed", "Settled");
    }

    [Fact]
    public async Task Simulate_WhenAPromiseIsKept_NoFormalNoticeGoesOutBeforeTheCaseIsSettled()
    {
        var (client, procedure) = await ProcedureAsync();
        List<ScenarioStep> steps = [Promise(At(2026, 4, 9), "2026-04-14")];
        var promiseId = IdOf(await SimulateAsync(client, procedure, _caseOpened, null, _keys, steps, At(2026, 4, 10)), "collection.record-promise");
        steps.Add(new(At(2026, 4, 13), Event: "PromiseKept", Keys: new Dictionary<string, string> { ["promise"] = promiseId }));
        steps.Add(new(At(2026, 4, 14), Event: "CollectionCaseClosed"));

        var run = await SimulateAsync(client, procedure, _caseOpened, null, _keys, steps);

        Timeline(run).ShouldBe(["2026-04-01 reminder Done", "2026-04-09 call Promise", "2026-04-13 promise Kept"]);
        Tasks(run).ShouldBe(["2026-04-08 call due 2026-04-10"]);
        run.ShouldEnd("Completed", "Settled");
    }

    [Fact]
    public async Task Simulate_WhenAPromiseIsBroken_SendsTheFormalNoticeAtOnceAndHandsOverOnDuePlus20()
    {
        var (client, procedure) = await ProcedureAsync();
        List<ScenarioStep> steps = [Promise(At(2026, 4, 9), "2026-04-14")];
        var promiseId = IdOf(await SimulateAsync(client, procedure, _caseOpened, null, _keys, steps, At(2026, 4, 10)), "collection.record-promise");
        steps.Add(new(At(2026, 4, 17, 8), Event: "PromiseBroken", Keys: new Dictionary<string, string> { ["promise"] = promiseId }));
        steps.Add(new(At(2026, 5, 5), Event: "CollectionCaseClosed"));

        var run = await SimulateAsync(client, procedure, _caseOpened, null, _keys, steps);

        // Promised for Tuesday 14 April: + 2 business days is Thursday 16, checked at the start of Friday 17.
        run.Effects.Where(e => e.Type == "collection.check-promise").Select(e => Date(e.At)).ShouldBe(["2026-04-17"]);
        Timeline(run).ShouldBe(["2026-04-01 reminder Done", "2026-04-09 call Promise", "2026-04-17 promise Broken", "2026-04-17 formalNotice Done"]);
        run.Effects.Where(e => e.Type == "collection.agency-handover").Select(e => Date(e.At)).ShouldBe(["2026-04-20"]);
        run.ShouldEnd("Completed", "Settled");
    }

    [Fact]
    public async Task Simulate_WhenAHolidayFallsInThePromiseGrace_TheCheckMovesPastIt()
    {
        var (client, procedure) = await ProcedureAsync();
        List<ScenarioStep> steps = [Promise(At(2026, 4, 9), "2026-04-30")];
        var promiseId = IdOf(await SimulateAsync(client, procedure, _caseOpened, null, _keys, steps, At(2026, 4, 10)), "collection.record-promise");
        steps.Add(new(At(2026, 5, 6, 9), Event: "PromiseBroken", Keys: new Dictionary<string, string> { ["promise"] = promiseId }));
        steps.Add(new(At(2026, 5, 13), Event: "CollectionCaseClosed"));

        var run = await SimulateAsync(client, procedure, _caseOpened, null, _keys, steps);

        // Thursday 30 April + 2 business days: Friday 1 May is a holiday, so Tuesday 5 May; the check runs on the 6th, not the 5th.
        run.Effects.Where(e => e.Type == "collection.check-promise").Select(e => Date(e.At)).ShouldBe(["2026-05-06"]);
        Timeline(run).ShouldBe(["2026-04-01 reminder Done", "2026-04-09 call Promise", "2026-05-06 promise Broken", "2026-05-06 formalNotice Done"]);
        run.Effects.Where(e => e.Type == "collection.agency-handover").Select(e => Date(e.At)).ShouldBe(["2026-05-06"]);
        run.ShouldEnd("Completed", "Settled");
    }

    [Fact]
    public async Task Simulate_WhenADisputeIsOpenedThenRejected_TheCallWaitsForTheRejection()
    {
        var (client, procedure) = await ProcedureAsync();

        var run = await SimulateAsync(client, procedure, _caseOpened, null, _keys,
        [
            new(At(2026, 4, 3), Event: "DisputeOpened"),
            new(At(2026, 4, 10), Event: "DisputeRejected"),
            new(At(2026, 4, 13), Event: "CollectionCaseClosed"),
        ]);

        // The call was due on 8 April, during the dispute: it is asked for when the rejection resumes the procedure.
        Timeline(run).ShouldBe(["2026-04-01 reminder Done"]);
        Tasks(run).ShouldBe(["2026-04-10 call due 2026-04-14"]);
        run.Steps.ShouldContain(s => s.Kind == "InstanceSuspended" && Date(s.At) == "2026-04-03");
        run.ShouldEnd("Completed", "Settled");
    }

    [Fact]
    public async Task Simulate_WhenNobodyAnswersOrPays_HandsOverOnDuePlus20AndTheAgencyRecovers()
    {
        var (client, procedure) = await ProcedureAsync();

        var run = await SimulateAsync(client, procedure, _caseOpened, null, _keys, [new(At(2026, 5, 20), Event: "CollectionCaseClosed")]);

        Timeline(run).ShouldBe(["2026-04-01 reminder Done", "2026-04-11 call Timeout", "2026-04-15 formalNotice Done"]);
        run.Effects.Where(e => e.Type == "collection.agency-handover").Select(e => Date(e.At)).ShouldBe(["2026-04-20"]);
        run.Escalations.ShouldHaveSingleItem().ActivityId.ShouldBe("call");
        run.ShouldEnd("Completed", "Settled");
    }

    private static ScenarioStep Promise(DateTimeOffset at, string date) =>
        new(at, Task: "call", Outcome: "Promise", Values: new { promisedDate = date, promisedAmount = "8000 EUR" });

    private async Task<(HttpClient Client, ProcedureResponse Procedure)> ProcedureAsync()
    {
        var client = await _factory.SignInAsync(DemoUsers.CreditManager);
        return (client, await FromTemplateAsync(client, TemplateId));
    }
}
