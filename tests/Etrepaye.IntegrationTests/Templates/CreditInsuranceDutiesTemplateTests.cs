using Etrepaye.IntegrationTests.Infrastructure;
using Etrepaye.Procedures.Features;
using static Etrepaye.IntegrationTests.Templates.TemplateScenario;

namespace Etrepaye.IntegrationTests.Templates;

/// <summary>
/// workflows/procedures/credit-insurance-duties.json on virtual time (French calendar: 1 May 2026 is a holiday). The declaration example of
/// docs/guarantees.md: due 10 January, 60 days of maximum extension and 15 of declaration delay: the duty arises on 12 March, due 26 March.
/// </summary>
public sealed class CreditInsuranceDutiesTemplateTests(DemoHostFixture fixture) : IClassFixture<DemoHostFixture>
{
    private const string TemplateId = "credit-insurance-duties";
    private const string DutyId = "0195f000-0000-7000-8000-00000000b801";
    private static readonly Dictionary<string, string> _keys = new()
    {
        ["customer"] = "0195f000-0000-7000-8000-0000000c0006",
        ["duty"] = DutyId,
    };

    private readonly EtrepayeFactory _factory = fixture.Factory;

    [Fact]
    public async Task Simulate_WhenTheOverdueIsDeclaredBeforeTheDeadline_ClosesTheDutyWithTheInsurersReference()
    {
        var (client, procedure) = await ProcedureAsync();

        var run = await SimulateAsync(client, procedure, At(2026, 3, 12), Duty("DeclareOverdue", "2026-03-26"), _keys,
            [new(At(2026, 3, 20), Task: "declare", Outcome: "Declared", Values: new { insurerReference = "SIN-2026-0042" })]);

        Timeline(run).ShouldBe(["2026-03-20 declare Declared", "2026-03-20 done"]);
        Tasks(run).ShouldBe(["2026-03-12 declare due 2026-03-26"]);
        var close = run.Effects.ShouldHaveSingleItem();
        close.Type.ShouldBe("guarantees.close-duty");
        close.Payload.GetProperty("outcome").GetString().ShouldBe("Completed");
        close.Payload.GetProperty("insurerReference").GetString().ShouldBe("SIN-2026-0042");
        run.ShouldEnd("Completed", "Done");
    }

    [Fact]
    public async Task Simulate_WhenAPaymentPlanIsNotified_EndsDone()
    {
        var (client, procedure) = await ProcedureAsync();

        var run = await SimulateAsync(client, procedure, At(2026, 4, 6), Duty("NotifyPaymentPlan", "2026-04-21"), _keys,
            [new(At(2026, 4, 9), Task: "notify", Outcome: "Declared", Values: new { insurerReference = "PLAN-77" })]);

        Timeline(run).ShouldBe(["2026-04-09 notify Declared", "2026-04-09 done"]);
        run.Effects.ShouldHaveSingleItem().Type.ShouldBe("guarantees.close-duty");
        run.ShouldEnd("Completed", "Done");
    }

    [Fact]
    public async Task Simulate_WhenTheInvoiceIsPaidBeforeTheDeadline_CancelsTheDuty()
    {
        var (client, procedure) = await ProcedureAsync();

        var run = await SimulateAsync(client, procedure, At(2026, 3, 12), Duty("DeclareOverdue", "2026-03-26"), _keys,
            [new(At(2026, 3, 16), Task: "declare", Outcome: "NotNeeded")]);

        run.Effects.ShouldHaveSingleItem().Payload.GetProperty("outcome").GetString().ShouldBe("Cancelled");
        run.ShouldEnd("Completed", "NotNeeded");
    }

    [Fact]
    public async Task Simulate_WhenTheDeadlinePassesOnAHoliday_TheAdministratorDeclaresWithin2BusinessDays()
    {
        var (client, procedure) = await ProcedureAsync();

        var run = await SimulateAsync(client, procedure, At(2026, 4, 16), Duty("DeclareOverdue", "2026-04-30"), _keys,
            [new(At(2026, 5, 4), Task: "late", Outcome: "Declared", Values: new { insurerReference = "SIN-2026-0051" })]);

        // Missed on Thursday 30 April: the administrator's task appears on 1 May, a holiday, and is due 2 business days later, Tuesday 5 May.
        Timeline(run).ShouldBe(["2026-05-01 declare Timeout", "2026-05-04 late Declared", "2026-05-04 doneLate"]);
        Tasks(run).ShouldBe(["2026-04-16 declare due 2026-04-30", "2026-05-01 late due 2026-05-05"]);
        run.Tasks.Last().Role.ShouldBe("Administrator");
        run.ShouldEnd("Completed", "DoneLate");
    }

    private static object Duty(string dutyType, string deadline) => new { dutyId = DutyId, dutyType, deadline };

    private async Task<(HttpClient Client, ProcedureResponse Procedure)> ProcedureAsync()
    {
        var client = await _factory.SignInAsync(DemoUsers.CreditManager);
        return (client, await FromTemplateAsync(client, TemplateId));
    }
}
