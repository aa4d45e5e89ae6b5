using System.Net;
using System.Text;
using Etrepaye.Collection.Contracts;
using Etrepaye.CreditLimits.Scoring;
using Etrepaye.Disputes.Contracts;
using Etrepaye.IntegrationTests.Infrastructure;
using Etrepaye.Shared.Contracts;
using static Etrepaye.IntegrationTests.CreditLimits.CreditApi;
using static Etrepaye.IntegrationTests.Receivables.ReceivablesApi;

namespace Etrepaye.IntegrationTests.CreditLimits;

/// <summary>The internal score on inputs checked by hand, with each input's contribution.</summary>
public sealed class ScoreTests(DemoHostFixture fixture) : IClassFixture<DemoHostFixture>
{
    private static readonly Guid _company = EtrepayeFactory.DemoCompanyId;
    private readonly EtrepayeFactory _factory = fixture.Factory;

    private async Task PaidAsync(HttpClient client, Guid customerId, string issue, string due, string paidOn)
    {
        var invoice = await RecordAsync(client, _company, "invoices", customerId, 1_000m, issue, due);
        var payment = await RecordAsync(client, _company, "payments", customerId, 1_000m, paidOn);
        (await client.PostJsonAsync($"{Base(_company)}/allocations", new { sourceItemId = payment.Id, targetItemId = invoice.Id, amount = 1_000m, date = paidOn }))
            .EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task Score_OnHandCheckedInputs_GivesEachContributionAndTheRiskClass()
    {
        var manager = await _factory.SignInAsync(DemoUsers.CreditManager);
        await SetSettingsAsync(manager, _company);
        var customer = await NewCustomerAsync(manager, _company);
        var older = await manager.PostAsync($"{CreditUrl(_company)}/financial-statements/import", new StringContent(
            $"customerId;periodEnd;currency;equity;turnover;netResult;paymentIncidents\n{customer.Id};2024-12-31;EUR;10000;900000;-80000;4\n", Encoding.UTF8, "text/csv"));
        await older.ShouldHaveStatusAsync(HttpStatusCode.OK);
        await (await manager.PostJsonAsync($"{CreditUrl(_company)}/financial-statements", new
        {
            customerId = customer.Id, periodEnd = "2025-12-31", currency = "EUR", equity = 150_000m, turnover = 1_000_000m, netResult = 50_000m, paymentIncidents = 1,
        })).ShouldHaveStatusAsync(HttpStatusCode.OK);
        await PaidAsync(manager, customer.Id, "2026-01-01", "2026-01-31", "2026-02-20");
        await PaidAsync(manager, customer.Id, "2026-03-01", "2026-03-31", "2026-03-31");
        await PublishAsync(_factory.Services, new DisputeOpened(_company, customer.Id, Guid.NewGuid(), "price", [new DisputedInvoice(Guid.NewGuid(), new Money(100m, "EUR"))], Today.AddDays(-5)));
        await PublishAsync(_factory.Services, new PromiseBroken(_company, customer.Id, Guid.NewGuid(), Guid.NewGuid(), new Money(500m, "EUR"), Today.AddDays(-3), new Money(500m, "EUR")));

        ScoreResponse score = null!;
        await Eventually(async () =>
        {
            score = await (await manager.GetAsync($"{CreditUrl(_company)}/customers/{customer.Id}/score")).ReadAsync<ScoreResponse>();
            return score.Inputs.Single(i => i.Name == "collectionIncidents").Value == 1m && score.Inputs.Single(i => i.Name == "disputes").Value == 1m;
        }, "the dispute and the broken promise should be recorded");

        score.StatementPeriodEnd.ShouldBe(new DateOnly(2025, 12, 31));
        score.Inputs.Select(i => (i.Name, i.Value, i.SubScore, i.Weight, i.Contribution)).ShouldBe(
        [
            ("equityRatio", 0.15m, 50m, 20, 10m),               // 150,000 ÷ 1,000,000 = 0.15 → 0.15 ÷ 0.30 × 100
            ("netMargin", 0.05m, 66.67m, 20, 13.33m),            // (0.05 + 0.05) ÷ 0.15 × 100
            ("recordedIncidents", 1m, 75m, 15, 11.25m),          // 100 − 25 × 1
            ("averageDaysLate", 10m, 80m, 25, 20m),              // (20 + 0) ÷ 2 days → 100 − 2 × 10
            ("disputes", 1m, 90m, 10, 9m),                       // 100 − 10 × 1
            ("collectionIncidents", 1m, 80m, 10, 8m),            // 100 − 20 × 1
        ]);
        score.Score.ShouldBe(71.58m);                            // 7,158.33 ÷ 100
        score.RiskClass.ShouldBe("B");
        score.Inputs.ShouldAllBe(i => i.Included);
    }

    [Fact]
    public async Task Score_WithoutStatementsOrInvoices_LeavesThoseInputsOutAndReweights()
    {
        var manager = await _factory.SignInAsync(DemoUsers.CreditManager);
        await SetSettingsAsync(manager, _company, weights: new { equity = 30, profitability = 0, recordedIncidents = 10, daysLate = 40, disputes = 5, collectionIncidents = 15 });
        var customer = await NewCustomerAsync(manager, _company);

        var score = await (await manager.GetAsync($"{CreditUrl(_company)}/customers/{customer.Id}/score")).ReadAsync<ScoreResponse>();

        score.Inputs.Where(i => !i.Included).Select(i => i.Name).ShouldBe(["equityRatio", "netMargin", "recordedIncidents", "averageDaysLate"]);
        score.Inputs.Single(i => i.Name == "disputes").Contribution.ShouldBe(25m);             // 5 × 100 ÷ (5 + 15)
        score.Inputs.Single(i => i.Name == "collectionIncidents").Contribution.ShouldBe(75m);  // 15 × 100 ÷ 20
        (score.Score, score.RiskClass).ShouldBe((100m, "A"));
        await SetSettingsAsync(manager, _company);
    }
}
