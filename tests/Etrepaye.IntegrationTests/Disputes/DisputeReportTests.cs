using System.Net;
using Etrepaye.Disputes.Features.GetDisputesReport;
using Etrepaye.IntegrationTests.Infrastructure;
using static Etrepaye.IntegrationTests.Disputes.DisputesApi;

namespace Etrepaye.IntegrationTests.Disputes;

/// <summary>The report on a database of its own: each figure is the one of its as-of date, before, on and after the disputes' days.</summary>
public sealed class DisputeReportTests(DemoHostFixture fixture) : IClassFixture<DemoHostFixture>
{
    private static readonly Guid _company = EtrepayeFactory.DemoCompanyId;
    private readonly EtrepayeFactory _factory = fixture.Factory;

    [Fact]
    public async Task Report_WhenAskedForSeveralDates_CountsWhatWasOpenAndClosedOnEachAndAgesTheOpenOnes()
    {
        var manager = await _factory.SignInAsync(DemoUsers.CreditManager);
        var (customer, invoices) = await CustomerWithInvoicesAsync(manager, _company, 1_000m, 600m);
        var kept = await OpenDisputeAsync(manager, _company, customer.Id, (invoices[0].Id, 400m));
        var rejected = await (await OpenAsync(manager, _company, customer.Id, "billing-error", (invoices[1].Id, null))).ReadAsync<Etrepaye.Disputes.Features.DisputeResponse>();
        await (await manager.PostJsonAsync($"{Url(_company)}/{rejected.Id}/reject", new { comment = "Invoice is right." })).ShouldHaveStatusAsync(HttpStatusCode.OK);
        var today = kept.OpenedOn;

        var before = await ReportAsync(manager, today.AddDays(-1));
        var onTheDay = await ReportAsync(manager, today);
        var later = await ReportAsync(manager, today.AddDays(45));
        var muchLater = await ReportAsync(manager, today.AddDays(120));

        (before.AsOf, before.OpenCount, before.ClosedCount, before.AverageResolutionDays).ShouldBe((today.AddDays(-1), 0, 0, (decimal?)null));
        before.OverdueShare.ShouldAllBe(s => s.DisputedOverdue == 0m);
        (onTheDay.AsOf, onTheDay.OpenCount, onTheDay.ClosedCount, onTheDay.AverageResolutionDays).ShouldBe((today, 1, 1, (decimal?)0m));
        onTheDay.AmountInDispute.ShouldBe([new CurrencyAmount("EUR", 400m)]);
        onTheDay.ByReason.ShouldBe([new DisputeGroupLine("quality", "EUR", 1, 400m)]);
        onTheDay.ByOwner.ShouldBe([new DisputeGroupLine("Logistics", "EUR", 1, 400m)]);
        onTheDay.ByAge.ShouldBe([new DisputeGroupLine("0-30", "EUR", 1, 400m)]);
        onTheDay.ByCustomer.ShouldHaveSingleItem().Key.ShouldBe($"{customer.Reference} {customer.Name}");
        var share = onTheDay.OverdueShare.Single(s => s.Currency == "EUR");
        share.DisputedOverdue.ShouldBe(400m);
        share.Share.ShouldBe(Math.Round(400m / share.Overdue, 4));
        later.ByAge.ShouldBe([new DisputeGroupLine("31-60", "EUR", 1, 400m)]);
        muchLater.ByAge.ShouldBe([new DisputeGroupLine("91+", "EUR", 1, 400m)]);
        (later.ClosedCount, muchLater.ClosedCount).ShouldBe((1, 1));
    }

    [Fact]
    public async Task Report_WhenTheDateIsNotADate_Returns400NamingAsOf()
    {
        var op = await _factory.SignInAsync(DemoUsers.Operator);

        var response = await op.GetAsync($"{Url(_company)}/reports?asOf=yesterday");

        (await response.ShouldHaveStatusAsync(HttpStatusCode.BadRequest)).ErrorFields().ShouldContain(f => f.Equals("asOf", StringComparison.OrdinalIgnoreCase));
    }

    private static async Task<DisputesReportResponse> ReportAsync(HttpClient client, DateOnly asOf) =>
        await (await client.GetAsync($"{Url(_company)}/reports?asOf={asOf:yyyy-MM-dd}")).ReadAsync<DisputesReportResponse>();
}
