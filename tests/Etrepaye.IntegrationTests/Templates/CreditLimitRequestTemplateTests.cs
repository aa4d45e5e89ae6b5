using Etrepaye.IntegrationTests.Infrastructure;
using Etrepaye.Procedures.Features;
using static Etrepaye.IntegrationTests.Templates.TemplateScenario;

namespace Etrepaye.IntegrationTests.Templates;

/// <summary>workflows/procedures/credit-limit-request.json on virtual time (French calendar: 1 May and 8 May 2026 are holidays).</summary>
public sealed class CreditLimitRequestTemplateTests(DemoHostFixture fixture) : IClassFixture<DemoHostFixture>
{
    private const string TemplateId = "credit-limit-request";
    private static readonly Dictionary<string, string> _keys = new()
    {
        ["customer"] = "0195f000-0000-7000-8000-0000000c0004",
        ["creditLimitRequest"] = "0195f000-0000-7000-8000-00000000e120",
    };

    private readonly EtrepayeFactory _factory = fixture.Factory;

    [Fact]
    public async Task Simulate_WhenTheMatrixNamesTheAnalystLevelAndItApproves_TheOperatorGetsTheTaskAndItEndsApproved()
    {
        var (client, procedure) = await ProcedureAsync();

        var run = await SimulateAsync(client, procedure, At(2026, 4, 13), Request("LimitChange", "Sales", 8_000m, "Operator"), _keys,
            [new(At(2026, 4, 14), Event: "CreditLimitRequestDecided", Payload: new { decision = "Approved", decidedBy = "analyst@demo", amount = "8000 EUR" })]);

        run.Tasks.Select(t => (t.ActivityId, t.Role, t.DueDate?.ToString("yyyy-MM-dd"))).ShouldBe([("decide", "Operator", "2026-04-16")]);
        run.ShouldEnd("Completed", "Approved");
    }

    [Fact]
    public async Task Simulate_WhenTheAmountIsAboveTheAnalystThreshold_TheCreditManagerDecides()
    {
        var (client, procedure) = await ProcedureAsync();

        var run = await SimulateAsync(client, procedure, At(2026, 4, 13), Request("LimitChange", "Sales", 250_000m, "CreditManager"), _keys,
            [new(At(2026, 4, 15), Event: "CreditLimitRequestDecided", Payload: new { decision = "Approved", decidedBy = "manager@demo", amount = "200000 EUR" })]);

        run.Tasks.Select(t => (t.ActivityId, t.Role)).ShouldBe([("decide", "CreditManager")]);
        run.ShouldEnd("Completed", "Approved");
    }

    [Fact]
    public async Task Simulate_WhenTheApproverRejects_EndsRejected()
    {
        var (client, procedure) = await ProcedureAsync();

        var run = await SimulateAsync(client, procedure, At(2026, 4, 13), Request("LimitChange", "Sales", 40_000m, "CreditManager"), _keys,
            [new(At(2026, 4, 14), Event: "CreditLimitRequestDecided", Payload: new { decision = "Rejected", decidedBy = "manager@demo", amount = "40000 EUR" })]);

        run.ShouldEnd("Completed", "Rejected");
    }

    [Fact]
    public async Task Simulate_WhenNobodyDecidesOverTheMayHolidays_RemindsTheApproverThenEscalatesToTheAdministrator()
    {
        var (client, procedure) = await ProcedureAsync();

        var run = await SimulateAsync(client, procedure, At(2026, 4, 28), Request("LimitChange", "Sales", 40_000m, "CreditManager"), _keys,
            [new(At(2026, 5, 12), Event: "CreditLimitRequestDecided", Payload: new { decision = "Approved", decidedBy = "admin@demo", amount = "40000 EUR" })]);

        // Tuesday 28 April + 3 business days (1 May a holiday) is Monday 4 May; overdue the next day, the reminder is due 2 business days later
        // (Thursday 7 May); overdue on the 8th (a holiday), the administrator's task is due 2 business days after it.
        run.Tasks.Select(t => $"{Date(t.CreatedAt)} {t.ActivityId} {t.Role} due {t.DueDate:yyyy-MM-dd}").ShouldBe(
        [
            "2026-04-28 decide CreditManager due 2026-05-04",
            "2026-05-05 remind CreditManager due 2026-05-07",
            "2026-05-08 escalate Administrator due 2026-05-12",
        ]);
        run.ShouldEnd("Completed", "Approved");
    }

    [Fact]
    public async Task Simulate_WhenThePeriodicReviewComes_TheAnalystPreparesItBeforeTheApproverDecides()
    {
        var (client, procedure) = await ProcedureAsync();

        var run = await SimulateAsync(client, procedure, At(2026, 4, 13), Request("Review", "PeriodicReview", 50_000m, "CreditManager"), _keys,
        [
            new(At(2026, 4, 15), Task: "prepareReview", Outcome: "Prepared"),
            new(At(2026, 4, 17), Event: "CreditLimitRequestDecided", Payload: new { decision = "Approved", decidedBy = "manager@demo", amount = "50000 EUR" }),
        ]);

        Timeline(run).ShouldBe(["2026-04-15 prepareReview Prepared"]);
        run.Tasks.Select(t => $"{Date(t.CreatedAt)} {t.ActivityId} {t.Role} due {t.DueDate:yyyy-MM-dd}").ShouldBe(
            ["2026-04-13 prepareReview Operator due 2026-04-20", "2026-04-15 decide CreditManager due 2026-04-20"]);
        run.ShouldEnd("Completed", "Approved");
    }

    private static object Request(string kind, string trigger, decimal amount, string approverRole) => new
    {
        requestId = _keys["creditLimitRequest"],
        kind,
        trigger,
        amount = $"{amount.ToString(System.Globalization.CultureInfo.InvariantCulture)} EUR",
        approverRole,
        reason = "Scenario",
    };

    private async Task<(HttpClient Client, ProcedureResponse Procedure)> ProcedureAsync()
    {
        var client = await _factory.SignInAsync(DemoUsers.CreditManager);
        return (client, await FromTemplateAsync(client, TemplateId));
    }
}
