using System.Net;
using System.Net.Http.Json;
using Etrepaye.IntegrationTests.Infrastructure;
using Etrepaye.Receivables.Contracts;
using Etrepaye.Receivables.Features;
using Etrepaye.Receivables.Features.GetAgedBalance;
using Etrepaye.Receivables.Features.GetCustomerGroupAgedBalance;
using Etrepaye.Receivables.Features.GetCustomerGroupBalances;
using static Etrepaye.IntegrationTests.Receivables.ReceivablesApi;

namespace Etrepaye.IntegrationTests.Receivables;

/// <summary>A parent customer with subsidiaries at two levels: its aged balance and balances consolidated.</summary>
public sealed class CustomerGroupTests(DemoHostFixture fixture) : IClassFixture<DemoHostFixture>
{
    private static readonly Guid _company = EtrepayeFactory.DemoCompanyId;
    private readonly EtrepayeFactory _factory = fixture.Factory;

    [Fact]
    public async Task GroupReports_WhenAParentHasSubsidiariesOnTwoLevels_ConsolidateThemAndLeaveOthersOut()
    {
        var admin = await _factory.SignInAsync(DemoUsers.Admin);
        var (parent, subsidiary, grandchild) = await GroupAsync(admin);
        var outsider = await CreateCustomerAsync(admin, _company);
        await RecordAsync(admin, _company, "invoices", parent.Id, 100m, "2026-01-02", "2026-02-01");
        await RecordAsync(admin, _company, "invoices", subsidiary.Id, 200m, "2026-03-01", "2026-03-31");
        await RecordAsync(admin, _company, "payments", subsidiary.Id, 30m, "2026-03-05");
        await RecordAsync(admin, _company, "invoices", grandchild.Id, 50m, "2026-02-01", "2026-03-01", currency: "USD");
        await RecordAsync(admin, _company, "invoices", outsider.Id, 999m, "2026-01-02", "2026-02-01");
        (await admin.PutAsJsonAsync($"{Base(_company)}/exchange-rates", new { date = "2026-01-01", fromCurrency = "USD", toCurrency = "EUR", rate = 0.8m })).EnsureSuccessStatusCode();

        var aged = await (await admin.GetAsync($"{Base(_company)}/customers/{parent.Id}/group/aged-balance?asOf=2026-03-15")).ReadAsync<CustomerGroupAgedBalanceResponse>();
        var balances = await (await admin.GetAsync($"{Base(_company)}/customers/{parent.Id}/group/balances?asOf=2026-03-15")).ReadAsync<CustomerGroupBalancesResponse>();
        var ofSubsidiary = await (await admin.GetAsync($"{Base(_company)}/customers/{subsidiary.Id}/group/balances?asOf=2026-03-15")).ReadAsync<CustomerGroupBalancesResponse>();

        aged.MemberCount.ShouldBe(3);
        aged.Members.Items.Select(m => m.CustomerId).ShouldBe([parent.Id, subsidiary.Id, grandchild.Id]);
        var eur = aged.Totals.Single(t => t.Currency == "EUR");
        (eur.NotDue, eur.Buckets[1], eur.TotalOpen, eur.UnappliedCredits, eur.Balance).ShouldBe(
            (new AgedAmount(200m, 1), new AgedAmount(100m, 1), new AgedAmount(300m, 2), new AgedAmount(30m, 1), 270m));
        aged.Totals.Single(t => t.Currency == "USD").Buckets[0].ShouldBe(new AgedAmount(50m, 1));
        aged.ReportingCurrencyTotal.Line!.TotalOpen.Amount.ShouldBe(340m);
        aged.Members.Items.Single(m => m.CustomerId == grandchild.Id).Lines.Single().Currency.ShouldBe("USD");
        balances.Balances.ShouldBe([new CurrencyBalanceDto("EUR", 300m, 100m, 30m, 270m), new CurrencyBalanceDto("USD", 50m, 50m, 0m, 50m)]);
        balances.ReportingCurrencyBalance.ShouldBe(new CurrencyBalanceDto("EUR", 340m, 140m, 30m, 310m));
        balances.Members.Items.Single(m => m.CustomerId == parent.Id).Balances.ShouldBe([new CurrencyBalanceDto("EUR", 100m, 100m, 0m, 100m)]);
        (ofSubsidiary.MemberCount, ofSubsidiary.ReportingCurrencyBalance!.OpenDebits).ShouldBe((2, 240m));
    }

    [Fact]
    public async Task GroupAgedBalance_OfACustomerWithoutSubsidiariesInTheReportingCurrency_ReadsNoExchangeRateInThreeCommands()
    {
        var admin = await _factory.SignInAsync(DemoUsers.Admin);
        var customer = await CreateCustomerAsync(admin, _company);
        await RecordAsync(admin, _company, "invoices", customer.Id, 120m, "2026-01-02", "2026-02-01");
        (await admin.PutAsJsonAsync($"{Base(_company)}/exchange-rates", new { date = "2026-01-01", fromCurrency = "GBP", toCurrency = "EUR", rate = 1.2m })).EnsureSuccessStatusCode();
        using var counter = await SqlCommandCounter.StartAsync();

        var (response, trace) = await SqlCommandCounter.SendAsync(admin, new HttpRequestMessage(HttpMethod.Get, $"{Base(_company)}/customers/{customer.Id}/group/aged-balance?asOf=2026-03-15"));
        var aged = await response.ReadAsync<CustomerGroupAgedBalanceResponse>();

        // The settings, the customer with its direct subsidiaries, the sums; no rate (nothing to convert), no second level.
        var commands = counter.CommandsOf(trace).Where(sql => sql.Contains("receivables", StringComparison.Ordinal)).ToList();
        commands.Count.ShouldBe(3, string.Join("\n---\n", commands));
        commands.ShouldNotContain(sql => sql.Contains("exchange_rates", StringComparison.Ordinal));
        (aged.MemberCount, aged.ReportingCurrencyTotal.Line!.TotalOpen.Amount, aged.ReportingCurrencyTotal.RatesUsed.Count, aged.ReportingCurrencyTotal.MissingRates.Count)
            .ShouldBe((1, 120m, 0, 0));
    }

    [Fact]
    public async Task UpdateCustomer_WhenTheNewParentIsItsOwnSubsidiary_Returns422()
    {
        var admin = await _factory.SignInAsync(DemoUsers.Admin);
        var (parent, _, grandchild) = await GroupAsync(admin);

        var response = await admin.PutAsJsonAsync($"{Base(_company)}/customers/{parent.Id}",
            new { name = parent.Name, currency = "EUR", parentCustomerId = grandchild.Id, version = parent.Version });

        (await response.ShouldHaveStatusAsync(HttpStatusCode.UnprocessableEntity)).ErrorFields().ShouldContain("parentCustomerId");
    }

    [Fact]
    public async Task GroupReports_WhenAsOfIsMissing_Return400NamingIt()
    {
        var admin = await _factory.SignInAsync(DemoUsers.Admin);
        var customer = await CreateCustomerAsync(admin, _company);

        var aged = await admin.GetAsync($"{Base(_company)}/customers/{customer.Id}/group/aged-balance?basis=never");
        var balances = await admin.GetAsync($"{Base(_company)}/customers/{customer.Id}/group/balances");

        (await aged.ShouldHaveStatusAsync(HttpStatusCode.BadRequest)).ErrorFields().ShouldBe(["asOf", "basis"], ignoreOrder: true);
        (await balances.ShouldHaveStatusAsync(HttpStatusCode.BadRequest)).ErrorFields().ShouldBe(["asOf"]);
    }

    private static async Task<(CustomerResponse Parent, CustomerResponse Subsidiary, CustomerResponse Grandchild)> GroupAsync(HttpClient client)
    {
        var parent = await CreateCustomerAsync(client, _company);
        async Task<CustomerResponse> Child(Guid parentId) =>
            await (await client.PostJsonAsync($"{Base(_company)}/customers", new { reference = NewReference("SUB"), name = "Filiale", currency = "EUR", parentCustomerId = parentId }))
                .ReadAsync<CustomerResponse>();
        var subsidiary = await Child(parent.Id);
        return (parent, subsidiary, await Child(subsidiary.Id));
    }
}
