using System.Net;
using System.Net.Http.Json;
using Etrepaye.IntegrationTests.Infrastructure;
using Etrepaye.Receivables.Features.GetImport;
using Etrepaye.Receivables.Features.ListCustomers;
using Etrepaye.Receivables.Features.ListImports;
using Etrepaye.Receivables.Features.SaveImportMapping;
using Etrepaye.Receivables.Features.SetExchangeRate;
using Etrepaye.Shared.Contracts;
using static Etrepaye.IntegrationTests.Receivables.ReceivablesApi;

namespace Etrepaye.IntegrationTests.Receivables;

/// <summary>A member of the demo company tries to see or touch the second company's ledger.</summary>
public sealed class ReceivablesIsolationTests(DemoHostFixture fixture) : IClassFixture<DemoHostFixture>
{
    private static readonly Guid _companyA = EtrepayeFactory.DemoCompanyId;
    private static readonly Guid _companyB = EtrepayeFactory.DemoClientCompanyId;
    private readonly EtrepayeFactory _factory = fixture.Factory;

    public static TheoryData<string> CompanyBResources => new()
    {
        "/receivables/customers",
        "/receivables/exchange-rates",
        "/receivables/import-mappings",
        "/receivables/imports",
        "/receivables/aged-balance?asOf=2026-01-31",
        "/receivables/kpis?asOf=2026-01-31",
    };

    [Theory]
    [MemberData(nameof(CompanyBResources))]
    public async Task GetCompanyBLedger_WhenCallerIsOnlyMemberOfA_Returns404(string resource)
    {
        var operatorOfA = await _factory.SignInAsync(DemoUsers.Operator);

        var response = await operatorOfA.GetAsync($"/api/companies/{_companyB}{resource}");

        await response.ShouldHaveStatusAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task LedgerOfB_WhenAddressedThroughCompanyAOrByAMemberOfAOnly_IsNeverSeen()
    {
        var admin = await _factory.SignInAsync(DemoUsers.Admin);
        var operatorOfA = await _factory.SignInAsync(DemoUsers.Operator);
        var customerOfB = await CreateCustomerAsync(admin, _companyB);
        var invoiceOfB = await RecordAsync(admin, _companyB, "invoices", customerOfB.Id, 100m, "2026-01-05");
        var mappingOfB = await (await admin.PostJsonAsync($"{Base(_companyB)}/import-mappings", new
        {
            name = NewReference("b-map"),
            definition = new { dateFormats = new[] { "yyyy-MM-dd" }, defaultCurrency = "EUR", columns = new { customerReference = "c", itemReference = "i", issueDate = "d", amount = "a" } },
        })).ReadAsync<ImportMappingResponse>();
        var importOfB = await ImportAsync(admin, _companyB, "c,i,d,a\nB1,B-1,2026-01-05,10.00\n", mappingId: mappingOfB.Id);
        (await admin.PutAsJsonAsync($"{Base(_companyB)}/exchange-rates", new { date = "2026-01-01", fromCurrency = "GBP", toCurrency = "EUR", rate = 1.17m }, Json.Options))
            .EnsureSuccessStatusCode();

        string[] throughA =
        [
            $"{Base(_companyA)}/customers/{customerOfB.Id}",
            $"{Base(_companyA)}/customers/{customerOfB.Id}/items",
            $"{Base(_companyA)}/customers/{customerOfB.Id}/statement?asOf=2026-01-31",
            $"{Base(_companyA)}/customers/{customerOfB.Id}/statement.pdf?asOf=2026-01-31",
            $"{Base(_companyA)}/customers/{customerOfB.Id}/group/aged-balance?asOf=2026-01-31",
            $"{Base(_companyA)}/customers/{customerOfB.Id}/group/balances?asOf=2026-01-31",
            $"{Base(_companyA)}/items/{invoiceOfB.Id}",
            $"{Base(_companyA)}/import-mappings/{mappingOfB.Id}",
            $"{Base(_companyA)}/imports/{importOfB.Id}",
        ];
        foreach (var url in throughA)
        {
            await (await admin.GetAsync(url)).ShouldHaveStatusAsync(HttpStatusCode.NotFound);
            await (await operatorOfA.GetAsync(url)).ShouldHaveStatusAsync(HttpStatusCode.NotFound);
        }

        string[] directlyInB =
        [
            $"{Base(_companyB)}/customers/{customerOfB.Id}",
            $"{Base(_companyB)}/customers/{customerOfB.Id}/statement.pdf?asOf=2026-01-31",
            $"{Base(_companyB)}/customers/{customerOfB.Id}/group/balances?asOf=2026-01-31",
            $"{Base(_companyB)}/items/{invoiceOfB.Id}",
            $"{Base(_companyB)}/imports/{importOfB.Id}",
        ];
        foreach (var url in directlyInB)
        {
            await (await operatorOfA.GetAsync(url)).ShouldHaveStatusAsync(HttpStatusCode.NotFound);
        }

        var allocate = await operatorOfA.PostJsonAsync($"{Base(_companyA)}/allocations", new { sourceItemId = invoiceOfB.Id, targetItemId = invoiceOfB.Id });
        await allocate.ShouldHaveStatusAsync(HttpStatusCode.NotFound);
        var record = await operatorOfA.PostJsonAsync($"{Base(_companyA)}/invoices", new { customerId = customerOfB.Id, reference = "X-1", issueDate = "2026-01-05", amount = 5m });
        await record.ShouldHaveStatusAsync(HttpStatusCode.UnprocessableEntity);
        var importWithBMapping = await UploadAsync(operatorOfA, _companyA, "c,i,d,a\nA1,A-1,2026-01-05,10.00\n", mappingId: mappingOfB.Id);
        await importWithBMapping.ShouldHaveStatusAsync(HttpStatusCode.UnprocessableEntity);

        var customersOfA = await (await admin.GetAsync($"{Base(_companyA)}/customers?pageSize=200")).ReadAsync<PagedResult<CustomerSummaryResponse>>();
        customersOfA.Items.ShouldNotContain(c => c.Id == customerOfB.Id || c.Reference == "B1");
        var importsOfA = await (await admin.GetAsync($"{Base(_companyA)}/imports?pageSize=200")).ReadAsync<PagedResult<ImportSummaryResponse>>();
        importsOfA.Items.ShouldNotContain(i => i.Id == importOfB.Id);
        var mappingsOfA = await (await admin.GetAsync($"{Base(_companyA)}/import-mappings?pageSize=200")).ReadAsync<PagedResult<ImportMappingResponse>>();
        mappingsOfA.Items.ShouldNotContain(m => m.Id == mappingOfB.Id);
        var ratesOfA = await (await admin.GetAsync($"{Base(_companyA)}/exchange-rates?pageSize=200")).ReadAsync<PagedResult<ExchangeRateResponse>>();
        ratesOfA.Items.ShouldNotContain(r => r.FromCurrency == "GBP");
        var agedOfA = await (await admin.GetAsync($"{Base(_companyA)}/aged-balance?asOf=2026-01-31&pageSize=200"))
            .ReadAsync<Etrepaye.Receivables.Features.GetAgedBalance.AgedBalanceResponse>();
        agedOfA.Customers.Items.ShouldNotContain(c => c.CustomerId == customerOfB.Id);
        var statementOfB = await (await admin.GetAsync($"{Base(_companyB)}/imports/{importOfB.Id}")).ReadAsync<ImportResponse>();
        statementOfB.ItemsCreated.ShouldBe(1);
    }
}
