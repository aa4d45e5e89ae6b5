using System.Net;
using Etrepaye.Guarantees.Contracts;
using Etrepaye.Guarantees.Features.GetCover;
using Etrepaye.Guarantees.Features.Reports;
using Etrepaye.IntegrationTests.Infrastructure;
using Etrepaye.Shared.Tenancy;
using Microsoft.Extensions.DependencyInjection;
using static Etrepaye.IntegrationTests.Guarantees.GuaranteesApi;
using static Etrepaye.IntegrationTests.Receivables.ReceivablesApi;

namespace Etrepaye.IntegrationTests.Guarantees;

/// <summary>The cover of a customer on a date, across guarantee types, insurance and currencies.</summary>
public sealed class CoverTests(DemoHostFixture fixture) : IClassFixture<DemoHostFixture>
{
    private static readonly Guid _company = EtrepayeFactory.DemoCompanyId;
    private readonly EtrepayeFactory _factory = fixture.Factory;

    [Fact]
    public async Task Cover_OnADate_AddsActiveGuaranteesAndInsuredLimitsOfEveryTypeConvertedToTheCustomerCurrency()
    {
        var manager = await _factory.SignInAsync(DemoUsers.CreditManager);
        var customer = await CreateCustomerAsync(manager, _company, "EUR");
        await SetRateAsync(manager, _company, "USD", "EUR", 0.9m);
        await SetRateAsync(manager, _company, "EUR", "GBP", 0.8m);
        await CreateActiveAsync(manager, _company, customer.Id, "BankGuarantee", 100_000m, "EUR", "2030-01-01", "2030-06-30");
        await CreateActiveAsync(manager, _company, customer.Id, "StandbyLetterOfCredit", 50_000m, "USD", "2030-01-01", "2030-12-31");
        await CreateActiveAsync(manager, _company, customer.Id, "Deposit", 8_000m, "GBP", "2030-01-01", "2031-12-31");
        await CreateAsync(manager, _company, customer.Id, "ParentCompanyGuarantee", 20_000m, "EUR", "2030-01-01", "2030-12-31");
        await CreateActiveAsync(manager, _company, customer.Id, "DocumentaryLetterOfCredit", 5_000m, "EUR", "2030-04-01", "2030-12-31");
        var policy = await CreatePolicyAsync(manager, _company, "EUR", 90m);
        await GrantLimitAsync(manager, _company, policy.Id, customer.Id, 200_000m, "2030-01-15");

        var cover = await (await manager.GetAsync($"{Url(_company)}/cover?customerId={customer.Id}&asOf=2030-03-01")).ReadAsync<CoverResponse>();

        cover.Currency.ShouldBe("EUR");
        cover.MissingRates.ShouldBeEmpty();
        cover.Lines.Select(l => (l.Type, l.Amount)).OrderBy(l => l.Type).ShouldBe(
        [
            ("BankGuarantee", 100_000m),
            ("Deposit", 10_000m),
            ("InsuredLimit", 180_000m),
            ("StandbyLetterOfCredit", 45_000m),
        ]);
        cover.Total.ShouldBe(335_000m);

        await using var scope = _factory.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<RequestContext>().EnterCompanyAsSystem(_company, "credit-limits");
        var inUsd = await scope.ServiceProvider.GetRequiredService<IGuaranteeCover>().GetCoverAsync(_company, customer.Id, new DateOnly(2030, 5, 1), "USD", CancellationToken.None);
        inUsd.ShouldNotBeNull();
        inUsd.Lines.Count.ShouldBe(5);
        inUsd.Lines.Single(l => l.Type == "StandbyLetterOfCredit").Amount.ShouldBe(50_000m);
        inUsd.Lines.Single(l => l.Type == "BankGuarantee").Amount.ShouldBe(111_111.11m);
        inUsd.MissingRates.ShouldBe(["GBP/USD"]);
        inUsd.Total.ShouldBe(inUsd.Lines.Sum(l => l.Amount ?? 0m));
    }

    [Fact]
    public async Task Cover_TheDayAfterExpiry_NoLongerCountsTheGuarantee()
    {
        var manager = await _factory.SignInAsync(DemoUsers.CreditManager);
        var customer = await CreateCustomerAsync(manager, _company, "EUR");
        await CreateActiveAsync(manager, _company, customer.Id, "BankGuarantee", 70_000m, "EUR", "2030-01-01", "2030-06-30", claimDeadline: "2030-07-31");

        var onExpiry = await (await manager.GetAsync($"{Url(_company)}/cover?customerId={customer.Id}&asOf=2030-06-30")).ReadAsync<CoverResponse>();
        var dayAfter = await (await manager.GetAsync($"{Url(_company)}/cover?customerId={customer.Id}&asOf=2030-07-01")).ReadAsync<CoverResponse>();
        var dayBeforeStart = await (await manager.GetAsync($"{Url(_company)}/cover?customerId={customer.Id}&asOf=2029-12-31")).ReadAsync<CoverResponse>();

        onExpiry.Total.ShouldBe(70_000m);
        dayAfter.Total.ShouldBe(0m);
        dayAfter.Lines.ShouldBeEmpty();
        dayBeforeStart.Total.ShouldBe(0m);
    }

    [Fact]
    public async Task Cover_WhenARateIsMissing_LeavesTheLineOutOfTheTotalAndSaysWhich()
    {
        var manager = await _factory.SignInAsync(DemoUsers.CreditManager);
        var customer = await CreateCustomerAsync(manager, _company, "EUR");
        await CreateActiveAsync(manager, _company, customer.Id, "BankGuarantee", 1_000m, "EUR", "2030-01-01", "2030-12-31");
        await CreateActiveAsync(manager, _company, customer.Id, "BankGuarantee", 9_000m, "CHF", "2030-01-01", "2030-12-31");

        var cover = await (await manager.GetAsync($"{Url(_company)}/cover?customerId={customer.Id}&asOf=2030-03-01")).ReadAsync<CoverResponse>();

        cover.Total.ShouldBe(1_000m);
        cover.MissingRates.ShouldBe(["CHF/EUR"]);
        cover.Lines.Single(l => l.OriginalCurrency == "CHF").Amount.ShouldBeNull();
    }

    [Fact]
    public async Task Reports_OnADate_GiveCoverByTypeExpiringGuaranteesAndUninsuredExposure()
    {
        var manager = await _factory.SignInAsync(DemoUsers.CreditManager);
        var customer = await CreateCustomerAsync(manager, _company, "EUR");
        await RecordAsync(manager, _company, "invoices", customer.Id, 50_000m, "2030-01-10", "2030-02-10");
        await CreateActiveAsync(manager, _company, customer.Id, "BankGuarantee", 20_000m, "EUR", "2030-01-01", "2030-03-20");
        await CreateActiveAsync(manager, _company, customer.Id, "Deposit", 5_000m, "EUR", "2030-01-01", "2030-05-15");

        var cover = await (await manager.GetAsync($"{Url(_company)}/reports/cover?asOf=2030-03-01&pageSize=200")).ReadAsync<CoverReportResponse>();
        var expiring = await (await manager.GetAsync($"{Url(_company)}/reports/expiring?asOf=2030-03-01")).ReadAsync<ExpiringReportResponse>();
        var exposure = await (await manager.GetAsync($"{Url(_company)}/reports/uninsured-exposure?asOf=2030-03-01&pageSize=200")).ReadAsync<UninsuredExposureReportResponse>();

        cover.AsOf.ShouldBe(new DateOnly(2030, 3, 1));
        var row = cover.Customers.Items.Single(c => c.CustomerId == customer.Id);
        row.Total.ShouldBe(25_000m);
        row.ByType.Select(t => (t.Type, t.Amount)).ShouldBe([("BankGuarantee", 20_000m), ("Deposit", 5_000m)]);
        expiring.Buckets.Select(b => (b.FromDays, b.ToDays)).ShouldBe([(0, 30), (31, 60), (61, 90)]);
        expiring.Buckets[0].Guarantees.ShouldContain(g => g.CustomerId == customer.Id && g.Amount == 20_000m && g.DaysLeft == 19);
        expiring.Buckets[2].Guarantees.ShouldContain(g => g.CustomerId == customer.Id && g.Amount == 5_000m && g.DaysLeft == 75);
        var line = exposure.Customers.Items.Single(c => c.CustomerId == customer.Id);
        (line.Exposure, line.Cover, line.Uninsured).ShouldBe((50_000m, 25_000m, 25_000m));
        exposure.AsOf.ShouldBe(new DateOnly(2030, 3, 1));
    }

    [Fact]
    public async Task GetCover_WhenTheCustomerIsUnknown_Returns404()
    {
        var manager = await _factory.SignInAsync(DemoUsers.CreditManager);

        var response = await manager.GetAsync($"{Url(_company)}/cover?customerId={Guid.NewGuid()}&asOf=2030-03-01");

        await response.ShouldHaveStatusAsync(HttpStatusCode.NotFound);
    }
}
