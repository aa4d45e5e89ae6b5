using System.Net;
using Etrepaye.IntegrationTests.Infrastructure;
using Etrepaye.Receivables.Features.GetTopOverdueCustomers;
using static Etrepaye.IntegrationTests.Receivables.ReceivablesApi;

namespace Etrepaye.IntegrationTests.Receivables;

/// <summary>The dashboard's top overdue customers, through the HTTP API.</summary>
public sealed class TopOverdueCustomersTests(DemoHostFixture fixture) : IClassFixture<DemoHostFixture>
{
    private static readonly Guid _company = EtrepayeFactory.DemoCompanyId;
    private readonly EtrepayeFactory _factory = fixture.Factory;

    [Fact]
    public async Task TopOverdue_WhenCustomersOweInTwoCurrencies_RanksEachCurrencyByOverdueAmountWithoutAddingCurrencies()
    {
        var admin = await _factory.SignInAsync(DemoUsers.Admin);
        var entity = NewReference("LE")[..12];
        var small = await CreateCustomerAsync(admin, _company, legalEntityCode: entity);
        var large = await CreateCustomerAsync(admin, _company, legalEntityCode: entity);
        var dollars = await CreateCustomerAsync(admin, _company, currency: "USD", legalEntityCode: entity);
        var notDue = await CreateCustomerAsync(admin, _company, legalEntityCode: entity);
        await RecordAsync(admin, _company, "invoices", small.Id, 100m, "2025-01-01", "2025-01-31");
        await RecordAsync(admin, _company, "invoices", large.Id, 300m, "2025-01-01", "2025-01-31");
        await RecordAsync(admin, _company, "invoices", large.Id, 200m, "2024-09-01", "2024-10-01");
        await RecordAsync(admin, _company, "invoices", large.Id, 999m, "2025-02-01", "2025-03-31");
        await RecordAsync(admin, _company, "invoices", dollars.Id, 50m, "2025-01-01", "2025-01-31", currency: "USD");
        await RecordAsync(admin, _company, "invoices", notDue.Id, 700m, "2025-02-01", "2025-03-31");

        var viewer = await _factory.SignInAsync(DemoUsers.Viewer);
        var top = await (await viewer.GetAsync($"{Base(_company)}/reports/top-overdue?asOf=2025-02-10&entity={entity}")).ReadAsync<TopOverdueCustomersResponse>();

        top.Customers.Select(c => (c.CustomerId, c.Currency, c.Overdue, c.OverdueCount, c.OldestBucket)).ShouldBe(
        [
            (large.Id, "EUR", 500m, 2, "> 90"),
            (small.Id, "EUR", 100m, 1, "1-30"),
            (dollars.Id, "USD", 50m, 1, "1-30"),
        ]);
        top.Customers[0].Reference.ShouldBe(large.Reference);

        var limited = await (await viewer.GetAsync($"{Base(_company)}/reports/top-overdue?asOf=2025-02-10&entity={entity}&currency=EUR&limit=1")).ReadAsync<TopOverdueCustomersResponse>();
        limited.Customers.ShouldHaveSingleItem().CustomerId.ShouldBe(large.Id);
    }

    [Theory]
    [InlineData("limit=10", "asOf")]
    [InlineData("asOf=2025-02-10&limit=0", "limit")]
    [InlineData("asOf=2025-02-10&currency=EURO", "currency")]
    public async Task TopOverdue_WhenAQueryValueIsWrong_Returns400NamingIt(string queryString, string field)
    {
        var viewer = await _factory.SignInAsync(DemoUsers.Viewer);

        var response = await viewer.GetAsync($"{Base(_company)}/reports/top-overdue?{queryString}");

        (await response.ShouldHaveStatusAsync(HttpStatusCode.BadRequest)).ErrorFields().ShouldBe([field]);
    }

    [Fact]
    public async Task TopOverdue_WhenCallerIsOnlyMemberOfAnotherCompany_Returns404()
    {
        var operatorOfA = await _factory.SignInAsync(DemoUsers.Operator);

        var response = await operatorOfA.GetAsync($"{Base(EtrepayeFactory.DemoClientCompanyId)}/reports/top-overdue?asOf=2025-02-10");

        await response.ShouldHaveStatusAsync(HttpStatusCode.NotFound);
    }
}
