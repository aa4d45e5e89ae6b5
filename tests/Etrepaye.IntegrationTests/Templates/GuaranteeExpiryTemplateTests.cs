using Etrepaye.IntegrationTests.Infrastructure;
using Etrepaye.Procedures.Features;
using static Etrepaye.IntegrationTests.Templates.TemplateScenario;

namespace Etrepaye.IntegrationTests.Templates;

/// <summary>workflows/procedures/guarantee-expiry-and-call.json on virtual time: a guarantee expiring on 30 June 2026, claimable until 15 July.</summary>
public sealed class GuaranteeExpiryTemplateTests(DemoHostFixture fixture) : IClassFixture<DemoHostFixture>
{
    private const string TemplateId = "guarantee-expiry-and-call";
    private const string GuaranteeId = "0195f000-0000-7000-8000-00000000a701";
    private static readonly Dictionary<string, string> _keys = new()
    {
        ["customer"] = "0195f000-0000-7000-8000-0000000c0005",
        ["guarantee"] = GuaranteeId,
    };

    private static readonly object _guarantee = new { guaranteeId = GuaranteeId, expiryDate = "2026-06-30", claimDeadline = "2026-07-15" };
    private readonly EtrepayeFactory _factory = fixture.Factory;

    [Fact]
    public async Task Simulate_WhenTheCustomerRenewsIt_TheRenewalTaskComes30DaysBeforeAndItEndsRenewed()
    {
        var (client, procedure) = await ProcedureAsync();

        var run = await SimulateAsync(client, procedure, At(2026, 4, 1), _guarantee, _keys, [new(At(2026, 6, 2), Task: "remind", Outcome: "Renewed")]);

        Timeline(run).ShouldBe(["2026-06-02 remind Renewed", "2026-06-02 renewed"]);
        Tasks(run).ShouldBe(["2026-05-31 remind due 2026-06-30"]);
        run.Effects.ShouldBeEmpty();
        run.ShouldEnd("Completed", "Renewed");
    }

    [Fact]
    public async Task Simulate_WhenItIsNotRenewed_TheCreditManagerCallsItForTheAmountGiven()
    {
        var (client, procedure) = await ProcedureAsync();

        var run = await SimulateAsync(client, procedure, At(2026, 4, 1), _guarantee, _keys,
        [
            new(At(2026, 6, 5), Task: "remind", Outcome: "NotRenewed"),
            new(At(2026, 6, 10), Task: "decideCall", Outcome: "Call", Values: new { amount = "12000 EUR" }),
        ]);

        Timeline(run).ShouldBe(["2026-06-05 remind NotRenewed", "2026-06-10 decideCall Call", "2026-06-10 callGuarantee Done", "2026-06-10 called"]);
        Tasks(run).ShouldBe(["2026-05-31 remind due 2026-06-30", "2026-06-05 decideCall due 2026-07-15"]);
        var call = run.Effects.ShouldHaveSingleItem();
        call.Type.ShouldBe("guarantees.call");
        call.Payload.GetProperty("guaranteeId").GetString().ShouldBe(GuaranteeId);
        run.ShouldEnd("Completed", "Called");
    }

    [Fact]
    public async Task Simulate_WhenNotRenewedAndTheManagerLetsItLapse_EndsLapsedWithoutACall()
    {
        var (client, procedure) = await ProcedureAsync();

        var run = await SimulateAsync(client, procedure, At(2026, 4, 1), _guarantee, _keys,
            [new(At(2026, 6, 5), Task: "remind", Outcome: "NotRenewed"), new(At(2026, 6, 8), Task: "decideCall", Outcome: "Lapse")]);

        Timeline(run).ShouldBe(["2026-06-05 remind NotRenewed", "2026-06-08 decideCall Lapse", "2026-06-08 lapsed"]);
        run.Effects.ShouldBeEmpty();
        run.ShouldEnd("Completed", "Lapsed");
    }

    [Fact]
    public async Task Simulate_WhenNobodyAnswers_TheGuaranteeExpiresAndTheClaimDeadlinePasses()
    {
        var (client, procedure) = await ProcedureAsync();

        var run = await SimulateAsync(client, procedure, At(2026, 4, 1), _guarantee, _keys, []);

        // The renewal task is due on the expiry date: unanswered, the activity leaves through Expired the next day; the call decision is due
        // on the claim deadline and times out the day after it.
        Timeline(run).ShouldBe(["2026-07-01 remind Expired", "2026-07-16 decideCall Timeout", "2026-07-16 deadlinePassed"]);
        Tasks(run).ShouldBe(["2026-05-31 remind due 2026-06-30", "2026-07-01 decideCall due 2026-07-15"]);
        run.ShouldEnd("Completed", "ClaimDeadlinePassed");
    }

    private async Task<(HttpClient Client, ProcedureResponse Procedure)> ProcedureAsync()
    {
        var client = await _factory.SignInAsync(DemoUsers.CreditManager);
        return (client, await FromTemplateAsync(client, TemplateId));
    }
}
