using Etrepaye.IntegrationTests.Infrastructure;
using Etrepaye.Procedures.Features;
using static Etrepaye.IntegrationTests.Templates.TemplateScenario;

namespace Etrepaye.IntegrationTests.Templates;

/// <summary>workflows/procedures/dispute-resolution.json on virtual time (French calendar: 1 May, 8 May and 14 May 2026 are holidays).</summary>
public sealed class DisputeResolutionTemplateTests(DemoHostFixture fixture) : IClassFixture<DemoHostFixture>
{
    private const string TemplateId = "dispute-resolution";
    private static readonly Dictionary<string, string> _keys = new()
    {
        ["customer"] = "0195f000-0000-7000-8000-0000000c0003",
        ["dispute"] = "0195f000-0000-7000-8000-00000000d150",
    };

    private readonly EtrepayeFactory _factory = fixture.Factory;

    [Fact]
    public async Task Simulate_WhenTheDepartmentRejectsTheDisputeInTime_RoutesItThenEndsRejected()
    {
        var (client, procedure) = await ProcedureAsync();

        var run = await SimulateAsync(client, procedure, At(2026, 4, 13), null, _keys, [new(At(2026, 4, 16), Event: "DisputeRejected")]);

        Timeline(run).ShouldBe(["2026-04-13 route Done", "2026-04-16 waitOwner Rejected", "2026-04-16 rejected"]);
        run.Effects.Select(e => e.Type).ShouldBe(["disputes.route"]);
        run.Tasks.ShouldBeEmpty();
        run.ShouldEnd("Completed", "Rejected");
    }

    [Fact]
    public async Task Simulate_WhenNobodyAnswersOverTheMayHolidays_TheCreditManagerDecidesACreditNote()
    {
        var (client, procedure) = await ProcedureAsync();

        var run = await SimulateAsync(client, procedure, At(2026, 4, 29), null, _keys,
        [
            new(At(2026, 5, 11), Task: "escalate", Outcome: "CreditNote"),
            new(At(2026, 5, 12), Event: "DisputeResolved"),
        ]);

        // Opened Wednesday 29 April: 5 business days are 30 April, 4, 5, 6 and 7 May (1 May is a holiday), so the credit manager gets it on
        // Friday 8 May, itself a holiday: the task is due 2 business days later, Tuesday 12 May.
        Timeline(run).ShouldBe(["2026-04-29 route Done", "2026-05-08 waitOwner Timeout", "2026-05-11 escalate CreditNote", "2026-05-12 waitDecision Resolved", "2026-05-12 resolved"]);
        Tasks(run).ShouldBe(["2026-05-08 escalate due 2026-05-12"]);
        run.ShouldEnd("Completed", "Resolved");
    }

    private async Task<(HttpClient Client, ProcedureResponse Procedure)> ProcedureAsync()
    {
        var client = await _factory.SignInAsync(DemoUsers.CreditManager);
        return (client, await FromTemplateAsync(client, TemplateId));
    }
}
